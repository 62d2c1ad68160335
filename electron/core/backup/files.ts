// Names and durable writes for backups. A backup or a restored file exists under its final name only
// once it is complete and flushed; until then it is a dot-file ending in `.partial`.
import { copyFile, mkdir, open, readdir, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { CoreError } from '../../common/result';
import { sha256File } from '../media/hash';

/** The study's name made safe for file names on every platform (Windows included). */
export function studySlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 48)
    .replace(/[-.]+$/, '');
  return slug || 'study';
}

/** UTC, to the second, sortable, without the colons Windows forbids: 20250131T235959Z. */
export function utcStamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** A backup's file extension: a SQLite file, or pg_dump's custom format for a study on PostgreSQL. */
export type BackupExtension = 'sqlite' | 'pgdump';

export function backupFileName(slug: string, date: Date, attempt = 1, extension: BackupExtension = 'sqlite'): string {
  return `${slug}_${utcStamp(date)}${attempt > 1 ? `-${attempt}` : ''}.${extension}`;
}

/** Matches the file names backupFileName makes for this study; group 1 is the stamp. */
export function backupFilePattern(slug: string, extension: BackupExtension = 'sqlite'): RegExp {
  const escaped = slug.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${escaped}_(\\d{8}T\\d{6}Z)(?:-\\d+)?\\.${extension}$`);
}

/** The receipt written beside a PostgreSQL dump: what it holds, for the restore to check against. */
export function receiptPath(dumpFile: string): string {
  return `${dumpFile}.json`;
}

/** The media folder shared by all backups of a study in one backup folder. */
export function mediaFolderName(slug: string): string {
  return `${slug}_media`;
}

export function partialPath(final: string): string {
  return path.join(path.dirname(final), `.${path.basename(final)}.partial`);
}

export async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

export async function removeIfPresent(file: string): Promise<void> {
  try {
    await unlink(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

export async function fsyncFile(file: string): Promise<void> {
  const handle = await open(file, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function fsyncFolder(folder: string): Promise<void> {
  // Windows cannot open a folder to flush it; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** fsync the partial, rename it over the final name, fsync the folder so the rename survives a crash. */
export async function commitFile(partial: string, final: string): Promise<void> {
  await fsyncFile(partial);
  await rename(partial, final);
  await fsyncFolder(path.dirname(final));
}

/**
 * Copies a file that must have a known SHA-256 (a de-identified clip): through a partial, checked,
 * then committed. Returns false, leaving nothing behind, when the source is missing or differs.
 */
export async function copyVerified(source: string, final: string, sha256: string): Promise<boolean> {
  if (!(await exists(source))) return false;
  const partial = partialPath(final);
  try {
    await copyFile(source, partial);
    if ((await sha256File(partial)) !== sha256.toLowerCase()) {
      await removeIfPresent(partial);
      return false;
    }
    await commitFile(partial, final);
    return true;
  } catch (error) {
    await removeIfPresent(partial).catch(() => undefined);
    throw error;
  }
}

/** Makes `dir` if it is missing (true: made here) or checks it is empty (false); refuses otherwise. */
export async function prepareEmptyFolder(dir: string): Promise<boolean> {
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    await mkdir(dir, { recursive: true });
    return true;
  }
  if (entries.length > 0) throw new CoreError('conflict', `${dir} is not empty; restore into a new, empty folder`);
  return false;
}
