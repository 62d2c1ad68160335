// Moving a study from its SQLite file to PostgreSQL (issue 14, point 4): whole or not at all. It
// sits with the backups: like a restore, it copies a study's store elsewhere and checks the copy
// (rows, media hashes, audit chain) before calling it done.
//
// Everything on the target — the schema (the migrations), every row, the identity sequences, the
// checks and the `study.move` audit entry — runs in ONE PostgreSQL transaction (PostgreSQL's DDL is
// transactional), so any failure rolls the target back to the empty database it was.
//
// Even a read-only SQLite connection leaves -shm and -wal files beside a WAL database, so the rows
// are read from a copy of study.sqlite in a temporary folder: nothing is written into the study
// folder (unless --link is asked for). A study in use — its -wal holding changes not yet in the
// file, or the file changing — is refused: what was written after the copy would be left behind.
// The file's hash is checked again inside the target's transaction, before it commits.
//
// The target's triggers stay on during the copy, rather than `SET session_replication_role =
// replica`: that needs a superuser (which a DBA-hosted study's role is not), and it would switch
// off the foreign keys too. With the guards on, every copied row is checked by the database as it
// lands, exactly as if the study had been built there. This works because rows go in the order they
// were written (rowid), tables in foreign-key order, and the lock last: every table the lock freezes
// is filled while study_lock is still empty, then study_lock, then the tables that may only be
// written after the lock (unblinding).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openDatabase, type Db } from '../../../db/open';
import { migrate } from '../../../db/migrate';
import { MIGRATIONS } from '../../../db/migrations';
import { existingTables } from '../../../db/postgres/admin';
import { openPostgres, redactUrl } from '../../../db/postgres/open';
import {
  clipHashes,
  countRows,
  followIdentity,
  insertRows,
  migrationVersions,
  postgresForeignKeyParents,
  postgresIdentityColumns,
  postgresTableColumns,
  sqliteRows,
  sqliteTableColumns,
} from '../../../db/repositories/move';
import { appendAudit, verifyAuditChain } from '../audit/chain';
import { sha256File } from '../media/hash';
import { CoreError } from '../../common/result';
import { studyPaths } from '../study/paths';
import { openStudy, requirePostgresUrl, writePostgresLink } from '../study/study';

/** Tables written only once the study is locked (their insert triggers require study_lock). */
const AFTER_LOCK = ['study_lock', 'unblinding'] as const;
/** Written by the migrations themselves on the target; compared, not copied. */
const NOT_COPIED = new Set(['schema_migrations']);

export interface MoveOptions {
  /** Write study.postgres.json into the folder, so that the folder opens its PostgreSQL database. */
  readonly link?: boolean;
}

export interface MoveReport {
  /** The target, without its password. */
  readonly database: string;
  readonly tables: readonly { readonly name: string; readonly rows: number }[];
  readonly clips: number;
  /** Media files re-hashed against the clips' recorded SHA-256. */
  readonly mediaChecked: number;
  /** Entries copied (the source's), and the head hash both chains share. */
  readonly auditEntries: number;
  readonly sourceAuditHead: string;
  /** The head after the `study.move` entry appended on the target. */
  readonly auditHead: string;
  /** SHA-256 of study.sqlite, before and after (equal: the source is untouched). */
  readonly sourceSha256: string;
  readonly linked: boolean;
}

/** Tables in an order every foreign key allows (parents first), then the lock and what follows it. */
export function copyOrder(tables: readonly string[], parents: ReadonlyMap<string, ReadonlySet<string>>): string[] {
  const last = AFTER_LOCK.filter((t) => tables.includes(t));
  const pending = new Set(tables.filter((t) => !last.includes(t as (typeof AFTER_LOCK)[number])));
  const order: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((t) => [...(parents.get(t) ?? [])].every((p) => p === t || !pending.has(p))).sort();
    if (ready.length === 0) throw new CoreError('internal', `The foreign keys of ${[...pending].join(', ')} form a cycle; they cannot be copied in order`);
    for (const t of ready) {
      order.push(t);
      pending.delete(t);
    }
  }
  return [...order, ...last];
}

const IN_USE = 'study.sqlite changed while it was being read: the study is in use. Stop the app or server that has it open, then move it';

/** A -wal with content holds changes not yet in study.sqlite: the study is open (or was not closed cleanly). */
function assertNotInUse(file: string): void {
  const wal = `${file}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    fail(`The study is in use or was not closed cleanly (${path.basename(wal)} holds changes not yet in study.sqlite). Stop the app or server that has it open — if none does, run "blindfold status" on the folder once, which closes it cleanly — then move it`);
  }
}

function sha256FileSync(file: string): string {
  const hash = createHash('sha256');
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(1 << 20);
    for (let n = readSync(fd, buffer); n > 0; n = readSync(fd, buffer)) hash.update(buffer.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function fail(message: string): never {
  throw new CoreError('conflict', `${message}. Nothing was moved: the target database is as it was, and the study folder is untouched`);
}

/** Re-hashes every clip's media file in the folder against the hash the source recorded. */
async function checkMedia(mediaDir: string, clips: ReadonlyMap<string, { mediaFile: string; sha256: string }>): Promise<number> {
  let checked = 0;
  for (const [code, clip] of clips) {
    const file = path.join(mediaDir, clip.mediaFile);
    if (path.basename(clip.mediaFile) !== clip.mediaFile || !existsSync(file)) fail(`The media file of clip ${code} (${clip.mediaFile}) is missing from ${mediaDir}`);
    if ((await sha256File(file)) !== clip.sha256.toLowerCase()) fail(`The media file of clip ${code} (${clip.mediaFile}) does not match the SHA-256 the study recorded for it`);
    checked++;
  }
  return checked;
}

export async function moveStudyToPostgres(studyDir: string, url: string, actor: string, options: MoveOptions = {}): Promise<MoveReport> {
  const paths = studyPaths(studyDir);
  requirePostgresUrl(url);
  if (existsSync(paths.postgresLink)) throw new CoreError('conflict', `The study in ${paths.dir} is already on PostgreSQL (study.postgres.json)`);
  if (!existsSync(paths.database)) throw new CoreError('not_found', `No study found in ${paths.dir} (no study.sqlite)`);
  const database = redactUrl(url);
  const tablesBefore = existingTables(url);
  if (tablesBefore.length > 0) {
    throw new CoreError(
      'conflict',
      `The database ${database} is not empty (it has ${tablesBefore.length} table${tablesBefore.length === 1 ? '' : 's'}: ${tablesBefore.slice(0, 3).join(', ')}${tablesBefore.length > 3 ? ', …' : ''}); a study moves only into an empty database of its own. Nothing was changed`,
    );
  }
  assertNotInUse(paths.database);
  const sourceSha256 = await sha256File(paths.database);
  const scratch = mkdtempSync(path.join(tmpdir(), 'blindfold-move-'));
  let report: Omit<MoveReport, 'mediaChecked' | 'sourceSha256' | 'linked'>;
  let mediaChecked: number;
  try {
    const copy = path.join(scratch, 'study.sqlite');
    await copyFile(paths.database, copy);
    if ((await sha256File(copy)) !== sourceSha256) fail(IN_USE);
    const source = openDatabase(copy, { readonly: true });
    try {
      const sourceVersions = migrationVersions(source);
      if (sourceVersions.length !== MIGRATIONS.length || sourceVersions.some((v, i) => v !== i + 1)) {
        const newest = sourceVersions[sourceVersions.length - 1] ?? 0;
        if (newest > MIGRATIONS.length) fail(`The study was made by a newer version of Blindfold (schema ${newest}); update Blindfold first`);
        fail(`The study's schema is at version ${newest}, this Blindfold's at ${MIGRATIONS.length}: open the study once with this version (e.g. blindfold status ${paths.dir}) to bring it up to date, then move it`);
      }
      const sourceChain = verifyAuditChain(source);
      if (!sourceChain.ok) fail(`The study's audit log is broken at entry ${sourceChain.seq} (${sourceChain.problem}); a study moves only with an intact chain`);
      const sourceClips = clipHashes(source);
      mediaChecked = await checkMedia(paths.blindedMedia, sourceClips);

      const target = openPostgres(url, { migrate: false });
      try {
        report = target.transaction(() => {
          const already = postgresTableColumns(target);
          if (already.size > 0) fail(`The database ${database} is no longer empty (another process created ${[...already.keys()].slice(0, 3).join(', ')})`);
          migrate(target);
          const copied = copyAndVerify(source, target, { database, actor, sourceHead: sourceChain.head, sourceEntries: sourceChain.rows, sourceClips });
          // Last, before the commit: the study was not written to while it was being moved.
          assertNotInUse(paths.database);
          if (sha256FileSync(paths.database) !== sourceSha256) fail(IN_USE);
          return copied;
        })();
      } finally {
        target.close();
      }
    } finally {
      source.close();
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }

  // Committed: opened the way a server opens it, the chain checked once more on a fresh connection.
  const moved = openStudy(paths.dir, { database: url });
  try {
    const chain = verifyAuditChain(moved.db);
    if (!chain.ok || chain.head !== report.auditHead) throw new CoreError('internal', `The moved study was committed to ${database} but does not read back as verified; do not use it, and report this`);
  } finally {
    moved.close();
  }
  if (options.link) writePostgresLink(paths, url);
  return { ...report, mediaChecked, sourceSha256, linked: options.link === true };
}

interface CopyContext {
  readonly database: string;
  readonly actor: string;
  readonly sourceHead: string;
  readonly sourceEntries: number;
  readonly sourceClips: ReadonlyMap<string, { mediaFile: string; sha256: string }>;
}

function copyAndVerify(source: Db, target: Db, context: CopyContext): Omit<MoveReport, 'mediaChecked' | 'sourceSha256' | 'linked'> {
  const sourceTables = sqliteTableColumns(source);
  const targetTables = postgresTableColumns(target);
  const names = [...sourceTables.keys()].filter((t) => !NOT_COPIED.has(t));
  const missing = names.filter((t) => !targetTables.has(t));
  const extra = [...targetTables.keys()].filter((t) => !NOT_COPIED.has(t) && !sourceTables.has(t));
  if (missing.length || extra.length) fail(`The schemas differ: ${[...missing.map((t) => `${t} only in the study`), ...extra.map((t) => `${t} only on PostgreSQL`)].join(', ')}`);
  if (migrationVersions(target).join() !== migrationVersions(source).join()) fail('The migrations applied on PostgreSQL are not the study\'s');

  const order = copyOrder(names, postgresForeignKeyParents(target));
  for (const table of order) {
    const columns = sourceTables.get(table)!;
    const targetColumns = targetTables.get(table)!;
    const unknown = columns.filter((c) => !targetColumns.includes(c));
    if (unknown.length) fail(`The column${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} of ${table} do not exist on PostgreSQL`);
    // audit_log's storage order (SQLite's rowid) is a column on PostgreSQL: copied, not renumbered.
    const withRowid = targetColumns.includes('rowid') && !columns.includes('rowid');
    try {
      insertRows(target, table, [...(withRowid ? ['rowid'] : []), ...columns], sqliteRows(source, table, columns, withRowid));
    } catch (error) {
      fail(`PostgreSQL refused the rows of ${table}: ${(error as Error).message}`);
    }
  }
  for (const { table, column } of postgresIdentityColumns(target)) followIdentity(target, table, column);

  const tables = order.map((name) => ({ name, rows: countRows(target, name) }));
  for (const { name, rows } of tables) {
    const expected = countRows(source, name);
    if (rows !== expected) fail(`Row counts differ for ${name}: ${expected} in the study, ${rows} on PostgreSQL`);
  }
  const targetClips = clipHashes(target);
  for (const [code, clip] of context.sourceClips) {
    const copied = targetClips.get(code);
    if (!copied || copied.sha256 !== clip.sha256 || copied.mediaFile !== clip.mediaFile) fail(`Clip ${code}'s media hash differs on PostgreSQL`);
  }
  const copiedChain = verifyAuditChain(target);
  if (!copiedChain.ok) fail(`The audit chain does not verify on PostgreSQL: entry ${copiedChain.seq} ${copiedChain.problem}`);
  if (copiedChain.head !== context.sourceHead || copiedChain.rows !== context.sourceEntries) {
    fail(`The audit chain on PostgreSQL ends at ${copiedChain.head.slice(0, 12)}… after ${copiedChain.rows} entries, the study's at ${context.sourceHead.slice(0, 12)}… after ${context.sourceEntries}`);
  }

  const totalRows = tables.reduce((sum, t) => sum + t.rows, 0);
  // The lock freezes most tables, never the audit log: a locked study's move is recorded too.
  appendAudit(target, {
    actor: context.actor,
    action: 'study.move',
    detail: { from: 'sqlite', to: context.database, rows: totalRows, clips: context.sourceClips.size, auditEntries: context.sourceEntries, sourceAuditHead: context.sourceHead },
  });
  const after = verifyAuditChain(target);
  if (!after.ok || after.rows !== context.sourceEntries + 1) fail('The audit chain did not verify after the move was recorded');
  return {
    database: context.database,
    tables,
    clips: context.sourceClips.size,
    auditEntries: context.sourceEntries,
    sourceAuditHead: context.sourceHead,
    auditHead: after.head,
  };
}
