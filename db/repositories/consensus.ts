// Consensus scores: immutable, versioned per clip × dimension (migration 5).
import type { Db } from '../open';

export interface ConsensusRow {
  readonly id: number;
  readonly clipId: number;
  readonly code: string;
  readonly dimension: string;
  readonly version: number;
  readonly supersedesId: number | null;
  readonly score: number;
  readonly reason: string;
  /** ratings.id of the versions the lead had in front of them. */
  readonly ratings: readonly number[];
  readonly decidedById: number;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

interface RawConsensus {
  id: number;
  clipId: number;
  code: string;
  dimension: string;
  version: number;
  supersedesId: number | null;
  score: number;
  reason: string;
  ratings: string;
  decidedById: number;
  decidedBy: string;
  decidedAt: string;
}

const SELECT = `SELECT k.id, k.clip_id AS clipId, c.code, k.dimension, k.version, k.supersedes_id AS supersedesId, k.score, k.reason,
                       k.ratings, k.decided_by AS decidedById, u.name AS decidedBy, k.decided_at AS decidedAt
                  FROM consensus k JOIN clips c ON c.id = k.clip_id JOIN users u ON u.id = k.decided_by`;

const toRow = (r: RawConsensus): ConsensusRow => ({ ...r, ratings: JSON.parse(r.ratings) as number[] });

export function insertConsensus(
  db: Db,
  row: {
    clipId: number;
    dimension: string;
    version: number;
    supersedesId: number | null;
    score: number;
    reason: string;
    ratings: readonly number[];
    decidedById: number;
    decidedAt: string;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO consensus (clip_id, dimension, version, supersedes_id, score, reason, ratings, decided_by, decided_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(row.clipId, row.dimension, row.version, row.supersedesId, row.score, row.reason, JSON.stringify(row.ratings), row.decidedById, row.decidedAt);
  return Number(info.lastInsertRowid);
}

/** Every version for one clip × dimension, oldest first. */
export function consensusHistory(db: Db, clipId: number, dimension: string): ConsensusRow[] {
  return (db.prepare(`${SELECT} WHERE k.clip_id = ? AND k.dimension = ? ORDER BY k.version`).all(clipId, dimension) as RawConsensus[]).map(toRow);
}

/** The latest version of every clip × dimension that has one (optionally one dimension). */
export function currentConsensus(db: Db, dimension?: string): ConsensusRow[] {
  const latest = `k.version = (SELECT MAX(k2.version) FROM consensus k2 WHERE k2.clip_id = k.clip_id AND k2.dimension = k.dimension)`;
  const rows = dimension
    ? db.prepare(`${SELECT} WHERE ${latest} AND k.dimension = ? ORDER BY c.code`).all(dimension)
    : db.prepare(`${SELECT} WHERE ${latest} ORDER BY c.code, k.dimension`).all();
  return (rows as RawConsensus[]).map(toRow);
}
