// Failed-login throttling with exponential back-off (policy: ./policy). Counted per name as typed,
// known or not, in the database so that a restart does not reset it; the caller runs recordFailure
// inside the transaction that audits the failure.
import { clearThrottle, getThrottle, pruneThrottle, putThrottle } from '../../../db/repositories/accounts';
import type { Db } from '../../../db/open';
import type { AccountPolicyView } from '../../common/contract';
import { lockDurationMs } from './policy';

/** Names with no failure for this long are forgotten (and their count starts again). */
const FORGET_AFTER_MS = 24 * 60 * 60 * 1000;

/** The key a typed name is counted under: what the users table would match, bounded in length. */
export function throttleKey(typedName: string): string {
  return typedName.trim().normalize('NFKC').slice(0, 100) || '(blank)';
}

/** Milliseconds left on a name's lock, 0 when it is not locked. */
export function lockRemainingMs(db: Db, key: string, nowMs: number): number {
  const row = getThrottle(db, key);
  if (!row?.lockedUntil) return 0;
  return Math.max(0, Date.parse(row.lockedUntil) - nowMs);
}

export interface FailureOutcome {
  readonly failures: number;
  /** The lock this failure started, 0 when it started none. */
  readonly lockMs: number;
}

export function recordFailure(db: Db, key: string, policy: AccountPolicyView, nowMs: number): FailureOutcome {
  const now = new Date(nowMs).toISOString();
  pruneThrottle(db, new Date(nowMs - FORGET_AFTER_MS).toISOString(), now);
  const failures = (getThrottle(db, key)?.failures ?? 0) + 1;
  const lockMs = lockDurationMs(failures, policy);
  putThrottle(db, { name: key, failures, lockedUntil: lockMs > 0 ? new Date(nowMs + lockMs).toISOString() : null, lastFailureAt: now });
  return { failures, lockMs };
}

export function clearFailures(db: Db, key: string): boolean {
  return clearThrottle(db, key);
}

/** "1 minute", "2 minutes", … rounded up: what a person reads on the login screen. */
export function minutesText(ms: number): string {
  const minutes = Math.max(1, Math.ceil(ms / 60_000));
  return minutes === 1 ? '1 minute' : `${minutes} minutes`;
}
