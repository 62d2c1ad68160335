// Account changes and the login throttle (migration 0006). Reads of users stay in ./users.
import type { StoredRole as Role } from './types';
import type { Db } from '../open';

export function updatePasswordHash(db: Db, userId: number, passwordHash: string, changedAt: string): void {
  db.prepare('UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?').run(passwordHash, changedAt, userId);
}

export function updateRole(db: Db, userId: number, role: Role): void {
  db.prepare('UPDATE users SET role = ? WHERE id = ?').run(role, userId);
}

export function countActiveManagers(db: Db): number {
  return (db.prepare("SELECT COUNT(*) AS n FROM users WHERE role = 'manager' AND disabled_at IS NULL").get() as { n: number }).n;
}

/** When each user last had a password set (null: never since the account was made), by user id. */
export function passwordChangeTimes(db: Db): Map<number, string | null> {
  const rows = db.prepare('SELECT id, password_changed_at AS at FROM users').all() as { id: number; at: string | null }[];
  return new Map(rows.map((r) => [r.id, r.at]));
}

export interface ThrottleRow {
  readonly name: string;
  readonly failures: number;
  readonly lockedUntil: string | null;
  readonly lastFailureAt: string;
}

export function getThrottle(db: Db, name: string): ThrottleRow | undefined {
  return db
    .prepare('SELECT name, failures, locked_until AS lockedUntil, last_failure_at AS lastFailureAt FROM login_throttle WHERE name = ?')
    .get(name) as ThrottleRow | undefined;
}

export function putThrottle(db: Db, row: ThrottleRow): void {
  db.prepare(
    `INSERT INTO login_throttle (name, failures, locked_until, last_failure_at) VALUES (@name, @failures, @lockedUntil, @lastFailureAt)
     ON CONFLICT (name) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure_at = excluded.last_failure_at`,
  ).run(row);
}

export function clearThrottle(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM login_throttle WHERE name = ?').run(name).changes > 0;
}

/** Forgets names whose last failure is older than `before` and that are not locked now. */
export function pruneThrottle(db: Db, before: string, now: string): void {
  db.prepare('DELETE FROM login_throttle WHERE last_failure_at < ? AND (locked_until IS NULL OR locked_until <= ?)').run(before, now);
}
