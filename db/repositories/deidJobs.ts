// The de-identification jobs (migration 2's deid_jobs): one per imported outcome recording or
// sampled session, under its opaque code, with its status, the last error and the masks set for
// that recording alone. Nothing here names a participant or a source file; those stay sealed.
import type { Db } from '../open';

export type DeidJobKind = 'outcome' | 'session';

/** deid_jobs.status */
export type DeidJobStatus = 'pending' | 'done' | 'failed';

/** One blur or crop rectangle, as deid_jobs.masks (JSON) stores it: the contract's RegionMask. */
export interface StoredRegionMask {
  readonly kind: 'blur' | 'crop';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface DeidJobRow {
  readonly code: string;
  readonly kind: DeidJobKind;
  readonly status: DeidJobStatus;
  readonly error: string | null;
  readonly masks: StoredRegionMask[];
}

export type DeidJobCounts = Readonly<Record<DeidJobStatus, number>>;

interface RawJob {
  code: string;
  kind: DeidJobKind;
  status: DeidJobStatus;
  error: string | null;
  masks: string;
}

const toJob = (r: RawJob): DeidJobRow => ({
  code: r.code,
  kind: r.kind,
  status: r.status,
  error: r.error,
  masks: JSON.parse(r.masks) as StoredRegionMask[],
});

export function insertPendingJob(db: Db, job: { code: string; kind: DeidJobKind; createdAt: string }): void {
  db.prepare("INSERT INTO deid_jobs (code, kind, status, created_at, updated_at) VALUES (?, ?, 'pending', ?, ?)").run(
    job.code,
    job.kind,
    job.createdAt,
    job.createdAt,
  );
}

export function findJob(db: Db, code: string): DeidJobRow | undefined {
  const row = db.prepare('SELECT code, kind, status, error, masks FROM deid_jobs WHERE code = ?').get(code) as RawJob | undefined;
  return row && toJob(row);
}

/** Every job of a kind, oldest first (ties by code). */
export function listJobs(db: Db, kind: DeidJobKind): DeidJobRow[] {
  return (
    db.prepare('SELECT code, kind, status, error, masks FROM deid_jobs WHERE kind = ? ORDER BY created_at, code').all(kind) as RawJob[]
  ).map(toJob);
}

/**
 * The jobs of a kind not yet done (pending or failed): by code, or in the table's own order — for
 * outcome recordings that is the random order the import wrote them in.
 */
export function unfinishedJobs(db: Db, kind: DeidJobKind, order: 'code' | 'stored'): DeidJobRow[] {
  // rowid: SQLite's own, and an identity column of the same name on PostgreSQL (migration 0002).
  const sql = `SELECT code, kind, status, error, masks FROM deid_jobs WHERE status <> 'done' AND kind = ? ORDER BY ${order === 'code' ? 'code' : 'rowid'}`;
  return (db.prepare(sql).all(kind) as RawJob[]).map(toJob);
}

/** How many jobs of a kind are pending, done and failed. */
export function jobCounts(db: Db, kind: DeidJobKind): DeidJobCounts {
  const rows = db.prepare('SELECT status, COUNT(*) AS n FROM deid_jobs WHERE kind = ? GROUP BY status').all(kind) as { status: DeidJobStatus; n: number }[];
  const count = (status: DeidJobStatus) => rows.find((r) => r.status === status)?.n ?? 0;
  return { pending: count('pending'), done: count('done'), failed: count('failed') };
}

export function setJobMasks(db: Db, code: string, masks: readonly StoredRegionMask[], updatedAt: string): void {
  db.prepare('UPDATE deid_jobs SET masks = ?, updated_at = ? WHERE code = ?').run(JSON.stringify(masks), updatedAt, code);
}

export function markJobDone(db: Db, code: string, updatedAt: string): void {
  db.prepare("UPDATE deid_jobs SET status = 'done', error = NULL, updated_at = ? WHERE code = ?").run(updatedAt, code);
}

/** `error` is stored for the manager's job list; it names no source file. */
export function markJobFailed(db: Db, code: string, error: string, updatedAt: string): void {
  db.prepare("UPDATE deid_jobs SET status = 'failed', error = ?, updated_at = ? WHERE code = ?").run(error, updatedAt, code);
}

/** Every code in use, by a clip or a job: a new code must be none of them. */
export function codesInUse(db: Db): string[] {
  return (db.prepare('SELECT code FROM clips UNION SELECT code FROM deid_jobs').all() as { code: string }[]).map((r) => r.code);
}
