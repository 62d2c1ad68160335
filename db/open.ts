// Opening a study database: the pragmas every connection needs, then the migrations.
import Database from 'better-sqlite3';
import type { SqliteDb } from './engine';
import { migrate } from './migrate';

export type { Db } from './engine';

export interface OpenOptions {
  readonly readonly?: boolean;
}

/** Opens (creating if needed) a study's SQLite file with the pragmas every connection needs. */
export function openDatabase(file: string, options: OpenOptions = {}): SqliteDb {
  const db = asSqliteDb(new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false }));
  try {
    // Write-ahead log for concurrent readers; FULL sync so an acknowledged commit survives power loss.
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    // A page cache of up to 64 MiB (SQLite's default is 2 MiB): a 6,000-clip trial's database is
    // about 30 MiB, and with the default cache every export, report and dashboard re-read most of it
    // from the file system — twice to four times slower than from the cache (tests/bench/scale.ts).
    db.pragma('cache_size = -65536');
    keepStatements(db);
    if (!options.readonly) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Keeps each connection's prepared statements by their SQL (the 500 used last). The repositories
 * prepare where they run, which is the clearest place to read SQL; preparing anew on every call cost
 * a compile per statement and left a native statement behind for the collector each time — a
 * build of a 6,000-clip study grew past 1 GiB of memory that way (tests/bench/scale.ts). No
 * repository changes a statement's mode (pluck, raw, expand) or iterates one, so sharing is safe.
 */
function keepStatements(db: SqliteDb, max = 500): void {
  const prepare = db.prepare.bind(db);
  const kept = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = kept.get(sql);
    if (statement) {
      kept.delete(sql);
    } else {
      statement = prepare(sql);
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
    }
    kept.set(sql, statement);
    return statement;
  }) as SqliteDb['prepare'];
}

/** Marks a better-sqlite3 connection as the SQLite engine of the Db interface. */
export function asSqliteDb(db: Database.Database): SqliteDb {
  Object.defineProperty(db, 'engine', { value: 'sqlite', enumerable: false });
  return db as SqliteDb;
}

/** The current UTC time as ISO-8601 — the one clock every row uses. */
export function utcNow(): string {
  return new Date().toISOString();
}
