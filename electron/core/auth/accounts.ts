// Changing accounts after creation: a user's own password change, and the manager's password
// reset, role change and unlock. Every change is audited in the transaction that makes it.
import { utcNow, type Db } from '../../../db/open';
import { countActiveManagers, getThrottle, passwordChangeTimes, updatePasswordHash, updateRole } from '../../../db/repositories/accounts';
import { findUserByName, getUser, listUsers, type UserRow } from '../../../db/repositories/users';
import { appendAudit } from '../audit/chain';
import { ROLES, type AccountView, type Role } from '../../common/contract';
import { CoreError } from '../../common/result';
import { hashPassword, verifyPassword } from './password';
import { accountPolicy } from './policy';
import { clearFailures, lockRemainingMs, recordFailure, throttleKey } from './throttle';
import { checkNewPassword, lockedError } from './users';

export interface AccountUser {
  readonly id: number;
  readonly name: string;
}

function requireUser(db: Db, name: string): UserRow {
  const user = findUserByName(db, name.trim());
  if (!user) throw new CoreError('not_found', `There is no user called "${name.trim().slice(0, 63)}"`);
  return user;
}

/**
 * A user changes their own password. The current password is required, and a wrong one counts
 * towards the lock-out exactly like a failed login, so this is no side door for guessing.
 */
export async function changePassword(
  db: Db,
  user: AccountUser,
  oldPassword: string,
  newPassword: string,
  now: () => number = Date.now,
): Promise<void> {
  const row = getUser(db, user.id);
  if (!row || row.disabledAt) throw new CoreError('not_found', 'This account no longer exists');
  const key = throttleKey(row.name);
  const waiting = lockRemainingMs(db, key, now());
  if (waiting > 0) throw lockedError(waiting);
  checkNewPassword(newPassword);
  if (!(await verifyPassword(oldPassword, row.passwordHash))) {
    const policy = accountPolicy(db);
    db.transaction(() => {
      const failure = recordFailure(db, key, policy, now());
      appendAudit(db, { actor: row.name, action: 'auth.password_change_failed', detail: { failures: failure.failures } });
      if (failure.lockMs > 0) {
        appendAudit(db, { actor: key, action: 'auth.lockout', detail: { failures: failure.failures, minutes: failure.lockMs / 60_000 } });
      }
    })();
    throw new CoreError('bad_credentials', 'The current password is not right');
  }
  if (oldPassword === newPassword) throw new CoreError('bad_input', 'The new password must differ from the current one');
  const hash = await hashPassword(newPassword);
  db.transaction(() => {
    updatePasswordHash(db, row.id, hash, utcNow());
    clearFailures(db, key);
    appendAudit(db, { actor: row.name, action: 'auth.password_change' });
  })();
}

/**
 * The manager (or the command line) sets another user's password — for a forgotten one — and
 * lifts any lock-out on the name. Returns the user's id, so the caller can end their sessions.
 */
export async function resetPassword(db: Db, actor: string, targetName: string, newPassword: string, reason?: string): Promise<number> {
  const target = requireUser(db, targetName);
  checkNewPassword(newPassword);
  const hash = await hashPassword(newPassword);
  db.transaction(() => {
    updatePasswordHash(db, target.id, hash, utcNow());
    clearFailures(db, throttleKey(target.name));
    appendAudit(db, { actor, action: 'user.password_reset', detail: { user: target.name }, reason: reason?.trim() || null });
  })();
  return target.id;
}

/**
 * The manager changes a user's role. Two rules protect the trial: a study keeps at least one
 * manager, and no existing account becomes a coder — whoever held another role may have seen the
 * allocation (a manager) or intervention-session recordings (an auditor), and a coder must never
 * have; a new coder gets a new account. Returns the user's id and whether anything changed.
 */
export function setRole(db: Db, actor: string, targetName: string, role: Role, reason?: string): { userId: number; changed: boolean } {
  if (!ROLES.includes(role)) throw new CoreError('bad_input', `A role is one of ${ROLES.join(', ')}`);
  return db.transaction(() => {
    const target = requireUser(db, targetName);
    if (target.role === role) return { userId: target.id, changed: false };
    if (role === 'coder') {
      throw new CoreError('conflict', 'An existing account cannot become a coder: coders must never have held an unblinded role. Add a new coder instead.');
    }
    if (target.role === 'manager' && !target.disabledAt && countActiveManagers(db) <= 1) {
      throw new CoreError('conflict', 'A study needs at least one manager: make someone else a manager first');
    }
    updateRole(db, target.id, role);
    appendAudit(db, { actor, action: 'user.role', detail: { user: target.name, from: target.role, to: role }, reason: reason?.trim() || null });
    return { userId: target.id, changed: true };
  })();
}

/** Lifts a lock-out on a name now (the manager vouches for the person). Returns whether there was one. */
export function unlockAccount(db: Db, actor: string, name: string): boolean {
  return db.transaction(() => {
    const cleared = clearFailures(db, throttleKey(name));
    if (cleared) appendAudit(db, { actor, action: 'user.unlock', detail: { user: throttleKey(name) } });
    return cleared;
  })();
}

/** The manager's list of accounts with their lock-out state. */
export function listAccounts(db: Db, now: () => number = Date.now): AccountView[] {
  const changed = passwordChangeTimes(db);
  return listUsers(db).map((u) => {
    const throttle = getThrottle(db, throttleKey(u.name));
    const locked = throttle?.lockedUntil && Date.parse(throttle.lockedUntil) > now() ? throttle.lockedUntil : null;
    return {
      name: u.name,
      role: u.role,
      disabled: u.disabledAt !== null,
      passwordChangedAt: changed.get(u.id) ?? null,
      failedLogins: throttle?.failures ?? 0,
      lockedUntil: locked,
    };
  });
}
