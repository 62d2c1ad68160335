// Databases on a PostgreSQL server: creating a study's own database, and checking a target is
// empty before a study is created in it or moved to it.
import { createHash, randomBytes } from 'node:crypto';
import { MIGRATIONS } from '../migrations';
import { SyncPostgres } from './bridge';
import { openPostgres } from './open';

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

/**
 * A new database on the server of `serverUrl`, with the schema in place; returns its URL. It is
 * copied from a migrated template database on that server (blindfold_template_<schema hash>,
 * made once, under a lock, by the first caller): PostgreSQL copies a template in a fraction of
 * the time the nine migrations take to apply.
 */
export function createDatabaseOn(serverUrl: string, prefix = 'blindfold'): string {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const template = `blindfold_template_${schemaFingerprint()}`;
  const admin = new SyncPostgres(serverUrl);
  try {
    admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]).rows.length === 0) {
        admin.exec(`CREATE DATABASE ${template}`);
        openPostgres(withDatabase(serverUrl, template)).close();
        admin.exec(`ALTER DATABASE ${template} IS_TEMPLATE true`);
      }
    } finally {
      admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
    admin.exec(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    admin.close();
  }
  return withDatabase(serverUrl, name);
}

const TEMPLATE_LOCK_KEY = 0x424c4e54; // 'BLNT'

/** A short hash of every migration's PostgreSQL text: a new migration means a new template. */
function schemaFingerprint(): string {
  const hash = createHash('sha256');
  for (const m of MIGRATIONS) hash.update(`${m.version}\n${m.postgres}\n`);
  return hash.digest('hex').slice(0, 12);
}

/** The tables already in the database's schema (none for a database fit for a new study). */
export function existingTables(url: string): string[] {
  const conn = new SyncPostgres(url);
  try {
    return conn
      .query('SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name', [])
      .rows.map((r) => String(r['table_name']));
  } finally {
    conn.close();
  }
}

/**
 * A copy of a database on its own server (CREATE DATABASE … TEMPLATE), returned as its URL. Nobody
 * may be connected to the source meanwhile: PostgreSQL refuses, and so does this, with its reason.
 */
export function copyDatabase(url: string, prefix = 'blindfold'): string {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const source = databaseName(url);
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(source)) throw new Error(`Cannot copy a database named ${JSON.stringify(source)}`);
  const admin = new SyncPostgres(withDatabase(url, 'postgres'));
  try {
    admin.exec(`CREATE DATABASE ${name} TEMPLATE ${source}`);
  } finally {
    admin.close();
  }
  return withDatabase(url, name);
}
