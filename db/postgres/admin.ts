// Databases on a PostgreSQL server: creating a study's own database, and checking a target is
// empty before a study is created in it or moved to it.
import { randomBytes } from 'node:crypto';
import { SyncPostgres } from './bridge';

/** A new, empty database on the server of `serverUrl`; returns its URL. */
export function createDatabaseOn(serverUrl: string, prefix = 'blindfold'): string {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new SyncPostgres(serverUrl);
  try {
    admin.exec(`CREATE DATABASE ${name}`);
  } finally {
    admin.close();
  }
  return withDatabase(serverUrl, name);
}

// libpq URLs: scheme://[userinfo@][host][:port][/database][?params]. Text, not `new URL`, which
// refuses the empty host of a Unix-socket URL (postgresql://user@/db?host=/run/postgresql).
const URL_PARTS = /^(postgres(?:ql)?:\/\/[^/?#]*)(\/[^?#]*)?(.*)$/i;

/** The same server and credentials, another database. */
export function withDatabase(url: string, database: string): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) throw new Error(`Not a PostgreSQL URL: ${url.slice(0, 12)}…`);
  return `${parts[1]}/${encodeURIComponent(database)}${parts[3] ?? ''}`;
}

/** The database's name in a URL. */
export function databaseName(url: string): string {
  const parts = URL_PARTS.exec(url);
  return decodeURIComponent((parts?.[2] ?? '').replace(/^\//, ''));
}

/** The tables already in the database's schema (none for a database fit for a new study). */
export function existingTables(url: string): string[] {
  const conn = new SyncPostgres(url);
  try {
    return conn
      .query("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name", [])
      .rows.map((r) => String(r['table_name']));
  } finally {
    conn.close();
  }
}
