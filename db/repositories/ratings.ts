import type { Db } from '../open';

export interface RatingRow {
  readonly id: number;
  readonly assignmentId: number;
  readonly version: number;
  readonly amendsId: number | null;
  readonly amendmentReason: string | null;
  readonly scores: Record<string, number>;
  readonly submittedAt: string;
  readonly secondsSpent: number | null;
}

interface RawRating {
  id: number;
  assignment_id: number;
  version: number;
  amends_id: number | null;
  amendment_reason: string | null;
  scores: string;
  submitted_at: string;
  seconds_spent: number | null;
}

const toRating = (r: RawRating): RatingRow => ({
  id: r.id,
  assignmentId: r.assignment_id,
  version: r.version,
  amendsId: r.amends_id,
  amendmentReason: r.amendment_reason,
  scores: JSON.parse(r.scores) as Record<string, number>,
  submittedAt: r.submitted_at,
  secondsSpent: r.seconds_spent,
});

export function insertRating(
  db: Db,
  r: {
    assignmentId: number;
    version: number;
    amendsId: number | null;
    amendmentReason: string | null;
    scores: Record<string, number>;
    submittedAt: string;
    secondsSpent: number | null;
  },
): number {
  const info = db
    .prepare(
      `INSERT INTO ratings (assignment_id, version, amends_id, amendment_reason, scores, submitted_at, seconds_spent)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.assignmentId, r.version, r.amendsId, r.amendmentReason, JSON.stringify(r.scores), r.submittedAt, r.secondsSpent);
  return Number(info.lastInsertRowid);
}

/** All versions of one assignment's rating, oldest first. */
export function ratingHistory(db: Db, assignmentId: number): RatingRow[] {
  return (
    db.prepare('SELECT * FROM ratings WHERE assignment_id = ? ORDER BY version').all(assignmentId) as RawRating[]
  ).map(toRating);
}

export function latestRating(db: Db, assignmentId: number): RatingRow | undefined {
  const row = db
    .prepare('SELECT * FROM ratings WHERE assignment_id = ? ORDER BY version DESC LIMIT 1')
    .get(assignmentId) as RawRating | undefined;
  return row && toRating(row);
}

export function getDraft(db: Db, assignmentId: number): Record<string, number | null> | undefined {
  const row = db.prepare('SELECT scores FROM drafts WHERE assignment_id = ?').get(assignmentId) as
    | { scores: string }
    | undefined;
  return row && (JSON.parse(row.scores) as Record<string, number | null>);
}

export function upsertDraft(db: Db, assignmentId: number, scores: Record<string, number | null>, at: string): void {
  db.prepare(
    `INSERT INTO drafts (assignment_id, scores, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (assignment_id) DO UPDATE SET scores = excluded.scores, updated_at = excluded.updated_at`,
  ).run(assignmentId, JSON.stringify(scores), at);
}

export function deleteDraft(db: Db, assignmentId: number): void {
  db.prepare('DELETE FROM drafts WHERE assignment_id = ?').run(assignmentId);
}
