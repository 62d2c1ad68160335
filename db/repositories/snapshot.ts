// A read-only view of a PostgreSQL study at one instant, for its backup: a REPEATABLE READ, READ
// ONLY transaction on a connection of its own, whose snapshot is exported so that pg_dump
// (`--snapshot`) dumps exactly what this view reads — the receipt's row counts and audit head are
// those of the dump, even while coders keep writing. Writers are not held up: the view takes no
// lock (not even the writer lock every Blindfold transaction takes).
import type { Db, Statement } from '../engine';
import { SyncPostgres } from '../postgres/bridge';
import { bindValues, translate } from '../postgres/dialect';

export interface ExportedSnapshot {
  /** pg_export_snapshot()'s id, for `pg_dump --snapshot`. */
  readonly id: string;
  /** A Db that reads in the snapshot (repositories and verifyAuditChain run on it); it refuses writes. */
  readonly db: Db;
  /** Ends the transaction and the connection. */
  release(): void;
}

function refuse(): never {
  throw new Error('A backup snapshot is read-only');
}

export function exportSnapshot(url: string): ExportedSnapshot {
  const conn = new SyncPostgres(url);
  try {
    conn.exec('BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    const id = String(conn.query('SELECT pg_export_snapshot() AS id', []).rows[0]!['id']);
    const db: Db = {
      engine: 'postgres',
      prepare(sql: string): Statement {
        const translated = translate(sql);
        const rows = (args: unknown[]) => conn.query(translated.text, bindValues(translated, args, sql)).rows;
        return { run: refuse, get: (...args: unknown[]) => rows(args)[0], all: (...args: unknown[]) => rows(args) };
      },
      exec: refuse,
      transaction: refuse,
      inTransaction: true,
      get open() {
        return !conn.isClosed;
      },
      close: () => conn.close(),
    };
    return {
      id,
      db,
      release: () => {
        try {
          conn.exec('COMMIT');
        } finally {
          conn.close();
        }
      },
    };
  } catch (error) {
    conn.close();
    throw error;
  }
}

/** Every table of the current schema and its row count. */
export function tableCounts(db: Db): Record<string, number> {
  const tables = db
    .prepare("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name")
    .all() as { name: string }[];
  const counts: Record<string, number> = {};
  for (const { name } of tables) {
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Not a plain table name: ${JSON.stringify(name)}`);
    counts[name] = Number((db.prepare(`SELECT count(*) AS n FROM "${name}"`).get() as { n: number }).n);
  }
  return counts;
}

export interface SchemaObject {
  readonly kind: 'table' | 'function' | 'collation';
  /** A name DROP accepts: the table's, the function's with its argument types, the collation's. */
  readonly name: string;
}

/** The tables, functions and collations of the current schema (what a restore creates). */
export function schemaObjects(db: Db): SchemaObject[] {
  return db
    .prepare(
      `SELECT 'table' AS kind, format('%I', c.relname) AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
       UNION ALL
       SELECT 'function', p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = current_schema()
       UNION ALL
       SELECT 'collation', format('%I', c.collname) FROM pg_collation c JOIN pg_namespace n ON n.oid = c.collnamespace WHERE n.nspname = current_schema()
       ORDER BY 1, 2`,
    )
    .all() as SchemaObject[];
}

/** Drops what `schemaObjects` lists now but did not list in `before`: what a failed restore left. */
export function dropObjectsSince(db: Db, before: readonly SchemaObject[]): void {
  const kept = new Set(before.map((o) => `${o.kind}:${o.name}`));
  const added = schemaObjects(db).filter((o) => !kept.has(`${o.kind}:${o.name}`));
  const statements = (['table', 'function', 'collation'] as const).flatMap((kind) =>
    added.filter((o) => o.kind === kind).map((o) => `DROP ${kind.toUpperCase()} IF EXISTS ${o.name} CASCADE`),
  );
  if (statements.length) db.transaction(() => db.exec(statements.join(';\n')))();
}
