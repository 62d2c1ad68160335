// The Db interface on PostgreSQL: better-sqlite3's shape (prepare → run/get/all, transaction(fn)
// with savepoints when nested) over one synchronous connection (bridge.ts).
//
// Writers. SQLite has one writer at a time per file; core relies on it where it reads and then
// writes (appending to the hash-chained audit log, drawing assignments, allocating clip codes).
// On PostgreSQL several servers or tools may write one database, so every transaction — and every
// write outside one — first takes the database's transaction-scoped advisory lock: writers queue
// exactly as on SQLite, readers outside transactions are not held up, and the lock is released by
// COMMIT or ROLLBACK, so a killed process cannot leave it held (tests/integration/postgres).
import type { Db, RunResult, Statement, Transaction, TransactionFunction } from '../engine';
import { SyncPostgres } from './bridge';
import { bindValues, translate } from './dialect';

/** The advisory lock key every writer takes ('BLND' in ASCII): one study per database. */
export const WRITER_LOCK_KEY = 0x424c4e44;

export class PostgresDb implements Db {
  readonly engine = 'postgres' as const;
  private readonly conn: SyncPostgres;
  private depth = 0;
  private identityTables: Set<string> | null = null;

  constructor(readonly url: string) {
    this.conn = new SyncPostgres(url);
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  get open(): boolean {
    return !this.conn.isClosed;
  }

  prepare(sql: string): Statement {
    const translated = translate(sql);
    const run = (args: unknown[]): { rows: Record<string, unknown>[]; rowCount: number } => {
      const values = bindValues(translated, args, sql);
      let text = translated.text;
      const returning = translated.insertInto !== null && this.hasIdentityId(translated.insertInto);
      if (returning) text = `${text.replace(/;\s*$/, '')} RETURNING id`;
      return this.conn.query(text, values);
    };
    return {
      run: (...args: unknown[]): RunResult => {
        const result = this.depth > 0 || !isWrite(translated.text) ? run(args) : this.transaction(() => run(args))();
        const id = result.rows[0]?.['id'];
        return { changes: result.rowCount, lastInsertRowid: typeof id === 'number' ? id : 0 };
      },
      // A write that returns rows (INSERT … RETURNING) takes the writer lock like run().
      get: (...args: unknown[]): unknown => (this.depth > 0 || !isWrite(translated.text) ? run(args) : this.transaction(() => run(args))()).rows[0],
      all: (...args: unknown[]): unknown[] => (this.depth > 0 || !isWrite(translated.text) ? run(args) : this.transaction(() => run(args))()).rows,
    };
  }

  exec(sql: string): this {
    this.identityTables = null; // DDL runs through exec: what is known of the schema may change
    if (this.depth === 0 && isWrite(sql)) this.transaction(() => this.conn.exec(sql))();
    else this.conn.exec(sql);
    return this;
  }

  transaction<F extends TransactionFunction>(fn: F): Transaction<F> {
    const wrapped = (...args: Parameters<F>): ReturnType<F> => {
      const outer = this.depth === 0;
      const savepoint = `sp${this.depth}`;
      if (outer) {
        this.conn.exec('BEGIN');
        try {
          this.conn.query('SELECT pg_advisory_xact_lock($1)', [WRITER_LOCK_KEY]);
        } catch (error) {
          this.rollbackQuietly('ROLLBACK');
          throw error;
        }
      } else this.conn.exec(`SAVEPOINT ${savepoint}`);
      this.depth++;
      let result: ReturnType<F>;
      try {
        result = fn(...args) as ReturnType<F>;
        if (result instanceof Promise) throw new TypeError('Transaction function cannot return a promise');
      } catch (error) {
        this.depth--;
        this.rollbackQuietly(outer ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}; RELEASE SAVEPOINT ${savepoint}`);
        throw error;
      }
      this.depth--;
      try {
        this.conn.exec(outer ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      } catch (error) {
        if (outer) this.rollbackQuietly('ROLLBACK');
        throw error;
      }
      return result;
    };
    // better-sqlite3's BEGIN variants: one kind on PostgreSQL, where the writer lock comes first.
    return Object.assign(wrapped, { default: wrapped, deferred: wrapped, immediate: wrapped, exclusive: wrapped }) as unknown as Transaction<F>;
  }

  close(): void {
    this.conn.close();
  }

  /** Whether a table's `id` is generated (so an INSERT can return it, like SQLite's rowid). */
  private hasIdentityId(table: string): boolean {
    if (!this.identityTables) {
      const rows = this.conn.query(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES'",
        [],
      ).rows;
      this.identityTables = new Set(rows.map((r) => String(r['table_name'])));
    }
    return this.identityTables.has(table);
  }

  private rollbackQuietly(sql: string): void {
    try {
      this.conn.exec(sql);
    } catch {
      // The connection is gone or the transaction already ended; the first error is the one to report.
    }
  }
}

function isWrite(sql: string): boolean {
  return !/^\s*(SELECT|WITH\s[\s\S]*?\)\s*SELECT|EXPLAIN|SHOW)\b/i.test(sql);
}
