// A bare study database for tests below the study folder: SQLite in `dir` by default, or a
// database of its own on the `postgres` project's cluster — plus what tampering tests need per engine.
import path from 'node:path';
import type { Db } from '../../db/engine';
import { openDatabase } from '../../db/open';
import { createDatabaseOn } from '../../db/postgres/admin';
import { openPostgres } from '../../db/postgres/open';
import { dumpDb } from './dumpStudy';
import { readFileSync } from 'node:fs';

export function openTestDatabase(dir: string): Db {
  const server = process.env['BLINDFOLD_POSTGRES_SERVER'];
  return server ? openPostgres(createDatabaseOn(server)) : openDatabase(path.join(dir, 'study.sqlite'));
}

/** Drops a guard trigger, as a determined user with the engine's own tool could. */
export function dropTrigger(db: Db, trigger: string, table: string): void {
  db.exec(db.engine === 'postgres' ? `DROP TRIGGER ${trigger} ON ${table}` : `DROP TRIGGER ${trigger}`);
}

/**
 * Everything the engine keeps, as text, to scan for what must never be readable there: the SQLite
 * file's bytes after a checkpoint (so the WAL's pages are in it), or every row PostgreSQL holds.
 */
export function storedBytes(db: Db, sqliteFile: string): string {
  if (db.engine === 'postgres') return dumpDb(db);
  db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').get();
  return readFileSync(sqliteFile).toString('latin1');
}
