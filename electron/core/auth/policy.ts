// The study's account policy: lock-out after failed logins and session time-outs. Stored in the
// study's settings (key `accounts`) so a trial team can tighten it; the defaults follow NIST SP
// 800-63B §5.2.2 (throttle guessing, never lock an account for good) and OWASP's session guidance
// (an idle time-out plus an absolute one).
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import type { AccountPolicyView } from '../../common/contract';
import { CoreError } from '../../common/result';

export const DEFAULT_ACCOUNT_POLICY: AccountPolicyView = {
  maxFailures: 5,
  lockBaseMinutes: 1,
  lockMaxMinutes: 60,
  sessionIdleMinutes: 30,
  sessionMaxHours: 12,
};

const LIMITS: { readonly [K in keyof AccountPolicyView]: readonly [number, number, string] } = {
  maxFailures: [3, 20, 'failed logins before a lock-out'],
  lockBaseMinutes: [1, 60, 'minutes of the first lock-out'],
  lockMaxMinutes: [1, 24 * 60, 'minutes of the longest lock-out'],
  sessionIdleMinutes: [1, 24 * 60, 'idle minutes before a session ends'],
  sessionMaxHours: [1, 7 * 24, 'hours before any session ends'],
};

function checked(policy: AccountPolicyView): AccountPolicyView {
  for (const key of Object.keys(LIMITS) as (keyof AccountPolicyView)[]) {
    const [min, max, what] = LIMITS[key];
    const value = policy[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new CoreError('bad_input', `The ${what} must be a whole number from ${min} to ${max}`);
    }
  }
  if (policy.lockMaxMinutes < policy.lockBaseMinutes) throw new CoreError('bad_input', 'The longest lock-out cannot be shorter than the first');
  return policy;
}

/** The study's policy, each setting falling back to its default when absent or out of range. */
export function accountPolicy(db: Db): AccountPolicyView {
  const stored = getStudy(db)?.settings['accounts'];
  const merged: Record<string, number> = { ...DEFAULT_ACCOUNT_POLICY };
  if (stored && typeof stored === 'object') {
    for (const key of Object.keys(LIMITS) as (keyof AccountPolicyView)[]) {
      const value = (stored as Record<string, unknown>)[key];
      const [min, max] = LIMITS[key];
      if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) merged[key] = value;
    }
  }
  const policy = merged as unknown as AccountPolicyView;
  return policy.lockMaxMinutes < policy.lockBaseMinutes ? { ...policy, lockMaxMinutes: policy.lockBaseMinutes } : policy;
}

export function setAccountPolicy(db: Db, actor: string, patch: Partial<AccountPolicyView>): AccountPolicyView {
  return db.transaction(() => {
    const next = checked({ ...accountPolicy(db), ...patch });
    updateStudySettings(db, { accounts: next });
    appendAudit(db, { actor, action: 'study.account_policy', detail: { ...next } });
    return next;
  })();
}

/** How long a name stays locked after its `failures`-th consecutive failure (0 below the threshold). */
export function lockDurationMs(failures: number, policy: AccountPolicyView): number {
  if (failures < policy.maxFailures) return 0;
  const doublings = Math.min(failures - policy.maxFailures, 30);
  return Math.min(policy.lockBaseMinutes * 2 ** doublings, policy.lockMaxMinutes) * 60_000;
}

/** The session limits SessionStore takes. */
export function sessionLimits(policy: AccountPolicyView): { idleTimeoutMs: number; maxAgeMs: number } {
  return { idleTimeoutMs: policy.sessionIdleMinutes * 60_000, maxAgeMs: policy.sessionMaxHours * 3_600_000 };
}
