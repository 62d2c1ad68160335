// Study users: creation (manager or CLI) and login checks.
import { utcNow, type Db } from '../../../db/open';
import { findUserByName, insertUser, type UserRow } from '../../../db/repositories/users';
import { appendAudit } from '../audit/chain';
import type { Role } from '../contract';
import { CoreError } from '../result';
import { hashPassword, verifyPassword } from './password';

export const MIN_PASSWORD_LENGTH = 8;

export async function addUser(db: Db, user: { name: string; role: Role; password: string }, actor: string): Promise<number> {
  const name = user.name.trim();
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,62}$/u.test(name)) {
    throw new CoreError('bad_input', 'A user name is 1–63 letters, digits, spaces, dots, dashes or underscores');
  }
  if (user.password.length < MIN_PASSWORD_LENGTH) {
    throw new CoreError('bad_input', `A password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  if (findUserByName(db, name)) throw new CoreError('conflict', `A user called "${name}" already exists`);
  const passwordHash = await hashPassword(user.password);
  return db.transaction(() => {
    const id = insertUser(db, { name, role: user.role, passwordHash, createdAt: utcNow() });
    appendAudit(db, { actor, action: 'user.add', detail: { name, role: user.role } });
    return id;
  })();
}

/** Checks credentials; logs success and failure alike. The error never says which part was wrong. */
export async function checkLogin(db: Db, name: string, password: string): Promise<UserRow> {
  const user = findUserByName(db, name.trim());
  // Hash even for unknown names so timing does not reveal which names exist.
  const ok = user && !user.disabledAt ? await verifyPassword(password, user.passwordHash) : await verifyPassword(password, DUMMY_HASH);
  if (!user || !ok || user.disabledAt) {
    appendAudit(db, { actor: name.trim().slice(0, 63) || '(blank)', action: 'auth.login_failed' });
    throw new CoreError('bad_credentials', 'That name and password do not match an account of this study');
  }
  appendAudit(db, { actor: user.name, action: 'auth.login', detail: { role: user.role } });
  return user;
}

// A valid hash of a random password, used to spend the same time on unknown names.
const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
