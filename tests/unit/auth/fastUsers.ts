// Users with cheap scrypt parameters, so tests that log in dozens of times stay quick. The hash
// carries its parameters, so checkLogin verifies it like any other.
import { utcNow, type Db } from '../../../db/open';
import { insertUser } from '../../../db/repositories/users';
import { hashPassword } from '../../../electron/core/auth/password';
import type { Role } from '../../../electron/common/contract';

export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export async function fastUser(db: Db, name: string, role: Role, password: string): Promise<number> {
  return insertUser(db, { name, role, passwordHash: await hashPassword(password, FAST_SCRYPT), createdAt: utcNow() });
}
