// The end-of-study records: the data lock, the full unblinding, emergency unblindings of single
// clips, and the seals that unblinding checks against. Codes, names, times and reasons only.
import type { Db } from '../open';

export interface LockException {
  readonly code: string;
  readonly coder: string;
  readonly purpose: 'primary' | 'reliability';
  /** 'outcome' for trial recordings, 'session' for fidelity audits of intervention sessions. */
  readonly kind: 'outcome' | 'session';
}

export interface LockRow {
  readonly lockedAt: string;
  readonly lockedBy: string;
  readonly exceptions: readonly LockException[];
}

export interface UnblindingRow {
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  readonly reason: string;
  readonly commitment: string;
}

export interface EmergencyUnblindingRow {
  readonly code: string;
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  readonly reason: string;
}

export interface SealRow {
  readonly commitment: string;
  readonly clips: number;
  readonly sealedAt: string;
  readonly sealedBy: string;
}

export interface UnsubmittedRow extends LockException {
  readonly hasDraft: boolean;
}

export function getLock(db: Db): LockRow | undefined {
  const row = db.prepare('SELECT locked_at, locked_by, exceptions FROM study_lock WHERE id = 1').get() as
    | { locked_at: string; locked_by: string; exceptions: string }
    | undefined;
  return row && { lockedAt: row.locked_at, lockedBy: row.locked_by, exceptions: JSON.parse(row.exceptions) as LockException[] };
}

export function insertLock(db: Db, lock: LockRow): void {
  db.prepare('INSERT INTO study_lock (id, locked_at, locked_by, exceptions) VALUES (1, ?, ?, ?)').run(
    lock.lockedAt,
    lock.lockedBy,
    JSON.stringify(lock.exceptions),
  );
}

export function getUnblinding(db: Db): UnblindingRow | undefined {
  return db
    .prepare(
      'SELECT unblinded_at AS unblindedAt, unblinded_by AS unblindedBy, reason, commitment FROM unblinding WHERE id = 1',
    )
    .get() as UnblindingRow | undefined;
}

export function insertUnblinding(db: Db, row: UnblindingRow): void {
  db.prepare('INSERT INTO unblinding (id, unblinded_at, unblinded_by, reason, commitment) VALUES (1, ?, ?, ?, ?)').run(
    row.unblindedAt,
    row.unblindedBy,
    row.reason,
    row.commitment,
  );
}

export function insertEmergencyUnblinding(db: Db, row: { clipId: number; unblindedAt: string; unblindedBy: string; reason: string }): void {
  db.prepare('INSERT INTO emergency_unblindings (clip_id, unblinded_at, unblinded_by, reason) VALUES (?, ?, ?, ?)').run(
    row.clipId,
    row.unblindedAt,
    row.unblindedBy,
    row.reason,
  );
}

export function listEmergencyUnblindings(db: Db): EmergencyUnblindingRow[] {
  return db
    .prepare(
      `SELECT c.code, e.unblinded_at AS unblindedAt, e.unblinded_by AS unblindedBy, e.reason
         FROM emergency_unblindings e JOIN clips c ON c.id = e.clip_id
        ORDER BY e.id`,
    )
    .all() as EmergencyUnblindingRow[];
}

export function insertSeal(db: Db, seal: SealRow): void {
  db.prepare('INSERT INTO seals (commitment, clips, sealed_at, sealed_by) VALUES (?, ?, ?, ?)').run(seal.commitment, seal.clips, seal.sealedAt, seal.sealedBy);
}

/** Every sealing, oldest first. */
export function listSeals(db: Db): SealRow[] {
  return db.prepare('SELECT commitment, clips, sealed_at AS sealedAt, sealed_by AS sealedBy FROM seals ORDER BY id').all() as SealRow[];
}

export function latestSeal(db: Db): SealRow | undefined {
  return db
    .prepare('SELECT commitment, clips, sealed_at AS sealedAt, sealed_by AS sealedBy FROM seals ORDER BY id DESC LIMIT 1')
    .get() as SealRow | undefined;
}

/** Sealed entries of the given kinds written after `since` (ISO time): the key changed since. */
export function sealedEntriesSince(db: Db, kinds: readonly string[], since: string): number {
  if (kinds.length === 0) return 0;
  const row = db
    .prepare(`SELECT COUNT(*) AS n FROM sealed_entries WHERE created_at > ? AND kind IN (${kinds.map(() => '?').join(', ')})`)
    .get(since, ...kinds) as { n: number };
  return row.n;
}

/** Whether the key holds any entry of these kinds: stops at the first, where a count read them all. */
export function hasSealedEntries(db: Db, kinds: readonly string[]): boolean {
  if (kinds.length === 0) return false;
  return db.prepare(`SELECT 1 FROM sealed_entries WHERE kind IN (${kinds.map(() => '?').join(', ')}) LIMIT 1`).get(...kinds) !== undefined;
}

/**
 * Assignments of trial data (outcome clips and audited sessions) without a submitted rating, by
 * clip code and coder. Training clips are practice, not trial data, and are left out.
 */
export function unsubmittedAssignments(db: Db): UnsubmittedRow[] {
  const rows = db
    .prepare(
      `SELECT c.code, u.name AS coder, a.purpose, c.kind,
              EXISTS (SELECT 1 FROM drafts d WHERE d.assignment_id = a.id) AS hasDraft
         FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
        WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id) AND c.kind <> 'training'
        ORDER BY c.kind, c.code, u.name`,
    )
    .all() as { code: string; coder: string; purpose: 'primary' | 'reliability'; kind: 'outcome' | 'session'; hasDraft: number }[];
  return rows.map((r) => ({ ...r, hasDraft: r.hasDraft === 1 }));
}

export function tableExists(db: Db, table: string): boolean {
  const sql =
    db.engine === 'postgres'
      ? 'SELECT 1 FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = ?'
      : "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?";
  return db.prepare(sql).get(table) !== undefined;
}

/** Whether an audit entry of `action` carries `detail.commitment = commitment`. */
export function auditHasCommitment(db: Db, action: string, commitment: string): boolean {
  return (
    db
      .prepare("SELECT 1 FROM audit_log WHERE action = ? AND json_valid(detail) AND json_extract(detail, '$.commitment') = ?")
      .get(action, commitment) !== undefined
  );
}
