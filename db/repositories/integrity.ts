// Checking a study database file on its own (a backup, or a copy being restored): opening it
// without the live pragmas or migrations, SQLite's own integrity check, and what schema it carries.
import Database from 'better-sqlite3';
import { sqliteOf, type Db, type SqliteDb } from '../engine';
import { asSqliteDb } from '../open';

/** Opens an existing file as it is: no WAL, no migration (it may be a newer or damaged study). */
export function openDatabaseFile(file: string): SqliteDb {
  return asSqliteDb(new Database(file, { fileMustExist: true }));
}

/** Switches the file to a self-contained rollback journal, so no -wal beside it can be lost. */
export function useRollbackJournal(db: Db): void {
  sqliteOf(db, 'A rollback journal').pragma('journal_mode = DELETE');
}

/** SQLite's integrity check: `['ok']` for a sound file, else its first problems. */
export function integrityCheck(db: Db): string[] {
  return (sqliteOf(db, 'SQLite\'s integrity check').pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
}

/** The names of the file's tables. */
export function tableNames(db: Db): Set<string> {
  return new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
}

/** The highest migration applied to the file (0 when none is recorded). */
export function schemaVersion(db: Db): number {
  return (db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null }).v ?? 0;
}
