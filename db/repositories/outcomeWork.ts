// Everything coded on outcome clips, read for exports and analysis: every assignment with its
// rating versions, consensus scores (once the reliability migration has added them) and the
// coders' blinding guesses. Clip codes and coder names only; the sealed key is joined in memory.
import type { Db } from '../open';
import { tableExists } from './closeout';
import { ratingHistoriesOfKind, type RatingRow } from './ratings';

export interface AssignmentWork {
  readonly assignmentId: number;
  readonly clipId: number;
  readonly code: string;
  readonly coder: string;
  readonly purpose: 'primary' | 'reliability';
  readonly position: number;
  /** Every submitted version, oldest first; empty when the assignment was never submitted. */
  readonly versions: readonly RatingRow[];
}

export interface ConsensusScore {
  readonly code: string;
  readonly dimension: string;
  readonly score: number;
  readonly reason: string;
  readonly version: number;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface GuessRow {
  readonly code: string;
  readonly coder: string;
  readonly purpose: 'primary' | 'reliability';
  readonly armGuess: 'intervention' | 'control' | 'dont_know';
  readonly timepointGuess: string;
}

export function outcomeAssignments(db: Db): AssignmentWork[] {
  const rows = db
    .prepare(
      `SELECT a.id AS assignmentId, a.clip_id AS clipId, c.code, u.name AS coder, a.purpose, a.position
         FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
        WHERE c.kind = 'outcome'
        ORDER BY c.code, a.id`,
    )
    .all() as Omit<AssignmentWork, 'versions'>[];
  const versions = ratingHistoriesOfKind(db, 'outcome');
  return rows.map((r) => ({ ...r, versions: versions.get(r.assignmentId) ?? [] }));
}

export function outcomeClipCodes(db: Db): string[] {
  return (db.prepare("SELECT code FROM clips WHERE kind = 'outcome' ORDER BY code").all() as { code: string }[]).map((r) => r.code);
}

/** Whether this study's database has a consensus table (added by the reliability migration). */
export function hasConsensusTable(db: Db): boolean {
  return tableExists(db, 'consensus');
}

/**
 * The latest consensus per clip and dimension, or null when the study has no consensus table.
 * Reads the schema of migration 5: consensus(clip_id, dimension, version, score, reason,
 * decided_by → users.id, decided_at), immutable rows where a new version supersedes the last.
 */
export function latestConsensus(db: Db): ConsensusScore[] | null {
  if (!hasConsensusTable(db)) return null;
  return db
    .prepare(
      `SELECT cl.code, c.dimension, c.score, c.reason, c.version, coalesce(u.name, CAST(c.decided_by AS TEXT)) AS decidedBy,
              c.decided_at AS decidedAt
         FROM consensus c
         JOIN clips cl ON cl.id = c.clip_id
         LEFT JOIN users u ON u.id = c.decided_by
        WHERE c.version = (SELECT MAX(c2.version) FROM consensus c2 WHERE c2.clip_id = c.clip_id AND c2.dimension = c.dimension)
        ORDER BY cl.code, c.dimension`,
    )
    .all() as ConsensusScore[];
}

export function blindingGuesses(db: Db): GuessRow[] {
  return db
    .prepare(
      `SELECT c.code, u.name AS coder, a.purpose, g.arm_guess AS armGuess, g.timepoint_guess AS timepointGuess
         FROM blinding_guesses g
         JOIN assignments a ON a.id = g.assignment_id
         JOIN clips c ON c.id = a.clip_id
         JOIN users u ON u.id = a.coder_id
        WHERE c.kind = 'outcome'
        ORDER BY c.code, u.name`,
    )
    .all() as GuessRow[];
}
