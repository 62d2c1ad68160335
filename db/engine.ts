// The storage engines behind one interface. SQLite (better-sqlite3) is the embedded default: the
// desktop app, a single machine. PostgreSQL is the engine a multi-site study server can run on
// (db/postgres). Repositories take a `Db` and run their SQL through it; they never ask which engine
// it is, except where an engine has no equivalent (SQLite's page-copy backup, its integrity pragma),
// which goes through `sqliteOf` and says so when the study is on PostgreSQL.
import type Database from 'better-sqlite3';

export type Engine = 'sqlite' | 'postgres';

export interface RunResult {
  readonly changes: number;
  readonly lastInsertRowid: number | bigint;
}

/** A prepared statement, as better-sqlite3 shapes it: positional (`?`) or named (`@name`) values. */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}

// better-sqlite3's own constraint for a transaction's function.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TransactionFunction = (...params: any[]) => unknown;

/** A function that runs in one transaction (nested calls are savepoints), as better-sqlite3's. */
export type Transaction<F extends TransactionFunction> = Database.Transaction<F>;

export interface Db {
  readonly engine: Engine;
  prepare(sql: string): Statement;
  /** Runs SQL text with no values (one or several statements). */
  exec(sql: string): unknown;
  transaction<F extends TransactionFunction>(fn: F): Transaction<F>;
  readonly inTransaction: boolean;
  readonly open: boolean;
  close(): unknown;
}

export type SqliteDb = Database.Database & { readonly engine: 'sqlite' };

/** The SQLite connection behind a Db, for what only SQLite has; a clear refusal on PostgreSQL. */
export function sqliteOf(db: Db, what: string): SqliteDb {
  if (db.engine !== 'sqlite') {
    throw Object.assign(new Error(`${what} is for a study in a SQLite file; this study is on PostgreSQL (use its backup: see README, "Study server on PostgreSQL")`), {
      code: 'BLINDFOLD_NOT_ON_POSTGRES',
    });
  }
  return db as SqliteDb;
}
