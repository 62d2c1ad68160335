// The audit log: append-only (database triggers) and hash-chained, so that an edited, deleted or
// reordered row is found by walking the chain. Each row's hash covers its own fields and the
// previous row's hash; the first row links to GENESIS.
import { createHash } from 'node:crypto';
import { allAuditRows, insertAuditRow, lastAuditRow, type AuditRow } from '../../../db/repositories/audit';
import { utcNow, type Db } from '../../../db/open';

export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  readonly actor: string;
  readonly action: string;
  readonly detail?: Readonly<Record<string, unknown>>;
  readonly reason?: string | null;
}

function hashRow(row: Omit<AuditRow, 'hash'>): string {
  // A JSON array fixes field order and escapes separators, so no two rows serialise alike.
  const canonical = JSON.stringify([row.seq, row.at, row.actor, row.action, row.detail, row.reason, row.prevHash]);
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

/** Appends one entry. Call inside the transaction of the change it records, so both land or neither. */
export function appendAudit(db: Db, entry: AuditEntry): AuditRow {
  // Reading the head and writing the next entry are one transaction — IMMEDIATE on SQLite, the
  // writer lock on PostgreSQL — so two connections appending at once queue, never fork the chain.
  // Inside a caller's transaction this is a savepoint of it.
  return db.transaction(() => appendInTransaction(db, entry)).immediate();
}

function appendInTransaction(db: Db, entry: AuditEntry): AuditRow {
  const last = lastAuditRow(db);
  const partial = {
    seq: (last?.seq ?? 0) + 1,
    at: utcNow(),
    actor: entry.actor,
    action: entry.action,
    detail: JSON.stringify(entry.detail ?? {}),
    reason: entry.reason ?? null,
    prevHash: last?.hash ?? GENESIS,
  };
  const row: AuditRow = { ...partial, hash: hashRow(partial) };
  insertAuditRow(db, row);
  return row;
}

export type ChainVerdict =
  | { readonly ok: true; readonly rows: number; readonly head: string }
  | { readonly ok: false; readonly rows: number; readonly seq: number; readonly problem: string };

export function verifyAuditChain(db: Db): ChainVerdict {
  const rows = allAuditRows(db);
  let prev = GENESIS;
  for (const [i, row] of rows.entries()) {
    if (row.seq !== i + 1) {
      return { ok: false, rows: rows.length, seq: row.seq, problem: `expected entry ${i + 1} but found ${row.seq}: an entry was deleted or moved` };
    }
    if (row.prevHash !== prev) {
      return { ok: false, rows: rows.length, seq: row.seq, problem: 'does not link to the entry before it: entries were removed or reordered' };
    }
    const { hash, ...rest } = row;
    if (hashRow(rest) !== hash) {
      return { ok: false, rows: rows.length, seq: row.seq, problem: 'its contents do not match its hash: the entry was altered' };
    }
    prev = hash;
  }
  return { ok: true, rows: rows.length, head: prev };
}
