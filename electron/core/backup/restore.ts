// Restoring a backup into a new study folder — never over an existing study. The database is
// copied under a temporary name, checked (SQLite integrity, audit chain, a study this version can
// open), the media copied and checked against the hashes the database recorded, and only then
// given its final name; a restore that fails part-way leaves no study behind.
import { copyFile, mkdir, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { integrityCheck } from '../../../db/repositories/integrity';
import { appendAudit, verifyAuditChain } from '../audit/chain';
import { CoreError } from '../../common/result';
import { studyPaths } from '../study/paths';
import { openStudy } from '../study/study';
import { commitFile, copyVerified, exists, fsyncFile, mediaFolderName, partialPath, prepareEmptyFolder, removeIfPresent, studySlug } from './files';
import { verifyStudyFile } from './verify';

export interface RestoreRequest {
  /**
   * Where the de-identified media are: a backup's `<study>_media` folder or the damaged study's
   * `media` folder. Default: the `<study>_media` folder beside the backup file, if there is one.
   */
  readonly mediaFolder?: string;
}

export interface RestoreReport {
  readonly studyDir: string;
  readonly name: string;
  readonly auditEntries: number;
  readonly clips: number;
  readonly mediaCopied: number;
  /** Codes of clips whose media file was not found or did not match the recorded hash. */
  readonly mediaMissing: readonly string[];
  readonly mediaFolder: string | null;
}

async function isFile(file: string): Promise<boolean> {
  try {
    return (await stat(file)).isFile();
  } catch {
    return false;
  }
}

async function prepareTarget(dir: string): Promise<boolean> {
  const paths = studyPaths(dir);
  if (await exists(paths.database)) throw new CoreError('conflict', `A study already exists in ${paths.dir}; restore into a new folder`);
  return prepareEmptyFolder(paths.dir);
}

export async function restoreStudy(backupFile: string, studyDir: string, actor: string, request: RestoreRequest = {}): Promise<RestoreReport> {
  const source = path.resolve(backupFile);
  if (!(await isFile(source))) throw new CoreError('not_found', `There is no backup file at ${source}`);
  const paths = studyPaths(studyDir);
  const createdFolder = await prepareTarget(paths.dir);
  const staging = partialPath(paths.database);
  let facts: ReturnType<typeof verifyStudyFile>;
  let mediaCopied = 0;
  const mediaMissing: string[] = [];
  let mediaFolder: string | null;
  try {
    await copyFile(source, staging);
    facts = verifyStudyFile(staging);
    await fsyncFile(staging);

    const besideBackup = path.join(path.dirname(source), mediaFolderName(studySlug(facts.name)));
    mediaFolder = request.mediaFolder ? path.resolve(request.mediaFolder) : (await exists(besideBackup)) ? besideBackup : null;
    if (request.mediaFolder && !(await exists(mediaFolder!))) throw new CoreError('not_found', `There is no media folder at ${mediaFolder}`);
    await mkdir(paths.blindedMedia, { recursive: true });
    for (const clip of facts.clips) {
      const ok =
        mediaFolder !== null &&
        path.basename(clip.mediaFile) === clip.mediaFile &&
        (await copyVerified(path.join(mediaFolder, clip.mediaFile), path.join(paths.blindedMedia, clip.mediaFile), clip.sha256));
      if (ok) mediaCopied++;
      else mediaMissing.push(clip.code);
    }
    await commitFile(staging, paths.database);
  } catch (error) {
    await removeIfPresent(staging).catch(() => undefined);
    await removeIfPresent(`${staging}-journal`).catch(() => undefined);
    await rm(paths.blindedMedia, { recursive: true, force: true }).catch(() => undefined);
    if (createdFolder) await rmdir(paths.dir).catch(() => undefined);
    if (error instanceof CoreError) throw error;
    throw new CoreError('internal', `The backup could not be restored: ${(error as Error).message}`);
  }

  // Opened the normal way: migrations bring an older backup up to date, WAL is switched back on.
  const study = openStudy(paths.dir);
  try {
    const integrity = integrityCheck(study.db).join('\n');
    const chain = verifyAuditChain(study.db);
    if (integrity !== 'ok' || !chain.ok) throw new CoreError('internal', 'The restored study failed its checks; keep the backup and report this');
    appendAudit(study.db, {
      actor,
      action: 'study.restore',
      detail: { from: path.basename(source), backupAuditHead: facts.auditHead, mediaCopied, mediaMissing: mediaMissing.length },
    });
  } finally {
    study.close();
  }
  return {
    studyDir: paths.dir,
    name: facts.name,
    auditEntries: facts.auditEntries,
    clips: facts.clips.length,
    mediaCopied,
    mediaMissing,
    mediaFolder,
  };
}
