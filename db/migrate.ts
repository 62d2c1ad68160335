// Numbered migrations, each applied in its own transaction together with its record in
// schema_migrations, so a failed migration leaves the database as it was. Every migration carries
// its SQL for each engine (`sql` for SQLite, `postgres` for PostgreSQL), meaning the same
// (tests/unit/db/schemaEngines.test.ts compares the two schemas), numbered and recorded alike.
import type { Db } from './engine';
import { MIGRATIONS } from './migrations';

/** One numbered step of the schema. Shipped migrations are frozen. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
  readonly postgres: string;
}

const SCHEMA_MIGRATIONS = {
  sqlite: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`,
  postgres: `CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at text NOT NULL
  )`,
} as const;

export function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): number[] {
  const ordered = [...migrations].sort((a, b) => a.version - b.version);
  ordered.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`Migrations must be numbered 1, 2, 3…; found ${m.version} at position ${i + 1}`);
  });
  const newlyApplied: number[] = [];
  const apply = (): void => {
    db.exec(SCHEMA_MIGRATIONS[db.engine]);
    const applied = new Set((db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version));
    for (const migration of ordered) {
      if (applied.has(migration.version)) continue;
      db.transaction(() => {
        db.exec(db.engine === 'postgres' ? migration.postgres : migration.sql);
        db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
          migration.version,
          migration.name,
          new Date().toISOString(),
        );
      })();
      newlyApplied.push(migration.version);
    }
  };
  // On PostgreSQL the check and every step run inside one outer transaction, whose writer lock
  // keeps two servers opening a new database at once from both applying migration 1 (each step
  // is then a savepoint). SQLite's file lock does that already.
  if (db.engine === 'postgres') db.transaction(apply)();
  else apply();
  return newlyApplied;
}
