import type { Db } from '../open';

export type ClipKind = 'outcome' | 'session' | 'training';

export interface ClipRow {
  readonly id: number;
  readonly code: string;
  readonly kind: ClipKind;
  readonly mediaFile: string;
  readonly sha256: string;
  readonly durationSeconds: number;
  readonly frameRate: number | null;
  readonly width: number | null;
  readonly height: number | null;
}

interface RawClip {
  id: number;
  code: string;
  kind: ClipKind;
  media_file: string;
  sha256: string;
  duration_seconds: number;
  frame_rate: number | null;
  width: number | null;
  height: number | null;
}

const toClip = (r: RawClip): ClipRow => ({
  id: r.id,
  code: r.code,
  kind: r.kind,
  mediaFile: r.media_file,
  sha256: r.sha256,
  durationSeconds: r.duration_seconds,
  frameRate: r.frame_rate,
  width: r.width,
  height: r.height,
});

export function insertClip(db: Db, clip: Omit<ClipRow, 'id'> & { createdAt: string }): number {
  const info = db
    .prepare(
      `INSERT INTO clips (code, kind, media_file, sha256, duration_seconds, frame_rate, width, height, created_at)
       VALUES (@code, @kind, @mediaFile, @sha256, @durationSeconds, @frameRate, @width, @height, @createdAt)`,
    )
    .run(clip);
  return Number(info.lastInsertRowid);
}

export function findClipByCode(db: Db, code: string): ClipRow | undefined {
  const row = db.prepare('SELECT * FROM clips WHERE code = ?').get(code) as RawClip | undefined;
  return row && toClip(row);
}

export function listClips(db: Db): ClipRow[] {
  return (db.prepare('SELECT * FROM clips ORDER BY id').all() as RawClip[]).map(toClip);
}

/** The clips of one kind, by code. */
export function clipsOfKind(db: Db, kind: ClipKind): ClipRow[] {
  return (db.prepare('SELECT * FROM clips WHERE kind = ? ORDER BY code').all(kind) as RawClip[]).map(toClip);
}

/** How many clips of the given kinds have been made. */
export function countClips(db: Db, kinds: readonly ClipKind[]): number {
  if (kinds.length === 0) return 0;
  const row = db.prepare(`SELECT COUNT(*) AS n FROM clips WHERE kind IN (${kinds.map(() => '?').join(', ')})`).get(...kinds) as { n: number };
  return row.n;
}
