import type { Db } from '../open';

export type SealedKind = 'allocation' | 'recording' | 'assignment_seed' | 'session_recording' | 'sampling_seed';

export interface StudyKeyRow {
  readonly kdf: string;
  readonly wrappedKey: Buffer;
}

export interface SealedRow {
  readonly entryId: string;
  readonly kind: SealedKind;
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
}

export function getStudyKey(db: Db): StudyKeyRow | undefined {
  return db.prepare('SELECT kdf, wrapped_key AS wrappedKey FROM study_key WHERE id = 1').get() as StudyKeyRow | undefined;
}

export function insertStudyKey(db: Db, row: StudyKeyRow & { createdAt: string }): void {
  db.prepare('INSERT INTO study_key (id, kdf, wrapped_key, created_at) VALUES (1, ?, ?, ?)').run(row.kdf, row.wrappedKey, row.createdAt);
}

export function replaceStudyKey(db: Db, row: StudyKeyRow & { changedAt: string }): void {
  db.prepare('UPDATE study_key SET kdf = ?, wrapped_key = ?, changed_at = ? WHERE id = 1').run(row.kdf, row.wrappedKey, row.changedAt);
}

export function insertSealed(db: Db, row: SealedRow & { createdAt: string }): void {
  db.prepare('INSERT INTO sealed_entries (entry_id, kind, nonce, ciphertext, created_at) VALUES (?, ?, ?, ?, ?)').run(
    row.entryId,
    row.kind,
    row.nonce,
    row.ciphertext,
    row.createdAt,
  );
}

export function sealedOfKind(db: Db, kind: SealedKind): SealedRow[] {
  return db
    .prepare('SELECT entry_id AS entryId, kind, nonce, ciphertext FROM sealed_entries WHERE kind = ? ORDER BY id')
    .all(kind) as SealedRow[];
}

export function countSealed(db: Db, kind: SealedKind): number {
  return (db.prepare('SELECT COUNT(*) AS n FROM sealed_entries WHERE kind = ?').get(kind) as { n: number }).n;
}
