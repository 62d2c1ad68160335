// The data lock. After it no rating, amendment, draft, blinding guess, assignment or consensus can
// change — outcome ratings and fidelity audits alike, since both live in the same tables: core
// refuses here (a readable error), and database triggers refuse underneath (migration 3), so no
// code path can write around it. Locking needs every assigned rating of trial data submitted, or
// the missing ones listed and confirmed by the manager as exceptions; and reliability in order
// (every pair passing its criterion, every disagreement resolved by consensus), or the manager's
// written reason for locking without it (./lockReliability.ts).
import { utcNow, type Db } from '../../../db/open';
import {
  getLock,
  getUnblinding,
  insertLock,
  latestSeal,
  listEmergencyUnblindings,
  sealedEntriesSince,
  hasSealedEntries,
  unsubmittedAssignments,
  type EmergencyUnblindingRow,
  type LockException,
  type LockRow,
  type SealRow,
  type UnblindingRow,
  type UnsubmittedRow,
} from '../../../db/repositories/closeout';
import { appendAudit } from '../audit/chain';
import { reliabilitySettings } from '../reliability/study';
import type { LockReliabilityView, ReliabilityOverrideView } from '../../common/contract';
import { CoreError } from '../../common/result';
import { hasReliabilityProblems, lockReliability, lockReliabilityOverride, MIN_RELIABILITY_REASON_LENGTH } from './lockReliability';

/** Kinds of sealed entry that make up the key a seal commits to (setup/seal keyContent). */
export const KEY_KINDS = ['allocation', 'recording', 'assignment_seed'] as const;

export interface CloseoutStatus {
  readonly lock: LockRow | null;
  readonly unblinding: UnblindingRow | null;
  /** Assignments without a submitted rating: the exceptions a lock would have to list. */
  readonly unsubmitted: readonly UnsubmittedRow[];
  readonly emergencyUnblindings: readonly EmergencyUnblindingRow[];
  readonly seal: SealRow | null;
  /** True when the sealed key gained entries after the latest seal (seal again before locking). */
  readonly keyChangedSinceSeal: boolean;
  /** Reliability problems a lock must confirm (none once locked). */
  readonly reliability: LockReliabilityView;
  /** The reason and problems confirmed when the study was locked over reliability, if it was. */
  readonly reliabilityOverride: ReliabilityOverrideView | null;
}

function keyChangedSinceSeal(db: Db, seal: SealRow | undefined): boolean {
  if (!hasSealedEntries(db, KEY_KINDS)) return false;
  return !seal || sealedEntriesSince(db, KEY_KINDS, seal.sealedAt) > 0;
}

export function closeoutStatus(db: Db): CloseoutStatus {
  const seal = latestSeal(db);
  const lock = getLock(db) ?? null;
  return {
    lock,
    unblinding: getUnblinding(db) ?? null,
    unsubmitted: unsubmittedAssignments(db),
    emergencyUnblindings: listEmergencyUnblindings(db),
    seal: seal ?? null,
    keyChangedSinceSeal: keyChangedSinceSeal(db, seal),
    reliability: lock ? { failing: [], unresolved: [], disagreementSize: reliabilitySettings(db).disagreementSize } : lockReliability(db),
    reliabilityOverride: lock ? lockReliabilityOverride(db) : null,
  };
}

const key = (e: { code: string; coder: string }) => `${e.code}\u0000${e.coder.toLowerCase()}`;

function describe(rows: readonly { code: string; coder: string }[], max = 10): string {
  const shown = rows.slice(0, max).map((r) => `${r.code} (${r.coder})`);
  return rows.length > max ? `${shown.join(', ')} and ${rows.length - max} more` : shown.join(', ');
}

export type LockReceipt = LockRow & { readonly reliabilityOverride: ReliabilityOverrideView | null };

/**
 * Locks the study. `confirmedExceptions` are the unsubmitted assignments the manager saw and
 * accepted; every assignment still unsubmitted must be among them, so a list confirmed on screen
 * cannot silently cover work that appeared unsubmitted later.
 */
export function lockStudy(
  db: Db,
  actor: string,
  options: { confirmedExceptions?: readonly { code: string; coder: string }[]; reliabilityReason?: string } = {},
): LockReceipt {
  return db.transaction(() => {
    const existing = getLock(db);
    if (existing) throw new CoreError('conflict', `The study is already locked (on ${existing.lockedAt} by ${existing.lockedBy})`);
    const seal = latestSeal(db);
    if (keyChangedSinceSeal(db, seal)) {
      throw new CoreError(
        'conflict',
        seal
          ? `The sealed key changed after the latest seal (${seal.sealedAt}): seal the study again before locking it`
          : 'The study was never sealed: seal it before locking it, so unblinding can be checked against the seal',
      );
    }
    const unsubmitted = unsubmittedAssignments(db);
    const confirmed = new Set((options.confirmedExceptions ?? []).map(key));
    const unconfirmed = unsubmitted.filter((u) => !confirmed.has(key(u)));
    if (unconfirmed.length > 0) {
      throw new CoreError(
        'conflict',
        `${unconfirmed.length} assigned rating${unconfirmed.length === 1 ? ' is' : 's are'} not submitted: ${describe(unconfirmed)}. ` +
          'Confirm them as exceptions to lock the study without them.',
      );
    }
    const reliability = lockReliability(db);
    const reason = options.reliabilityReason?.trim() ?? '';
    if (hasReliabilityProblems(reliability) && reason.length < MIN_RELIABILITY_REASON_LENGTH) {
      const parts = [
        reliability.failing.length > 0
          ? `${reliability.failing.length} coder pair × dimension${reliability.failing.length === 1 ? '' : 's'} fail${reliability.failing.length === 1 ? 's' : ''} the reliability criterion (${reliability.failing.map((f) => `${f.a}–${f.b} ${f.dimension}: ${f.message}`).slice(0, 5).join('; ')})`
          : null,
        reliability.unresolved.length > 0
          ? `${reliability.unresolved.length} disagreement${reliability.unresolved.length === 1 ? '' : 's'} of ${reliability.disagreementSize} point${reliability.disagreementSize === 1 ? '' : 's'} or more ha${reliability.unresolved.length === 1 ? 's' : 've'} no consensus (${describe(reliability.unresolved.map((u) => ({ code: u.code, coder: `${u.a}–${u.b}, ${u.dimension}` })), 5)})`
          : null,
      ].filter((p) => p !== null);
      throw new CoreError(
        'conflict',
        `${parts.join('; ')}. Resolve them, or give a reason of at least ${MIN_RELIABILITY_REASON_LENGTH} characters for locking without them: it is recorded in the audit log and printed in the analysis report.`,
      );
    }
    const exceptions: LockException[] = unsubmitted.map((u) => ({ code: u.code, coder: u.coder, purpose: u.purpose, kind: u.kind }));
    const lock: LockRow = { lockedAt: utcNow(), lockedBy: actor, exceptions };
    insertLock(db, lock);
    const override = hasReliabilityProblems(reliability) ? { reason, failing: reliability.failing, unresolved: reliability.unresolved } : null;
    appendAudit(db, {
      actor,
      action: 'study.lock',
      detail: { exceptions, ...(override ? { reliability: { failing: override.failing, unresolved: override.unresolved } } : {}) },
      ...(override ? { reason } : {}),
    });
    return { ...lock, reliabilityOverride: override };
  })();
}
