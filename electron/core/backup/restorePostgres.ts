// Restoring a PostgreSQL backup (./takePostgres.ts) into a fresh, empty PostgreSQL database and a new
// study folder. pg_restore runs in one transaction (--single-transaction --exit-on-error), so a dump
// it cannot restore leaves the database as it was; then the restored database is checked against
// the dump's receipt — every table's row count, the audit chain verified with the receipt's length
// and head — and only then are the media copied (each checked against its clip's hash), the folder
// linked to the database (study.postgres.json) and the restore audited. A check that fails drops
// what the restore created, so the database is empty again, and removes the folder it made.
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { existingTables } from '../../../db/postgres/admin';
import { openPostgres, redactUrl } from '../../../db/postgres/open';
import { listClips } from '../../../db/repositories/clips';
import { dropObjectsSince, schemaObjects, tableCounts } from '../../../db/repositories/snapshot';
import { appendAudit, verifyAuditChain } from '../audit/chain';
import { CoreError } from '../../common/result';
import { sha256File } from '../media/hash';
import { studyPaths } from '../study/paths';
import { requirePostgresUrl, writePostgresLink } from '../study/study';
import { copyVerified, exists, mediaFolderName, prepareEmptyFolder, receiptPath, studySlug } from './files';
import { libpqConnection, runPostgresProgram } from './postgresTools';
import type { RestoreReport, RestoreRequest } from './restore';
import { RECEIPT_FORMAT, type PostgresBackupReceipt } from './takePostgres';

/** Whether a backup file is a PostgreSQL dump (by its receipt beside it, or its name). */
export async function isPostgresBackup(file: string): Promise<boolean> {
  return file.endsWith('.pgdump') || (await exists(receiptPath(file)));
}

async function readReceipt(dump: string): Promise<PostgresBackupReceipt> {
  const file = receiptPath(dump);
  let receipt: Partial<PostgresBackupReceipt>;
  try {
    receipt = JSON.parse(await readFile(file, 'utf8')) as Partial<PostgresBackupReceipt>;
  } catch {
    throw new CoreError('not_found', `The backup's receipt ${file} is missing or unreadable; it is written beside every PostgreSQL backup and the restore checks against it`);
  }
  if (receipt.format !== RECEIPT_FORMAT || receipt.version !== 1 || typeof receipt.tables !== 'object' || typeof receipt.auditHead !== 'string' || !receipt.dump) {
    throw new CoreError('bad_input', `${file} is not a Blindfold PostgreSQL backup receipt`);
  }
  return receipt as PostgresBackupReceipt;
}

export async function restorePostgresStudy(dumpFile: string, studyDir: string, url: string, actor: string, request: RestoreRequest = {}): Promise<RestoreReport> {
  const source = path.resolve(dumpFile);
  if (!(await exists(source))) throw new CoreError('not_found', `There is no backup file at ${source}`);
  requirePostgresUrl(url);
  const receipt = await readReceipt(source);
  if ((await sha256File(source)) !== receipt.dump.sha256) throw new CoreError('bad_input', `${source} does not match its receipt's SHA-256: the dump is damaged or not the one the receipt describes`);
  const database = redactUrl(url);
  const tables = existingTables(url);
  if (tables.length > 0) {
    throw new CoreError('conflict', `The database ${database} is not empty (it has ${tables.length} table${tables.length === 1 ? '' : 's'}: ${tables.slice(0, 3).join(', ')}${tables.length > 3 ? ', …' : ''}); restore into a new, empty database. Nothing was changed`);
  }
  const mediaFolder = request.mediaFolder ? path.resolve(request.mediaFolder) : path.join(path.dirname(source), mediaFolderName(studySlug(receipt.study)));
  if (request.mediaFolder && !(await exists(mediaFolder))) throw new CoreError('not_found', `There is no media folder at ${mediaFolder}`);
  const paths = studyPaths(studyDir);
  const createdFolder = await prepareEmptyFolder(paths.dir);

  const before = (() => {
    const db = openPostgres(url, { migrate: false });
    try {
      return schemaObjects(db);
    } finally {
      db.close();
    }
  })();
  const { dbname, env } = libpqConnection(url);
  let restored = false;
  try {
    await runPostgresProgram('pg_restore', ['--no-owner', '--exit-on-error', '--single-transaction', '--no-password', `--dbname=${dbname}`, source], env);
    restored = true;
    const db = openPostgres(url);
    try {
      const counts = tableCounts(db);
      for (const [table, rows] of Object.entries(receipt.tables)) {
        if (table === 'schema_migrations') continue; // a newer Blindfold may have applied more on opening
        if (counts[table] !== rows) throw new CoreError('conflict', `The restored ${table} has ${counts[table] ?? 'no'} rows, the receipt says ${rows}`);
      }
      const chain = verifyAuditChain(db);
      if (!chain.ok) throw new CoreError('conflict', `The restored audit log is broken at entry ${chain.seq} (${chain.problem})`);
      if (chain.rows !== receipt.auditEntries || chain.head !== receipt.auditHead) {
        throw new CoreError('conflict', `The restored audit log ends at ${chain.head.slice(0, 12)}… after ${chain.rows} entries, the receipt's at ${receipt.auditHead.slice(0, 12)}… after ${receipt.auditEntries}`);
      }
      const clips = listClips(db);
      await mkdir(paths.blindedMedia, { recursive: true });
      const mediaMissing: string[] = [];
      let mediaCopied = 0;
      const haveMedia = await exists(mediaFolder);
      for (const clip of clips) {
        const ok =
          haveMedia &&
          path.basename(clip.mediaFile) === clip.mediaFile &&
          (await copyVerified(path.join(mediaFolder, clip.mediaFile), path.join(paths.blindedMedia, clip.mediaFile), clip.sha256));
        if (ok) mediaCopied++;
        else mediaMissing.push(clip.code);
      }
      writePostgresLink(paths, url);
      db.transaction(() =>
        appendAudit(db, {
          actor,
          action: 'study.restore',
          detail: { from: path.basename(source), backupAuditHead: receipt.auditHead, database, mediaCopied, mediaMissing: mediaMissing.length },
        }),
      )();
      return { studyDir: paths.dir, name: receipt.study, auditEntries: chain.rows, clips: clips.length, mediaCopied, mediaMissing, mediaFolder: haveMedia ? mediaFolder : null };
    } finally {
      db.close();
    }
  } catch (error) {
    if (restored) {
      const db = openPostgres(url, { migrate: false });
      try {
        dropObjectsSince(db, before);
      } finally {
        db.close();
      }
    }
    await rm(paths.blindedMedia, { recursive: true, force: true }).catch(() => undefined);
    await rm(paths.postgresLink, { force: true }).catch(() => undefined);
    if (createdFolder) await rmdir(paths.dir).catch(() => undefined);
    if (error instanceof CoreError) throw error;
    throw new CoreError('internal', `The backup could not be restored: ${(error as Error).message}`);
  }
}
