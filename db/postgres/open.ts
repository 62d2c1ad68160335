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

/**
 * A PostgreSQL URL without its password (in the user part or a `password=` parameter) and the
 * password itself: what may be stored or put on a command line, and what goes in PGPASSWORD.
 * (redactUrl marks a `password=` parameter with "…", which is for messages, not for connecting.)
 */
export function splitPassword(url: string): { readonly url: string; readonly password: string | undefined } {
  let password: string | undefined;
  const bare = url
    .replace(/^(postgres(?:ql)?:\/\/[^:@/?#]*):([^@/?#]*)@/i, (_m, head: string, pw: string) => {
      password = decodeURIComponent(pw);
      return `${head}@`;
    })
    .replace(/([?&])password=([^&#]*)(&?)/i, (_m, sep: string, pw: string, more: string) => {
      password = decodeURIComponent(pw);
      return more ? sep : '';
    });
  return { url: bare, password };
}
