// Reads for reliability: each rater's latest submitted version per clip, and which clips were
// given to whom. Read-only; the rows come back with the clip's code, never its origin.
import type { StoredMarker, StoredUnscorableReason as UnscorableReason } from './types';
import type { Db } from '../open';

export type ReliabilityClipKind = 'outcome' | 'training';

export interface LatestRatingRow {
  readonly clipId: number;
  readonly code: string;
  readonly ratingId: number;
  readonly version: number;
  readonly scores: Readonly<Record<string, number>>;
  readonly notes: Readonly<Record<string, string>>;
  readonly overallNote: string;
  readonly unscorable: UnscorableReason | null;
  readonly submittedAt: string;
  readonly markers: readonly StoredMarker[];
}

interface RawLatest {
  clipId: number;
  code: string;
  ratingId: number;
  version: number;
  scores: string;
  notes: string;
  overallNote: string;
  unscorable: UnscorableReason | null;
  submittedAt: string;
  markers: string;
}

/** One row per clip of `kind` assigned to the coder and submitted: its latest version. */
export function latestRatingsOf(db: Db, coderId: number, kind: ReliabilityClipKind): LatestRatingRow[] {
  const rows = db
    .prepare(
      `SELECT c.id AS clipId, c.code AS code, r.id AS ratingId, r.version AS version, r.scores AS scores, r.notes AS notes,
              r.overall_note AS overallNote, r.unscorable_reason AS unscorable, r.submitted_at AS submittedAt,
              r.markers AS markers
         FROM assignments a
         JOIN clips c ON c.id = a.clip_id
         JOIN ratings r ON r.assignment_id = a.id
        WHERE a.coder_id = ? AND c.kind = ?
          AND r.version = (SELECT MAX(r2.version) FROM ratings r2 WHERE r2.assignment_id = a.id)
        ORDER BY c.id`,
    )
    .all(coderId, kind) as RawLatest[];
  return rows.map((r) => ({
    ...r,
    scores: JSON.parse(r.scores) as Record<string, number>,
    notes: JSON.parse(r.notes) as Record<string, string>,
    markers: JSON.parse(r.markers) as StoredMarker[],
  }));
}

/** Ids of the clips of `kind` assigned to the coder (submitted or not). */
export function assignedClipIds(db: Db, coderId: number, kind: ReliabilityClipKind): Set<number> {
  const rows = db
    .prepare('SELECT a.clip_id AS clipId FROM assignments a JOIN clips c ON c.id = a.clip_id WHERE a.coder_id = ? AND c.kind = ?')
    .all(coderId, kind) as { clipId: number }[];
  return new Set(rows.map((r) => r.clipId));
}

/** Latest version of every submitted rating of one clip, with its coder. */
export function latestRatingsOfClip(db: Db, clipId: number): { ratingId: number; coderId: number; coderName: string; scores: Record<string, number>; unscorable: boolean }[] {
  const rows = db
    .prepare(
      `SELECT r.id AS ratingId, a.coder_id AS coderId, u.name AS coderName, r.scores AS scores, r.unscorable_reason AS unscorable
         FROM assignments a
         JOIN users u ON u.id = a.coder_id
         JOIN ratings r ON r.assignment_id = a.id
        WHERE a.clip_id = ?
          AND r.version = (SELECT MAX(r2.version) FROM ratings r2 WHERE r2.assignment_id = a.id)
        ORDER BY u.name`,
    )
    .all(clipId) as { ratingId: number; coderId: number; coderName: string; scores: string; unscorable: string | null }[];
  return rows.map((r) => ({ ...r, scores: JSON.parse(r.scores) as Record<string, number>, unscorable: r.unscorable !== null }));
}

export interface ClipRatingExportRow {
  readonly code: string;
  readonly coder: string;
  readonly purpose: 'primary' | 'reliability';
  readonly ratingId: number;
  readonly version: number;
  readonly scores: Readonly<Record<string, number>>;
  readonly unscorable: UnscorableReason | null;
  readonly submittedAt: string;
}

/** Latest version of every submitted rating of every clip of `kind`, ordered by clip code and coder. */
export function latestRatingsForExport(db: Db, kind: ReliabilityClipKind): ClipRatingExportRow[] {
  const rows = db
    .prepare(
      `SELECT c.code AS code, u.name AS coder, a.purpose AS purpose, r.id AS ratingId, r.version AS version, r.scores AS scores,
              r.unscorable_reason AS unscorable, r.submitted_at AS submittedAt
         FROM assignments a
         JOIN clips c ON c.id = a.clip_id
         JOIN users u ON u.id = a.coder_id
         JOIN ratings r ON r.assignment_id = a.id
        WHERE c.kind = ?
          AND r.version = (SELECT MAX(r2.version) FROM ratings r2 WHERE r2.assignment_id = a.id)
        ORDER BY c.code, u.name`,
    )
    .all(kind) as (Omit<ClipRatingExportRow, 'scores'> & { scores: string })[];
  return rows.map((r) => ({ ...r, scores: JSON.parse(r.scores) as Record<string, number> }));
}


export interface RaterPairRow {
  readonly a: string;
  readonly b: string;
  /** Clips of the kind given to both. */
  readonly assigned: number;
  /** Of those, clips both have submitted. */
  readonly submitted: number;
}

/** Every pair of users who share clips of `kind`, with how many each pair has double-coded. */
export function raterPairs(db: Db, kind: ReliabilityClipKind): RaterPairRow[] {
  return db
    .prepare(
      `SELECT ua.name AS a, ub.name AS b, COUNT(*) AS assigned,
              SUM(CASE WHEN EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = x.id) AND EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = y.id) THEN 1 ELSE 0 END) AS submitted
         FROM assignments x
         JOIN assignments y ON y.clip_id = x.clip_id AND y.coder_id <> x.coder_id
         JOIN clips c ON c.id = x.clip_id
         JOIN users ua ON ua.id = x.coder_id
         JOIN users ub ON ub.id = y.coder_id
        WHERE c.kind = ? AND ua.name < ub.name
        GROUP BY ua.id, ua.name, ub.id, ub.name
        ORDER BY ua.name, ub.name`,
    )
    .all(kind) as RaterPairRow[];
}

/** How many coders have submitted a rating of the clip. */
export function countRatersOfClip(db: Db, clipId: number): number {
  return (
    db
      .prepare('SELECT COUNT(DISTINCT a.coder_id) AS n FROM assignments a WHERE a.clip_id = ? AND EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id)')
      .get(clipId) as { n: number }
  ).n;
}
