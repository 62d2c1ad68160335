// Taking a backup of an open study while it is in use. A study on PostgreSQL is dumped by pg_dump
// instead (./takePostgres.ts: `<study>_<stamp>.pgdump` and its receipt); the rest — naming, media,
// the backups table, the audit entry, retention — is the same for both engines. SQLite's online backup (better-sqlite3's
// db.backup, which copies committed pages — WAL included — step by step without blocking writers)
// into `<folder>/<study>_<UTC stamp>.sqlite`, checked before it gets that name. Optionally the
// de-identified media too, into one media folder shared by all backups in the folder: clips are
// immutable and named by code, so each is copied once and later backups only add new ones.
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { sqliteOf } from '../../../db/engine';
import type { Db } from '../../../db/open';
import { insertBackup } from '../../../db/repositories/backups';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';
import type { Study } from '../study/study';
import { dumpPostgresStudy, type BackupFacts } from './takePostgres';
import {
  backupFileName,
  backupFilePattern,
  type BackupExtension,
  receiptPath,
  commitFile,
  copyVerified,
  exists,
  mediaFolderName,
  partialPath,
  removeIfPresent,
  studySlug,
} from './files';
import { sha256File } from '../media/hash';
import { verifyStudyFile } from './verify';

export interface BackupRequest {
  /** A folder the manager chose; it must exist (a missing backup drive is an error, not a new folder). */
  readonly folder: string;
  /** Also copy the de-identified media (see the file's header). Default false. */
  readonly includeMedia?: boolean;
  readonly trigger?: 'manual' | 'scheduled';
  /** Keep only this many of this study's backup files in the folder, deleting the oldest. Default: keep all. */
  readonly keep?: number | null;
  readonly now?: () => Date;
  /** Media files checked so far of all of them (present or copied), as the media copy goes on. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface MediaCopy {
  readonly folder: string;
  readonly copied: number;
  readonly present: number;
  /** Codes whose file was missing from the study or did not match its recorded hash. */
  readonly problems: readonly string[];
}

export interface BackupReceipt {
  readonly file: string;
  readonly fileName: string;
  readonly folder: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly takenAt: string;
  readonly auditEntries: number;
  readonly clips: number;
  readonly media: MediaCopy | null;
  readonly pruned: readonly string[];
}

// One backup at a time per database: a scheduled run and an on-demand one never interleave.
const inFlight = new WeakMap<Db, Promise<unknown>>();

function serialised<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const next = (inFlight.get(db) ?? Promise.resolve()).catch(() => undefined).then(work);
  inFlight.set(db, next);
  return next;
}

async function checkFolder(folder: string, studyDir: string): Promise<string> {
  const resolved = path.resolve(folder);
  let isDir: boolean;
  try {
    isDir = (await stat(resolved)).isDirectory();
  } catch {
    throw new CoreError('not_found', `The backup folder ${resolved} does not exist (is the drive connected?)`);
  }
  if (!isDir) throw new CoreError('bad_input', `${resolved} is not a folder`);
  const inside = path.relative(studyDir, resolved);
  if (inside === '' || (!inside.startsWith('..') && !path.isAbsolute(inside))) {
    throw new CoreError('bad_input', 'Choose a backup folder outside the study folder (ideally on another drive)');
  }
  return resolved;
}

async function copyMedia(
  study: Study,
  folder: string,
  slug: string,
  clips: BackupFacts['clips'],
  onProgress?: (done: number, total: number) => void,
): Promise<MediaCopy> {
  const mediaFolder = path.join(folder, mediaFolderName(slug));
  await mkdir(mediaFolder, { recursive: true });
  let copied = 0;
  let present = 0;
  const problems: string[] = [];
  for (const [i, clip] of clips.entries()) {
    onProgress?.(i, clips.length);
    if (path.basename(clip.mediaFile) !== clip.mediaFile) {
      problems.push(clip.code);
      continue;
    }
    const target = path.join(mediaFolder, clip.mediaFile);
    // Files here were written only through copyVerified, so one that exists is complete and checked.
    if (await exists(target)) present++;
    else if (await copyVerified(path.join(study.paths.blindedMedia, clip.mediaFile), target, clip.sha256)) copied++;
    else problems.push(clip.code);
  }
  onProgress?.(clips.length, clips.length);
  return { folder: mediaFolder, copied, present: present + copied, problems };
}

async function prune(folder: string, slug: string, keep: number, justMade: string, extension: BackupExtension): Promise<string[]> {
  const pattern = backupFilePattern(slug, extension);
  const ours = (await readdir(folder)).filter((f) => pattern.test(f)).sort().reverse();
  const doomed = ours.slice(keep).filter((f) => f !== justMade);
  for (const file of doomed) {
    await removeIfPresent(path.join(folder, file));
    if (extension === 'pgdump') await removeIfPresent(receiptPath(path.join(folder, file)));
  }
  return doomed;
}

/** SQLite's online backup into a partial file, checked, then given its name. */
async function copySqliteStudy(study: Study, final: string, folder: string): Promise<BackupFacts> {
  const partial = partialPath(final);
  try {
    await sqliteOf(study.db, 'This backup').backup(partial);
    const facts = verifyStudyFile(partial, 'The new backup');
    await commitFile(partial, final);
    return { auditEntries: facts.auditEntries, clips: facts.clips };
  } catch (error) {
    await removeIfPresent(partial).catch(() => undefined);
    await removeIfPresent(`${partial}-journal`).catch(() => undefined);
    if (error instanceof CoreError) throw error;
    throw new CoreError('internal', `The backup could not be written to ${folder}: ${(error as Error).message}`);
  }
}

export function backupStudy(study: Study, actor: string, request: BackupRequest): Promise<BackupReceipt> {
  return serialised(study.db, async () => {
    const folder = await checkFolder(request.folder, study.paths.dir);
    if (request.keep != null && !(Number.isInteger(request.keep) && request.keep >= 1)) {
      throw new CoreError('bad_input', 'The number of backups to keep must be a whole number of at least 1');
    }
    const now = request.now ?? (() => new Date());
    const startedAt = now();
    const slug = studySlug(study.name);
    const engine = study.db.engine;
    const extension = engine === 'postgres' ? 'pgdump' : 'sqlite';
    let attempt = 1;
    while (await exists(path.join(folder, backupFileName(slug, startedAt, attempt, extension)))) attempt++;
    const fileName = backupFileName(slug, startedAt, attempt, extension);
    const final = path.join(folder, fileName);
    const facts = engine === 'postgres' ? await dumpPostgresStudy(study, final, startedAt) : await copySqliteStudy(study, final, folder);
    const [bytes, sha256] = [(await stat(final)).size, await sha256File(final)];
    const media = request.includeMedia ? await copyMedia(study, folder, slug, facts.clips, request.onProgress) : null;
    const finishedAt = now().toISOString();
    study.db.transaction(() => {
      insertBackup(study.db, {
        fileName,
        folder,
        trigger: request.trigger ?? 'manual',
        startedAt: startedAt.toISOString(),
        finishedAt,
        bytes,
        sha256,
        mediaFiles: media ? media.present : null,
        actor,
      });
      appendAudit(study.db, {
        actor,
        action: 'study.backup',
        detail: {
          file: fileName,
          folder,
          bytes,
          sha256,
          trigger: request.trigger ?? 'manual',
          ...(engine === 'postgres' ? { engine: 'postgresql', receipt: path.basename(receiptPath(final)) } : {}),
          ...(media ? { media: { copied: media.copied, present: media.present, problems: media.problems.length } } : {}),
        },
      });
    })();
    const pruned = request.keep != null ? await prune(folder, slug, request.keep, fileName, extension) : [];
    return {
      file: final,
      fileName,
      folder,
      bytes,
      sha256,
      takenAt: startedAt.toISOString(),
      auditEntries: facts.auditEntries,
      clips: facts.clips.length,
      media,
      pruned,
    };
  });
}
