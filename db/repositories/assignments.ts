import type { Db } from '../open';
import type { ClipKind } from './clips';

export type AssignmentPurpose = 'primary' | 'reliability';

export interface AssignmentRow {
  readonly id: number;
  readonly clipId: number;
  readonly coderId: number;
  readonly position: number;
  readonly purpose: AssignmentPurpose;
}

/** An assignment joined with what the coder may know of its clip. */
export interface QueueRow {
  readonly assignmentId: number;
  readonly code: string;
  readonly position: number;
  readonly hasDraft: boolean;
  readonly submitted: boolean;
  readonly training: boolean;
}

export function insertAssignment(
  db: Db,
  a: { clipId: number; coderId: number; position: number; purpose: AssignmentPurpose; createdAt: string },
): number {
  const info = db
    .prepare(
      'INSERT INTO assignments (clip_id, coder_id, position, purpose, created_at) VALUES (@clipId, @coderId, @position, @purpose, @createdAt)',
    )
    .run(a);
  return Number(info.lastInsertRowid);
}

export function queueOf(db: Db, coderId: number): QueueRow[] {
  const rows = db
    .prepare(
      `SELECT a.id AS assignmentId, c.code AS code, a.position AS position,
              EXISTS (SELECT 1 FROM drafts d WHERE d.assignment_id = a.id) AS hasDraft,
              EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id) AS submitted,
              c.kind = 'training' AS training
         FROM assignments a JOIN clips c ON c.id = a.clip_id
        WHERE a.coder_id = ?
        ORDER BY a.position`,
    )
    .all(coderId) as { assignmentId: number; code: string; position: number; hasDraft: number; submitted: number; training: number }[];
  return rows.map((r) => ({ ...r, hasDraft: r.hasDraft === 1, submitted: r.submitted === 1, training: r.training === 1 }));
}

/** Where one assignment stands in its rater's queue: its 1-based place, the queue's length and its neighbours. */
export interface QueuePlace {
  readonly place: number;
  readonly total: number;
  readonly previousCode: string | null;
  readonly nextCode: string | null;
}

// Each answer is a probe or a count on the (coder_id, position) index: a clip opens in the same time
// whatever the length of the queue, where reading the whole queue grew with it.
export function queuePlace(db: Db, coderId: number, position: number): QueuePlace {
  return db
    .prepare(
      `SELECT (SELECT COUNT(*) FROM assignments WHERE coder_id = @coderId AND position <= @position) AS place,
              (SELECT COUNT(*) FROM assignments WHERE coder_id = @coderId) AS total,
              (SELECT c.code FROM assignments a JOIN clips c ON c.id = a.clip_id
                WHERE a.coder_id = @coderId AND a.position < @position ORDER BY a.position DESC LIMIT 1) AS previousCode,
              (SELECT c.code FROM assignments a JOIN clips c ON c.id = a.clip_id
                WHERE a.coder_id = @coderId AND a.position > @position ORDER BY a.position LIMIT 1) AS nextCode`,
    )
    .get({ coderId, position }) as QueuePlace;
}

/** The rater's first assignment after `position` with no submitted rating, by queue order; null when none. */
export function nextUnsubmittedAfter(db: Db, coderId: number, position: number): string | null {
  const row = db
    .prepare(
      `SELECT c.code AS code FROM assignments a JOIN clips c ON c.id = a.clip_id
        WHERE a.coder_id = ? AND a.position > ?
          AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id)
        ORDER BY a.position LIMIT 1`,
    )
    .get(coderId, position) as { code: string } | undefined;
  return row?.code ?? null;
}

export function findAssignment(db: Db, coderId: number, code: string): (AssignmentRow & { code: string }) | undefined {
  return db
    .prepare(
      `SELECT a.id, a.clip_id AS clipId, a.coder_id AS coderId, a.position, a.purpose, c.code
         FROM assignments a JOIN clips c ON c.id = a.clip_id
        WHERE a.coder_id = ? AND c.code = ?`,
    )
    .get(coderId, code) as (AssignmentRow & { code: string }) | undefined;
}

export function progressByCoder(db: Db): { name: string; done: number; total: number }[] {
  // Each coder's own assignments through the (coder_id, position) index, each clip by its key: one
  // pass over the assignments. (Probing every outcome clip for every coder grew with coders × clips.)
  return db
    .prepare(
      `SELECT u.name AS name, COUNT(c.id) AS total,
              COUNT(c.id) FILTER (WHERE c.id IS NOT NULL AND EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id)) AS done
         FROM users u
         LEFT JOIN assignments a ON a.coder_id = u.id
         LEFT JOIN clips c ON c.id = a.clip_id AND c.kind = 'outcome'
        WHERE u.role = 'coder'
        GROUP BY u.id ORDER BY u.name`,
    )
    .all() as { name: string; done: number; total: number }[];
}

/** Where an assignment of an outcome clip stands in its coder's queue, by clip code and coder name. */
export interface QueuePlaceRow {
  readonly code: string;
  readonly coder: string;
  readonly position: number;
  readonly purpose: AssignmentPurpose;
}

/** Every assignment of an outcome clip, unordered: what earlier assignment rounds made. */
export function outcomeQueuePlaces(db: Db): QueuePlaceRow[] {
  return db
    .prepare(
      `SELECT c.code, u.name AS coder, a.position, a.purpose FROM assignments a
         JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE c.kind = 'outcome'`,
    )
    .all() as QueuePlaceRow[];
}

/** Outcome assignments with neither a draft nor a rating (work not yet begun), by coder and position. */
export function untouchedOutcomeAssignments(db: Db): { code: string; coder: string; position: number }[] {
  return db
    .prepare(
      `SELECT c.code, u.name AS coder, a.position FROM assignments a
         JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
        WHERE c.kind = 'outcome'
          AND NOT EXISTS (SELECT 1 FROM drafts d WHERE d.assignment_id = a.id)
          AND NOT EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id)
        ORDER BY u.name, a.position`,
    )
    .all() as { code: string; coder: string; position: number }[];
}

/** The last position in each queue that holds anything, clips of every kind included, by coder name. */
export function lastQueuePositions(db: Db): { coder: string; last: number }[] {
  return db
    .prepare('SELECT u.name AS coder, MAX(a.position) AS last FROM assignments a JOIN users u ON u.id = a.coder_id GROUP BY u.id')
    .all() as { coder: string; last: number }[];
}

/** Moves one assignment within its coder's queue (positions are unique per coder). */
export function setAssignmentPosition(db: Db, a: { clipId: number; coderId: number; position: number }): void {
  db.prepare('UPDATE assignments SET position = ? WHERE clip_id = ? AND coder_id = ?').run(a.position, a.clipId, a.coderId);
}

/** How many distinct clips of a kind are assigned to anyone. */
export function countAssignedClips(db: Db, kind: ClipKind): number {
  return (
    db.prepare('SELECT COUNT(DISTINCT a.clip_id) AS n FROM assignments a JOIN clips c ON c.id = a.clip_id WHERE c.kind = ?').get(kind) as { n: number }
  ).n;
}
