import type { StoredRole as Role } from './types';
import type { Db } from '../open';

export interface UserRow {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly passwordHash: string;
  readonly disabledAt: string | null;
}

interface RawUser {
  id: number;
  name: string;
  role: Role;
  password_hash: string;
  disabled_at: string | null;
}

const toUser = (r: RawUser): UserRow => ({
  id: r.id,
  name: r.name,
  role: r.role,
  passwordHash: r.password_hash,
  disabledAt: r.disabled_at,
});

export function insertUser(db: Db, user: { name: string; role: Role; passwordHash: string; createdAt: string }): number {
  const info = db
    .prepare('INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?)')
    .run(user.name, user.role, user.passwordHash, user.createdAt);
  return Number(info.lastInsertRowid);
}

export function findUserByName(db: Db, name: string): UserRow | undefined {
  const row = db.prepare('SELECT * FROM users WHERE name = ?').get(name) as RawUser | undefined;
  return row && toUser(row);
}

export function getUser(db: Db, id: number): UserRow | undefined {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as RawUser | undefined;
  return row && toUser(row);
}

export function listUsers(db: Db, role?: Role): UserRow[] {
  const rows = (
    role
      ? db.prepare('SELECT * FROM users WHERE role = ? ORDER BY name').all(role)
      : db.prepare('SELECT * FROM users ORDER BY name').all()
  ) as RawUser[];
  return rows.map(toUser);
}
