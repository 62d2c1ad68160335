// The record of backups taken (migration 0006).
import type { Db } from '../open';

export interface BackupRow {
  readonly id: number;
  readonly fileName: string;
  readonly folder: string;
  readonly trigger: 'manual' | 'scheduled';
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly bytes: number;
  readonly sha256: string;
  /** Media files present in the backup's media folder after it ran; null when media were not copied. */
  readonly mediaFiles: number | null;
  readonly actor: string;
}

const COLUMNS =
  'id, file_name AS fileName, folder, trigger, started_at AS startedAt, finished_at AS finishedAt, bytes, sha256, media_files AS mediaFiles, actor';

export function insertBackup(db: Db, row: Omit<BackupRow, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO backups (file_name, folder, trigger, started_at, finished_at, bytes, sha256, media_files, actor)
       VALUES (@fileName, @folder, @trigger, @startedAt, @finishedAt, @bytes, @sha256, @mediaFiles, @actor)`,
    )
    .run(row);
  return Number(info.lastInsertRowid);
}

/** Newest first. */
export function listBackups(db: Db, limit = 100): BackupRow[] {
  return db.prepare(`SELECT ${COLUMNS} FROM backups ORDER BY finished_at DESC, id DESC LIMIT ?`).all(limit) as BackupRow[];
}

export function lastBackup(db: Db): BackupRow | undefined {
  return listBackups(db, 1)[0];
}
