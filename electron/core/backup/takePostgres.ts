// The backup of a study on PostgreSQL: `pg_dump --format=custom` of the study's database into
// `<folder>/<study>_<UTC stamp>.pgdump`, and beside it a receipt (`….pgdump.json`) of what the dump
// holds — rows per table, the audit log's length and head hash, the dump's SHA-256 — that a restore
// checks the restored database against. The dump and the receipt come from one exported snapshot
// (db/repositories/snapshot.ts), so they agree even while coders keep writing; the audit chain is
// verified in that snapshot before the dump is kept. Both files exist under their names only once
// complete (written as partials, flushed, renamed).
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PostgresDb } from '../../../db/postgres/open';
import { listClips } from '../../../db/repositories/clips';
import { exportSnapshot, tableCounts } from '../../../db/repositories/snapshot';
import { schemaVersion } from '../../../db/repositories/integrity';
import { verifyAuditChain } from '../audit/chain';
import { CoreError } from '../../common/result';
import { sha256File } from '../media/hash';
import type { Study } from '../study/study';
import { commitFile, partialPath, receiptPath, removeIfPresent } from './files';
import { libpqConnection, runPostgresProgram } from './postgresTools';

export interface BackupFacts {
  readonly auditEntries: number;
  readonly clips: readonly { readonly code: string; readonly mediaFile: string; readonly sha256: string }[];
}

export const RECEIPT_FORMAT = 'blindfold-postgres-backup';

/** What a dump holds, written beside it. */
export interface PostgresBackupReceipt {
  readonly format: typeof RECEIPT_FORMAT;
  readonly version: 1;
  readonly study: string;
  readonly takenAt: string;
  readonly schemaVersion: number;
  readonly tables: Readonly<Record<string, number>>;
  readonly auditEntries: number;
  readonly auditHead: string;
  readonly clips: number;
  readonly dump: { readonly fileName: string; readonly bytes: number; readonly sha256: string };
}

export function studyUrl(study: Study): string {
  if (!(study.db instanceof PostgresDb)) throw new CoreError('internal', 'This study is not on PostgreSQL');
  return study.db.url;
}

export async function dumpPostgresStudy(study: Study, final: string, takenAt: Date): Promise<BackupFacts> {
  const partial = partialPath(final);
  const receiptFile = receiptPath(final);
  const { dbname, env } = libpqConnection(studyUrl(study));
  const snapshot = exportSnapshot(studyUrl(study));
  try {
    const chain = verifyAuditChain(snapshot.db);
    if (!chain.ok) throw new CoreError('conflict', `The study's audit log is broken at entry ${chain.seq} (${chain.problem}); no backup was taken`);
    const tables = tableCounts(snapshot.db);
    const clips = listClips(snapshot.db).map((c) => ({ code: c.code, mediaFile: c.mediaFile, sha256: c.sha256 }));
    const version = schemaVersion(snapshot.db);
    try {
      await runPostgresProgram('pg_dump', ['--format=custom', '--no-password', `--snapshot=${snapshot.id}`, `--file=${partial}`, `--dbname=${dbname}`], env);
    } catch (error) {
      await removeIfPresent(partial).catch(() => undefined);
      throw new CoreError('internal', `The backup could not be written to ${path.dirname(final)}: ${(error as Error).message}`);
    }
    await commitFile(partial, final);
    const { size } = await stat(final);
    const receipt: PostgresBackupReceipt = {
      format: RECEIPT_FORMAT,
      version: 1,
      study: study.name,
      takenAt: takenAt.toISOString(),
      schemaVersion: version,
      tables,
      auditEntries: chain.rows,
      auditHead: chain.head,
      clips: clips.length,
      dump: { fileName: path.basename(final), bytes: size, sha256: await sha256File(final) },
    };
    const receiptPartial = partialPath(receiptFile);
    try {
      await writeFile(receiptPartial, `${JSON.stringify(receipt, null, 2)}\n`);
      await commitFile(receiptPartial, receiptFile);
    } catch (error) {
      await removeIfPresent(receiptPartial).catch(() => undefined);
      await removeIfPresent(final).catch(() => undefined);
      throw new CoreError('internal', `The backup's receipt could not be written: ${(error as Error).message}`);
    }
    return { auditEntries: chain.rows, clips };
  } finally {
    snapshot.release();
  }
}
