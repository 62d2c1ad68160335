// Gold-standard training clips and their master scores: immutable, versioned (migration 5).
import type { Db } from '../open';

export interface GoldClipRow {
  readonly clipId: number;
  readonly code: string;
  readonly label: string;
  readonly addedBy: string;
  readonly addedAt: string;
}

export interface GoldScoreRow {
  readonly id: number;
  readonly clipId: number;
  readonly code: string;
  readonly label: string;
  readonly dimension: string;
  readonly version: number;
  readonly supersedesId: number | null;
  readonly score: number;
  readonly source: string;
  readonly reason: string | null;
  readonly enteredBy: string;
  readonly enteredAt: string;
}

export function insertGoldClip(db: Db, row: { clipId: number; label: string; addedBy: string; addedAt: string }): void {
  db.prepare('INSERT INTO gold_clips (clip_id, label, added_by, added_at) VALUES (?, ?, ?, ?)').run(row.clipId, row.label, row.addedBy, row.addedAt);
}

export function listGoldClips(db: Db): GoldClipRow[] {
  return db
    .prepare(
      `SELECT g.clip_id AS clipId, c.code, g.label, g.added_by AS addedBy, g.added_at AS addedAt
         FROM gold_clips g JOIN clips c ON c.id = g.clip_id ORDER BY g.label`,
    )
    .all() as GoldClipRow[];
}

export function findGoldClip(db: Db, codeOrLabel: string): GoldClipRow | undefined {
  return db
    .prepare(
      `SELECT g.clip_id AS clipId, c.code, g.label, g.added_by AS addedBy, g.added_at AS addedAt
         FROM gold_clips g JOIN clips c ON c.id = g.clip_id WHERE c.code = ? OR g.label = ?`,
    )
    .get(codeOrLabel, codeOrLabel) as GoldClipRow | undefined;
}

export function insertGoldScore(
  db: Db,
  row: { clipId: number; dimension: string; version: number; supersedesId: number | null; score: number; source: string; reason: string | null; enteredBy: string; enteredAt: string },
): number {
  const info = db
    .prepare(
      `INSERT INTO gold_scores (clip_id, dimension, version, supersedes_id, score, source, reason, entered_by, entered_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(row.clipId, row.dimension, row.version, row.supersedesId, row.score, row.source, row.reason, row.enteredBy, row.enteredAt);
  return Number(info.lastInsertRowid);
}

const SELECT_SCORE = `SELECT s.id, s.clip_id AS clipId, c.code, g.label, s.dimension, s.version, s.supersedes_id AS supersedesId, s.score,
                             s.source, s.reason, s.entered_by AS enteredBy, s.entered_at AS enteredAt
                        FROM gold_scores s JOIN gold_clips g ON g.clip_id = s.clip_id JOIN clips c ON c.id = s.clip_id`;

/** The latest master score of every gold clip on one dimension. */
export function latestGoldScores(db: Db, dimension: string): GoldScoreRow[] {
  return db
    .prepare(
      `${SELECT_SCORE}
        WHERE s.dimension = ? AND s.version = (SELECT MAX(s2.version) FROM gold_scores s2 WHERE s2.clip_id = s.clip_id AND s2.dimension = s.dimension)
        ORDER BY g.label`,
    )
    .all(dimension) as GoldScoreRow[];
}

export function goldScoreHistory(db: Db, clipId: number, dimension: string): GoldScoreRow[] {
  return db.prepare(`${SELECT_SCORE} WHERE s.clip_id = ? AND s.dimension = ? ORDER BY s.version`).all(clipId, dimension) as GoldScoreRow[];
}
