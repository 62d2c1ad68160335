// Opening a study database on PostgreSQL: one synchronous connection, then the migrations.
import { migrate } from '../migrate';
import { PostgresDb } from './db';

export { PostgresDb } from './db';
export { PostgresError } from './bridge';

/** Whether a database location is a PostgreSQL URL rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function openPostgres(url: string, options: { migrate?: boolean } = {}): PostgresDb {
  const db = new PostgresDb(url);
  try {
    if (options.migrate ?? true) migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * The URL without its password, for messages, the audit log and files. (Text, not `new URL`:
 * libpq's URLs may have an empty host — `postgresql://user@/db?host=/run/postgresql` — which
 * WHATWG URL parsing refuses.)
 */
export function redactUrl(url: string): string {
  return url.replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):[^@/?#]*@/i, '$1@').replace(/([?&]password=)[^&#]*/i, '$1…');
}
