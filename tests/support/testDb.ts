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

/** The engine's own consistency checks of a study database: [] when it is sound. */
export function engineProblems(db: Db): string[] {
  if (db.engine === 'postgres') {
    // PostgreSQL checks every constraint and foreign key as rows are written, and its WAL replay
    // after a kill is the server's; what is left to check is that nothing is left deferred.
    return (db.prepare('SELECT COUNT(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND state = ? ').get('idle in transaction') as { n: number }).n > 0
      ? ['a connection is idle in a transaction']
      : [];
  }
  const integrity = db.prepare('PRAGMA integrity_check').all() as { integrity_check: string }[];
  const foreignKeys = db.prepare('PRAGMA foreign_key_check').all();
  return [...integrity.map((r) => r.integrity_check).filter((r) => r !== 'ok'), ...foreignKeys.map((f) => `foreign key: ${JSON.stringify(f)}`)];
}
