// Issue 14, point 3: a fresh database of each engine has the same schema in meaning. SQLite is
// migrated by openDatabase; PostgreSQL by each migration's `postgres` text in order, each in its own
// transaction with its schema_migrations record, as migrate() does. Both are then read back from
// the engine's own catalogue (never from the migration text) into one shape — tables, columns (type
// class, NOT NULL, default, auto-assigned id, collation), primary key, unique keys, foreign keys,
// CHECK constraints by the columns they read, named indexes, triggers by timing and event — and
// compared after the declared differences below are applied to SQLite's shape.
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../db/migrations';
import { openDatabase, type Db } from '../../../db/open';
import { startCluster, type Cluster } from '../../support/postgres';
import { tempDir } from '../../support/tempStudy';

interface Column {
  readonly type: string;
  readonly notNull: boolean;
  readonly hasDefault: boolean;
  /** Assigned by the engine when an insert leaves it out (SQLite's rowid alias, an identity). */
  readonly auto: boolean;
  /** 'binary' or 'nocase' for text columns; null for others. */
  readonly collation: string | null;
}

interface Table {
  columns: [string, Column][];
  primaryKey: string[];
  /** Unique keys other than the primary key, by columns. */
  uniques: string[][];
  /** `column → table.column` */
  foreignKeys: string[];
  /** Each CHECK constraint by the columns it reads. */
  checks: string[][];
  /** Named non-unique indexes. */
  indexes: Record<string, string[]>;
  /** Name → `BEFORE UPDATE ROW`. */
  triggers: Record<string, string>;
}

type Schema = Record<string, Table>;

// ---- PostgreSQL: the migrations applied as migrate() applies them, and its catalogue read back.

async function migratePostgres(client: pg.Client): Promise<void> {
  await client.query('CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at text NOT NULL)');
  for (const migration of MIGRATIONS) {
    await client.query('BEGIN');
    try {
      await client.query(migration.postgres);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [migration.version, migration.name, new Date().toISOString()]);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw new Error(`PostgreSQL migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`, { cause: error });
    }
  }
}

const PG_TYPE_CLASS: Record<string, string> = { bigint: 'integer', integer: 'integer', 'double precision': 'real', text: 'text', bytea: 'blob' };
const PG_COLLATION: Record<string, string> = { C: 'binary', nocase: 'nocase' };

const columnNames = (keys: string) =>
  `ARRAY(SELECT a.attname::text FROM unnest(${keys}) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = %REL% AND a.attnum = k.n ORDER BY k.i)`;

async function postgresSchema(client: pg.Client): Promise<Schema> {
  const schema: Schema = {};
  const tables = await client.query<{ oid: number; name: string }>(
    "SELECT c.oid, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.relname",
  );
  for (const { oid, name } of tables.rows) {
    const columns = await client.query<{ name: string; type: string; notnull: boolean; hasdef: boolean; identity: string; collation: string | null }>(
      `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS notnull, a.atthasdef AS hasdef,
              a.attidentity AS identity, co.collname AS collation
         FROM pg_attribute a LEFT JOIN pg_collation co ON co.oid = a.attcollation
        WHERE a.attrelid = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
      [oid],
    );
    const constraints = await client.query<{ type: string; cols: string[]; ftable: string | null; fcols: string[] }>(
      `SELECT con.contype AS type, ${columnNames('con.conkey').replace('%REL%', 'con.conrelid')} AS cols,
              CASE WHEN con.confrelid = 0 THEN NULL ELSE con.confrelid::regclass::text END AS ftable,
              ${columnNames('con.confkey').replace('%REL%', 'con.confrelid')} AS fcols
         FROM pg_constraint con WHERE con.conrelid = $1`,
      [oid],
    );
    const indexes = await client.query<{ name: string; unique: boolean; primary: boolean; cols: string[] }>(
      `SELECT ic.relname AS name, i.indisunique AS unique, i.indisprimary AS primary, ${columnNames('i.indkey::int2[]').replace('%REL%', 'i.indrelid')} AS cols
         FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE i.indrelid = $1`,
      [oid],
    );
    const triggers = await client.query<{ name: string; type: number }>('SELECT tgname AS name, tgtype AS type FROM pg_trigger WHERE tgrelid = $1 AND NOT tgisinternal', [
      oid,
    ]);
    schema[name] = {
      columns: columns.rows.map((c) => [
        c.name,
        {
          type: PG_TYPE_CLASS[c.type] ?? c.type,
          notNull: c.notnull,
          hasDefault: c.hasdef,
          auto: c.identity === 'd',
          collation: c.collation === null ? null : (PG_COLLATION[c.collation] ?? c.collation),
        },
      ]),
      primaryKey: constraints.rows.find((c) => c.type === 'p')?.cols ?? [],
      uniques: indexes.rows.filter((i) => i.unique && !i.primary).map((i) => i.cols),
      foreignKeys: constraints.rows.filter((c) => c.type === 'f').map((c) => `${c.cols.join(', ')} → ${c.ftable}.${c.fcols.join(', ')}`),
      checks: constraints.rows.filter((c) => c.type === 'c').map((c) => [...c.cols].sort()),
      indexes: Object.fromEntries(indexes.rows.filter((i) => !i.unique).map((i) => [i.name, i.cols])),
      triggers: Object.fromEntries(triggers.rows.map((t) => [t.name, postgresTriggerKind(t.type)])),
    };
    if (columns.rows.some((c) => c.identity === 'a')) throw new Error(`${name}: an identity GENERATED ALWAYS refuses the ids a move from SQLite copies`);
  }
  return schema;
}

// pg_trigger.tgtype bits (PostgreSQL's include/catalog/pg_trigger.h).
function postgresTriggerKind(type: number): string {
  const timing = type & 2 ? 'BEFORE' : type & 64 ? 'INSTEAD OF' : 'AFTER';
  const events = [
    [4, 'INSERT'],
    [8, 'DELETE'],
    [16, 'UPDATE'],
    [32, 'TRUNCATE'],
  ]
    .filter(([bit]) => type & (bit as number))
    .map(([, event]) => event);
  return `${timing} ${events.join(' OR ')} ${type & 1 ? 'ROW' : 'STATEMENT'}`;
}

// ---- SQLite: the pragmas, plus what only the CREATE TABLE text holds (collations, CHECKs).

const SQLITE_TYPE_CLASS: Record<string, string> = { INTEGER: 'integer', REAL: 'real', TEXT: 'text', BLOB: 'blob' };

/** The text inside the outermost parentheses, split at top-level commas, literals kept whole. */
function topLevelParts(createTable: string): string[] {
  const sql = createTable.replace(/--[^\n]*/g, '');
  const parts: string[] = [];
  let depth = 0;
  let quoted = false;
  let current = '';
  for (const ch of sql) {
    if (quoted) {
      current += ch;
      if (ch === "'") quoted = false;
      continue;
    }
    if (ch === "'") quoted = true;
    if (ch === '(' && depth++ === 0) continue;
    if (ch === ')' && --depth === 0) break;
    if (depth === 0) continue;
    if (ch === ',' && depth === 1) {
      parts.push(current.trim());
      current = '';
    } else current += ch;
  }
  parts.push(current.trim());
  return parts;
}

/** The bodies of every `CHECK (…)` in a column or constraint definition. */
function checkBodies(definition: string): string[] {
  const bodies: string[] = [];
  const re = /\bCHECK\s*\(/gi;
  for (let m = re.exec(definition); m; m = re.exec(definition)) {
    let depth = 1;
    let i = re.lastIndex;
    let quoted = false;
    for (; i < definition.length && depth > 0; i++) {
      const ch = definition[i];
      if (quoted) quoted = ch !== "'";
      else if (ch === "'") quoted = true;
      else if (ch === '(') depth++;
      else if (ch === ')') depth--;
    }
    bodies.push(definition.slice(re.lastIndex, i - 1));
  }
  return bodies;
}

function columnsRead(expression: string, columns: readonly string[]): string[] {
  const code = expression.replace(/'(?:[^']|'')*'/g, "''");
  return columns.filter((c) => new RegExp(`\\b${c}\\b`).test(code)).sort();
}

function sqliteSchema(db: Db): Schema {
  const schema: Schema = {};
  const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string; sql: string }[];
  for (const { name, sql } of tables) {
    const info = db.prepare('SELECT name, type, "notnull" AS required, dflt_value AS dflt, pk FROM pragma_table_xinfo(?) ORDER BY cid').all(name) as {
      name: string;
      type: string;
      required: number;
      dflt: string | null;
      pk: number;
    }[];
    const names = info.map((c) => c.name);
    const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
    const rowidAlias = pk.length === 1 && pk[0]!.type.toUpperCase() === 'INTEGER' ? pk[0]!.name : null;
    const collations = new Map<string, string>();
    const checks: string[][] = [];
    for (const part of topLevelParts(sql)) {
      if (/^(CONSTRAINT\s+\w+\s+)?(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY|CHECK)\b/i.test(part)) {
        for (const body of checkBodies(part)) checks.push(columnsRead(body, names));
        continue;
      }
      const column = /^"?(\w+)"?/.exec(part)![1]!;
      collations.set(column, (/\bCOLLATE\s+(\w+)/i.exec(part)?.[1] ?? 'binary').toLowerCase());
      for (const body of checkBodies(part)) checks.push(columnsRead(body, names));
    }
    const indexList = db.prepare('SELECT name, "unique" AS isUnique, origin FROM pragma_index_list(?)').all(name) as { name: string; isUnique: number; origin: string }[];
    const indexColumns = (index: string) => (db.prepare('SELECT name FROM pragma_index_info(?) ORDER BY seqno').all(index) as { name: string }[]).map((c) => c.name);
    const foreignKeys = db.prepare('SELECT "from" AS col, "table" AS ftable, "to" AS fcol FROM pragma_foreign_key_list(?) ORDER BY id, seq').all(name) as {
      col: string;
      ftable: string;
      fcol: string;
    }[];
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").all(name) as { name: string; sql: string }[];
    schema[name] = {
      columns: info.map((c) => [
        c.name,
        {
          type: SQLITE_TYPE_CLASS[c.type.toUpperCase()] ?? c.type,
          // A rowid alias is never NULL; any other column only when declared NOT NULL.
          notNull: c.required === 1 || c.name === rowidAlias,
          hasDefault: c.dflt !== null,
          auto: c.name === rowidAlias,
          collation: c.type.toUpperCase() === 'TEXT' ? (collations.get(c.name) ?? 'binary') : null,
        },
      ]),
      primaryKey: pk.map((c) => c.name),
      uniques: indexList.filter((i) => i.isUnique === 1 && i.origin !== 'pk').map((i) => indexColumns(i.name)),
      foreignKeys: foreignKeys.map((f) => `${f.col} → ${f.ftable}.${f.fcol}`),
      checks,
      indexes: Object.fromEntries(indexList.filter((i) => i.isUnique === 0).map((i) => [i.name, indexColumns(i.name)])),
      triggers: Object.fromEntries(triggers.map((t) => [t.name, sqliteTriggerKind(t.sql)])),
    };
  }
  return schema;
}

function sqliteTriggerKind(sql: string): string {
  const m = /^CREATE\s+TRIGGER\s+(?:IF\s+NOT\s+EXISTS\s+)?"?\w+"?\s+(BEFORE|AFTER|INSTEAD\s+OF)?\s*(INSERT|UPDATE|DELETE)\s+ON\b/i.exec(sql);
  if (!m) throw new Error(`cannot read the trigger: ${sql.slice(0, 120)}`);
  return `${(m[1] ?? 'BEFORE').toUpperCase().replace(/\s+/g, ' ')} ${m[2]!.toUpperCase()} ROW`;
}

// ---- The declared differences: what PostgreSQL has, given SQLite's schema, where the two differ.

const DECLARED = [
  'audit_log.rowid: SQLite storage order (allAuditRows reads ORDER BY rowid) as an identity column of its own, unique',
  'deid_jobs.rowid: the same, for the import order unfinishedJobs keeps (its key is the text code)',
  'TRUNCATE skips row triggers: <x>_no_truncate wherever SQLite has <x>_no_delete, <table>_locked_truncate wherever <table>_locked_delete',
  'a primary key column that is not a rowid alias is NOT NULL (SQLite lets NULL into one, a documented legacy quirk)',
  'a rowid alias that is also a foreign key (drafts, blinding_guesses, gold_clips) is a plain bigint: its value is the referenced row’s',
  'schema_migrations is the migrator’s own table, as migrate() creates it: version is always given, text in the database’s default collation',
];

function expectedPostgres(sqlite: Schema): Schema {
  const expected: Schema = structuredClone(sqlite);
  for (const [name, table] of Object.entries(expected)) {
    const fkColumns = new Set(table.foreignKeys.map((f) => f.split(' → ')[0]!));
    table.columns = table.columns.map(([column, c]) => [
      column,
      {
        ...c,
        notNull: c.notNull || table.primaryKey.includes(column),
        auto: c.auto && !fkColumns.has(column) && !(name === 'schema_migrations' && column === 'version'),
        collation: name === 'schema_migrations' && c.collation ? 'default' : c.collation,
      },
    ]);
    for (const [trigger, kind] of Object.entries(table.triggers)) {
      if (kind !== 'BEFORE DELETE ROW') continue;
      if (trigger.endsWith('_no_delete')) table.triggers[trigger.replace(/_no_delete$/, '_no_truncate')] = 'BEFORE TRUNCATE STATEMENT';
      if (trigger === `${name}_locked_delete`) table.triggers[`${name}_locked_truncate`] = 'BEFORE TRUNCATE STATEMENT';
    }
  }
  expected['audit_log']!.columns.push(['rowid', { type: 'integer', notNull: true, hasDefault: false, auto: true, collation: null }]);
  expected['audit_log']!.uniques.push(['rowid']);
  expected['deid_jobs']!.columns.push(['rowid', { type: 'integer', notNull: true, hasDefault: false, auto: true, collation: null }]);
  expected['deid_jobs']!.uniques.push(['rowid']);
  return expected;
}

// ---- Comparison: both shapes as `key → value` lines, a multiset where a table may repeat one.

function lines(schema: Schema): Map<string, string> {
  const out = new Map<string, string>();
  const count = (key: string) => out.set(key, String(Number(out.get(key) ?? 0) + 1));
  for (const [name, t] of Object.entries(schema)) {
    out.set(`table ${name}`, 'exists');
    out.set(`${name}: column order`, t.columns.map(([c]) => c).join(', '));
    for (const [column, c] of t.columns) {
      out.set(
        `${name}.${column}`,
        [c.type, c.notNull ? 'NOT NULL' : 'nullable', c.hasDefault ? 'default' : 'no default', c.auto ? 'auto-assigned' : 'given', c.collation ? `collate ${c.collation}` : '']
          .filter(Boolean)
          .join(', '),
      );
    }
    out.set(`${name}: primary key`, `(${t.primaryKey.join(', ')})`);
    for (const u of t.uniques) count(`${name}: unique (${u.join(', ')})`);
    for (const f of t.foreignKeys) count(`${name}: foreign key ${f}`);
    for (const c of t.checks) count(`${name}: check on (${c.join(', ')})`);
    for (const [index, cols] of Object.entries(t.indexes)) out.set(`${name}: index ${index}`, `(${cols.join(', ')})`);
    for (const [trigger, kind] of Object.entries(t.triggers)) out.set(`${name}: trigger ${trigger}`, kind);
  }
  return out;
}

/** One readable line per difference; empty when the schemas agree. */
function schemaDiff(expected: Schema, actual: Schema): string[] {
  const want = lines(expected);
  const have = lines(actual);
  const diff: string[] = [];
  for (const [key, value] of want) {
    if (!have.has(key)) diff.push(`missing on PostgreSQL: ${key} = ${value}`);
    else if (have.get(key) !== value) diff.push(`${key}: SQLite means ${value}; PostgreSQL has ${have.get(key)}`);
  }
  for (const [key, value] of have) if (!want.has(key)) diff.push(`only on PostgreSQL: ${key} = ${value}`);
  return diff.sort();
}

let cluster: Cluster;
let sqlite: Db;
let cleanup: () => void;

beforeAll(() => {
  cluster = startCluster();
  const t = tempDir();
  cleanup = t.cleanup;
  sqlite = openDatabase(path.join(t.dir, 'study.sqlite'));
});

afterAll(() => {
  sqlite?.close();
  cleanup?.();
  cluster?.stop();
});

async function freshPostgres(name: string): Promise<pg.Client> {
  const client = new pg.Client(cluster.createDatabase(name));
  await client.connect();
  await migratePostgres(client);
  return client;
}

describe('a fresh database of each engine', () => {
  it('records the migrations the same way', async () => {
    const client = await freshPostgres('recorded');
    try {
      const pgRows = (await client.query<{ version: number; name: string }>('SELECT version, name FROM schema_migrations ORDER BY version')).rows;
      const sqliteRows = sqlite.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
      expect(pgRows).toEqual(sqliteRows);
      expect(pgRows).toHaveLength(MIGRATIONS.length);
    } finally {
      await client.end();
    }
  });

  it('has the same tables, columns, keys, constraints, indexes and triggers in meaning, but for the declared differences', async () => {
    const client = await freshPostgres('equivalent');
    try {
      const fromSqlite = sqliteSchema(sqlite);
      // The reading itself is not vacuous: SQLite's shape holds what the migrations declare.
      const read = lines(fromSqlite);
      expect(read.get('users.name')).toBe('text, NOT NULL, no default, given, collate nocase');
      expect(read.get('ratings.id')).toBe('integer, NOT NULL, no default, auto-assigned');
      expect(read.get('ratings: trigger ratings_amend_latest')).toBe('BEFORE INSERT ROW');
      expect(read.get('ratings: check on (amendment_reason, amends_id, version)')).toBe('1');
      expect(read.get('idempotency_keys: primary key')).toBe('(user_id, key)');
      expect(Object.keys(fromSqlite).length).toBeGreaterThanOrEqual(25);
      const diff = schemaDiff(expectedPostgres(fromSqlite), await postgresSchema(client));
      expect(diff, `PostgreSQL's schema differs from SQLite's beyond the declared differences:\n${diff.join('\n')}\n\nDeclared:\n${DECLARED.join('\n')}`).toEqual([]);
    } finally {
      await client.end();
    }
  });

  it('reports a PostgreSQL schema altered behind the migrations, line by line', async () => {
    const client = await freshPostgres('altered');
    try {
      await client.query(`
        DROP TRIGGER ratings_no_update ON ratings;
        DROP TRIGGER audit_no_truncate ON audit_log;
        ALTER TABLE clips ALTER COLUMN width TYPE text;
        ALTER TABLE drafts ALTER COLUMN seconds_spent DROP DEFAULT;
        ALTER TABLE users ALTER COLUMN name TYPE text COLLATE "C";
        ALTER TABLE ratings DROP CONSTRAINT ratings_assignment_id_version_key;
        ALTER TABLE assignments DROP CONSTRAINT assignments_clip_id_fkey;
        ALTER TABLE consensus DROP CONSTRAINT consensus_dimension_check;
        ALTER TABLE audit_log ALTER COLUMN reason SET NOT NULL;
        DROP INDEX backups_by_time;
        CREATE TABLE scratch (id bigint);
      `);
      const diff = schemaDiff(expectedPostgres(sqliteSchema(sqlite)), await postgresSchema(client));
      expect(diff).toEqual(
        expect.arrayContaining([
          'missing on PostgreSQL: ratings: trigger ratings_no_update = BEFORE UPDATE ROW',
          'missing on PostgreSQL: audit_log: trigger audit_no_truncate = BEFORE TRUNCATE STATEMENT',
          'clips.width: SQLite means integer, nullable, no default, given; PostgreSQL has text, nullable, no default, given, collate default',
          'drafts.seconds_spent: SQLite means real, NOT NULL, default, given; PostgreSQL has real, NOT NULL, no default, given',
          'users.name: SQLite means text, NOT NULL, no default, given, collate nocase; PostgreSQL has text, NOT NULL, no default, given, collate binary',
          'missing on PostgreSQL: ratings: unique (assignment_id, version) = 1',
          'missing on PostgreSQL: assignments: foreign key clip_id → clips.id = 1',
          'missing on PostgreSQL: consensus: check on (dimension) = 1',
          'audit_log.reason: SQLite means text, nullable, no default, given, collate binary; PostgreSQL has text, NOT NULL, no default, given, collate binary',
          'missing on PostgreSQL: backups: index backups_by_time = (finished_at)',
          'only on PostgreSQL: table scratch = exists',
        ]),
      );
    } finally {
      await client.end();
    }
  });
});
