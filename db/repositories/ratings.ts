import type { StoredDraft as Draft, StoredMarker, StoredRatingContent as RatingContent, StoredUnscorableReason as UnscorableReason } from './types';
import type { ClipKind } from './clips';
import type { Db } from '../open';

export interface RatingRow extends RatingContent {
  readonly id: number;
  readonly assignmentId: number;
  readonly version: number;
  readonly amendsId: number | null;
  readonly amendmentReason: string | null;
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
  notes: string;
  overall_note: string;
  unscorable_reason: UnscorableReason | null;
  unscorable_detail: string | null;
  submitted_at: string;
  seconds_spent: number | null;
  markers: string;
}

const toRating = (r: RawRating): RatingRow => ({
  id: r.id,
  assignmentId: r.assignment_id,
  version: r.version,
  amendsId: r.amends_id,
  amendmentReason: r.amendment_reason,
  scores: JSON.parse(r.scores) as Record<string, number>,
  notes: JSON.parse(r.notes) as Record<string, string>,
  overallNote: r.overall_note,
  unscorable: r.unscorable_reason ? { reason: r.unscorable_reason, detail: r.unscorable_detail ?? '' } : null,
  submittedAt: r.submitted_at,
  secondsSpent: r.seconds_spent,
  markers: JSON.parse(r.markers) as StoredMarker[],
});

/** A rating to insert; one given without markers has none. */
export interface NewRating extends Omit<RatingContent, 'markers'> {
  readonly markers?: RatingContent['markers'];
  readonly assignmentId: number;
  readonly version: number;
  readonly amendsId: number | null;
  readonly amendmentReason: string | null;
  readonly submittedAt: string;
  readonly secondsSpent: number | null;
}

export function insertRating(db: Db, r: NewRating): number {
  const info = db
    .prepare(
      `INSERT INTO ratings (assignment_id, version, amends_id, amendment_reason, scores, notes, overall_note,
                            unscorable_reason, unscorable_detail, submitted_at, seconds_spent, markers)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(
      r.assignmentId,
      r.version,
      r.amendsId,
      r.amendmentReason,
      JSON.stringify(r.scores),
      JSON.stringify(r.notes),
      r.overallNote,
      r.unscorable?.reason ?? null,
      r.unscorable ? r.unscorable.detail : null,
      r.submittedAt,
      r.secondsSpent,
      JSON.stringify(r.markers ?? []),
    );
  return Number(info.lastInsertRowid);
}

/** All versions of one assignment's rating, oldest first. */
export function ratingHistory(db: Db, assignmentId: number): RatingRow[] {
  return (db.prepare('SELECT * FROM ratings WHERE assignment_id = ? ORDER BY version').all(assignmentId) as RawRating[]).map(toRating);
}

/**
 * Every version of every rating of the clips of one kind, by assignment, oldest first: one read for
 * the exports and the analysis, where a ratingHistory per assignment was a query per row.
 */
export function ratingHistoriesOfKind(db: Db, kind: ClipKind): Map<number, RatingRow[]> {
  const rows = db
    .prepare(
      `SELECT r.* FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id
        WHERE c.kind = ? ORDER BY r.assignment_id, r.version`,
    )
    .all(kind) as RawRating[];
  const byAssignment = new Map<number, RatingRow[]>();
  for (const row of rows) {
    const list = byAssignment.get(row.assignment_id);
    if (list) list.push(toRating(row));
    else byAssignment.set(row.assignment_id, [toRating(row)]);
  }
  return byAssignment;
}

export function latestRating(db: Db, assignmentId: number): RatingRow | undefined {
  const row = db.prepare('SELECT * FROM ratings WHERE assignment_id = ? ORDER BY version DESC LIMIT 1').get(assignmentId) as
    | RawRating
    | undefined;
  return row && toRating(row);
}

export function getDraft(db: Db, assignmentId: number): { draft: Draft; secondsSpent: number } | undefined {
  const row = db.prepare('SELECT draft, seconds_spent FROM drafts WHERE assignment_id = ?').get(assignmentId) as
    | { draft: string; seconds_spent: number }
    | undefined;
  // A draft saved before markers existed (migration 0010) has none.
  return row && { draft: { markers: [], ...(JSON.parse(row.draft) as Omit<Draft, 'markers'> & Partial<Draft>) }, secondsSpent: row.seconds_spent };
}

export function upsertDraft(db: Db, assignmentId: number, draft: Omit<Draft, 'markers'> & Partial<Pick<Draft, 'markers'>>, secondsSpent: number, at: string): void {
  db.prepare(
    `INSERT INTO drafts (assignment_id, draft, seconds_spent, updated_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (assignment_id) DO UPDATE SET draft = excluded.draft, seconds_spent = excluded.seconds_spent, updated_at = excluded.updated_at`,
  ).run(assignmentId, JSON.stringify({ ...draft, markers: draft.markers ?? [] }), secondsSpent, at);
}

export function deleteDraft(db: Db, assignmentId: number): void {
  db.prepare('DELETE FROM drafts WHERE assignment_id = ?').run(assignmentId);
}

export function insertBlindingGuess(db: Db, g: { assignmentId: number; arm: string; timepoint: string; at: string }): void {
  db.prepare('INSERT INTO blinding_guesses (assignment_id, arm_guess, timepoint_guess, guessed_at) VALUES (?, ?, ?, ?)').run(
    g.assignmentId,
    g.arm,
    g.timepoint,
    g.at,
  );
}

export function hasBlindingGuess(db: Db, assignmentId: number): boolean {
  return db.prepare('SELECT 1 FROM blinding_guesses WHERE assignment_id = ?').get(assignmentId) !== undefined;
}

/** Whether any rating at all has been submitted (a study's scales are then fixed). */
export function anyRatingSubmitted(db: Db): boolean {
  return db.prepare('SELECT 1 FROM ratings LIMIT 1').get() !== undefined;
}
