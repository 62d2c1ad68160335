import type { Db } from '../open';

export interface AuditRow {
  readonly seq: number;
  readonly at: string;
  readonly actor: string;
  readonly action: string;
  readonly detail: string;
  readonly reason: string | null;
  readonly prevHash: string;
  readonly hash: string;
}

export function lastAuditRow(db: Db): AuditRow | undefined {
  return db
    .prepare('SELECT seq, at, actor, action, detail, reason, prev_hash AS prevHash, hash FROM audit_log ORDER BY seq DESC LIMIT 1')
    .get() as AuditRow | undefined;
}

export function insertAuditRow(db: Db, row: AuditRow): void {
  db.prepare(
    'INSERT INTO audit_log (seq, at, actor, action, detail, reason, prev_hash, hash) VALUES (@seq, @at, @actor, @action, @detail, @reason, @prevHash, @hash)',
  ).run(row);
}

/** Rows in storage order (rowid), which is what a tamperer would reorder. */
export function allAuditRows(db: Db): AuditRow[] {
  return db
    .prepare('SELECT seq, at, actor, action, detail, reason, prev_hash AS prevHash, hash FROM audit_log ORDER BY rowid')
    .all() as AuditRow[];
}

/** The latest row of one action (e.g. the lock's, for its recorded reason). */
export function latestAuditRowOf(db: Db, action: string): AuditRow | undefined {
  return db
    .prepare('SELECT seq, at, actor, action, detail, reason, prev_hash AS prevHash, hash FROM audit_log WHERE action = ? ORDER BY seq DESC LIMIT 1')
    .get(action) as AuditRow | undefined;
}
