// Study users: creation (manager or CLI) and login checks, with lock-out after repeated failures.
import { utcNow, type Db } from '../../../db/open';
import { findUserByName, insertUser, type UserRow } from '../../../db/repositories/users';
import { appendAudit } from '../audit/chain';
import type { Role } from '../../common/contract';
import { CoreError } from '../../common/result';
import { hashPassword, verifyPassword } from './password';
import { accountPolicy } from './policy';
import { clearFailures, lockRemainingMs, minutesText, recordFailure, throttleKey } from './throttle';

export const MIN_PASSWORD_LENGTH = 8;
/** The contract's bound on a password; scrypt would take anything, but nobody types more. */
export const MAX_PASSWORD_LENGTH = 1024;

export function checkNewPassword(password: string): void {
  if (password.length < MIN_PASSWORD_LENGTH) throw new CoreError('bad_input', `A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new CoreError('bad_input', `A password can have at most ${MAX_PASSWORD_LENGTH} characters`);
}

export async function addUser(db: Db, user: { name: string; role: Role; password: string }, actor: string): Promise<number> {
  const name = user.name.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$/u.test(name)) {
    throw new CoreError('bad_input', 'A user name is 1–63 letters, digits, spaces, dots, dashes or underscores');
  }
  checkNewPassword(user.password);
  if (findUserByName(db, name)) throw new CoreError('conflict', `A user called "${name}" already exists`);
  const passwordHash = await hashPassword(user.password);
  return db.transaction(() => {
    const id = insertUser(db, { name, role: user.role, passwordHash, createdAt: utcNow() });
    appendAudit(db, { actor, action: 'user.add', detail: { name, role: user.role } });
    return id;
  })();
}

const BAD_CREDENTIALS = 'That name and password do not match an account of this study';

export function lockedError(remainingMs: number): CoreError {
  return new CoreError('locked', `Too many failed attempts with this name. Try again in ${minutesText(remainingMs)}.`);
}

/**
 * Checks credentials; audits success, failure and lock-out alike. Neither the error nor the lock-out
 * says which part was wrong or whether the name exists: unknown names are counted, locked and timed
 * exactly like real ones (see ./throttle), and a locked name is refused before any password check.
 */
export async function checkLogin(db: Db, name: string, password: string, now: () => number = Date.now): Promise<UserRow> {
  const key = throttleKey(name);
  const waiting = lockRemainingMs(db, key, now());
  if (waiting > 0) {
    appendAudit(db, { actor: key, action: 'auth.login_locked', detail: { minutesLeft: Math.ceil(waiting / 60_000) } });
    throw lockedError(waiting);
  }
  const user = findUserByName(db, name.trim());
  // Hash even for unknown names so timing does not reveal which names exist.
  const ok = user && !user.disabledAt ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, DUMMY_HASH);
  if (!user || !ok || user.disabledAt) {
    const policy = accountPolicy(db);
    const outcome = db.transaction(() => {
      const failure = recordFailure(db, key, policy, now());
      appendAudit(db, { actor: key, action: 'auth.login_failed', detail: { failures: failure.failures } });
      if (failure.lockMs > 0) {
        appendAudit(db, { actor: key, action: 'auth.lockout', detail: { failures: failure.failures, minutes: failure.lockMs / 60_000 } });
      }
      return failure;
    })();
    const lock = outcome.lockMs > 0 ? ` Too many failed attempts: try again in ${minutesText(outcome.lockMs)}.` : '';
    throw new CoreError('bad_credentials', `${BAD_CREDENTIALS}.${lock}`);
  }
  db.transaction(() => {
    clearFailures(db, key);
    appendAudit(db, { actor: user.name, action: 'auth.login', detail: { role: user.role } });
  })();
  return user;
}

// A valid hash of a random password, used to spend the same time on unknown names.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
