// Copying a study's rows from its SQLite file into a PostgreSQL database, and reading what both
// hold to compare them (electron/core/backup/move.ts). The SQL is built from each engine's own
// catalogue; table and column names are checked against a plain-name pattern before they are
// spliced into a statement, and values always go as parameters.
import type { Db } from '../engine';

const NAME = /^[a-z_][a-z0-9_]*$/;

function checked(name: string): string {
  if (!NAME.test(name)) throw new Error(`Not a plain table or column name: ${JSON.stringify(name)}`);
  return `"${name}"`;
}

/** A SQLite file's tables and their columns, in declaration order (SQLite's own tables left out). */
export function sqliteTableColumns(db: Db): Map<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out = new Map<string, string[]>();
  for (const { name } of tables) {
    const columns = db.prepare('SELECT name FROM pragma_table_info(?) ORDER BY cid').all(name) as { name: string }[];
    out.set(name, columns.map((c) => c.name));
  }
  return out;
}

/** A PostgreSQL database's tables (in its current schema) and their columns, in order. */
export function postgresTableColumns(db: Db): Map<string, string[]> {
  const rows = db
    .prepare(
      `SELECT t.table_name AS name, c.column_name AS col
         FROM information_schema.tables t
         LEFT JOIN information_schema.columns c ON c.table_schema = t.table_schema AND c.table_name = t.table_name
        WHERE t.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
        ORDER BY t.table_name, c.ordinal_position`,
    )
    .all() as { name: string; col: string | null }[];
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const list = out.get(r.name) ?? [];
    if (r.col !== null) list.push(r.col);
    out.set(r.name, list);
  }
  return out;
}

/** For each PostgreSQL table, the tables its foreign keys point to (itself included). */
export function postgresForeignKeyParents(db: Db): Map<string, Set<string>> {
  const rows = db
    .prepare(
      `SELECT DISTINCT child.relname AS child, parent.relname AS parent
         FROM pg_constraint k
         JOIN pg_class child ON child.oid = k.conrelid
         JOIN pg_class parent ON parent.oid = k.confrelid
         JOIN pg_namespace n ON n.oid = child.relnamespace
        WHERE k.contype = 'f' AND n.nspname = current_schema()`,
    )
    .all() as { child: string; parent: string }[];
  const out = new Map<string, Set<string>>();
  for (const r of rows) {
    const set = out.get(r.child) ?? new Set<string>();
    set.add(r.parent);
    out.set(r.child, set);
  }
  return out;
}

/** The identity columns of the PostgreSQL schema, whose sequences must follow copied values. */
export function postgresIdentityColumns(db: Db): { table: string; column: string }[] {
  return db
    .prepare(
      `SELECT table_name AS "table", column_name AS "column" FROM information_schema.columns
        WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name, column_name`,
    )
    .all() as { table: string; column: string }[];
}

/** Sets an identity column's sequence to the column's largest value (the next one is above it). */
export function followIdentity(db: Db, table: string, column: string): void {
  const t = checked(table);
  const c = checked(column);
  db.prepare(`SELECT setval(pg_get_serial_sequence(?, ?), coalesce(max(${c}), 1), max(${c}) IS NOT NULL) AS v FROM ${t}`).get(table, column);
}

/**
 * A SQLite table's rows in storage (rowid) order — the order they were written in, which keeps
 * amendments after what they amend and the audit log in its chain order. `withRowid` adds the
 * rowid itself as a column named `rowid` (PostgreSQL's audit_log keeps storage order in one).
 */
export function sqliteRows(db: Db, table: string, columns: readonly string[], withRowid: boolean): unknown[][] {
  const list = [...(withRowid ? ['rowid AS rowid'] : []), ...columns.map(checked)].join(', ');
  const rows = db.prepare(`SELECT ${list} FROM ${checked(table)} ORDER BY rowid`).all() as Record<string, unknown>[];
  const names = [...(withRowid ? ['rowid'] : []), ...columns];
  return rows.map((r) => names.map((n) => r[n]));
}

// PostgreSQL takes at most 65,535 parameters per statement; batches stay well under it.
const MAX_VALUES_PER_INSERT = 20_000;

/** Inserts rows (values in `columns` order) into a table, a batch per statement. */
export function insertRows(db: Db, table: string, columns: readonly string[], rows: readonly (readonly unknown[])[]): void {
  if (columns.length === 0 || rows.length === 0) return;
  const list = columns.map(checked).join(', ');
  const perBatch = Math.max(1, Math.floor(MAX_VALUES_PER_INSERT / columns.length));
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perBatch) {
    const batch = rows.slice(i, i + perBatch);
    db.prepare(`INSERT INTO ${checked(table)} (${list}) VALUES ${batch.map(() => tuple).join(', ')}`).run(batch.flat());
  }
}

export function countRows(db: Db, table: string): number {
  return Number((db.prepare(`SELECT count(*) AS n FROM ${checked(table)}`).get() as { n: number | bigint }).n);
}

/** The applied migration versions, in order. */
export function migrationVersions(db: Db): number[] {
  return (db.prepare('SELECT version FROM schema_migrations ORDER BY version').all() as { version: number }[]).map((r) => Number(r.version));
}

/** Clips' media facts, keyed by code, for comparing two copies of a study. */
export function clipHashes(db: Db): Map<string, { mediaFile: string; sha256: string }> {
  const rows = db.prepare('SELECT code, media_file AS mediaFile, sha256 FROM clips ORDER BY id').all() as { code: string; mediaFile: string; sha256: string }[];
  return new Map(rows.map((r) => [r.code, { mediaFile: r.mediaFile, sha256: r.sha256 }]));
}
