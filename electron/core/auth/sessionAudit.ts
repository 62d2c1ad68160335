// Audit entries for sessions that end without the user asking: time-outs and account changes.
// (Logins and logouts are audited by the calls that make them.)
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import type { SessionEndReason, SessionStore } from './sessions';

const AUDITED: Partial<Record<SessionEndReason, string>> = {
  idle: 'auth.session_timeout',
  max_age: 'auth.session_timeout',
  account_changed: 'auth.session_revoked',
};

export function auditSessionEnds(sessions: SessionStore, db: Db): void {
  sessions.onEnd((session, reason) => {
    const action = AUDITED[reason];
    if (!action || !db.open) return;
    appendAudit(db, { actor: session.name, action, detail: { reason } });
  });
}
