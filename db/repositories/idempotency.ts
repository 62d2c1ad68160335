// Kept results of write calls, by the user and the client's idempotency key (migration 8).
import type { Db } from '../open';

export interface KeptResult {
  readonly call: string;
  readonly result: string;
}

export function keptResult(db: Db, userId: number, key: string): KeptResult | undefined {
  return db.prepare('SELECT call, result FROM idempotency_keys WHERE user_id = ? AND key = ?').get(userId, key) as KeptResult | undefined;
}

export function keepResult(db: Db, row: { userId: number; key: string; call: string; result: string; createdAt: string }): void {
  db.prepare('INSERT INTO idempotency_keys (user_id, key, call, result, created_at) VALUES (?, ?, ?, ?, ?)').run(row.userId, row.key, row.call, row.result, row.createdAt);
}
