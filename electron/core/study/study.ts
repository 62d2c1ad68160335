// Creating and opening a study folder. The folder holds the blinded media and either the study's
// SQLite database (study.sqlite, the default) or a link to its PostgreSQL database
// (study.postgres.json: the URL without any password — PostgreSQL's PGPASSWORD or ~/.pgpass
// supply it, as for psql).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { openDatabase, utcNow, type Db } from '../../../db/open';
import { createDatabaseOn, existingTables } from '../../../db/postgres/admin';
import { isPostgresUrl, openPostgres, redactUrl, splitPassword } from '../../../db/postgres/open';
import { getStudy, insertStudy } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';
import { studyPaths, type StudyPaths } from './paths';

export interface Study {
  readonly paths: StudyPaths;
  readonly db: Db;
  readonly name: string;
  close(): void;
}

export interface StudyLocation {
  /**
   * A PostgreSQL database for the study (postgresql://…): empty when creating, the study's when
   * opening. Without it a new study is a SQLite file in its folder, unless the environment names a
   * PostgreSQL server for new studies (BLINDFOLD_POSTGRES_SERVER, e.g. a study server's host), on
   * which each new study gets a database of its own.
   */
  readonly database?: string;
}

/** Refuses what is not a PostgreSQL URL, saying what one looks like (the password never shown). */
export function requirePostgresUrl(url: string): void {
  if (!isPostgresUrl(url)) throw new CoreError('bad_input', `Not a PostgreSQL URL: ${redactUrl(url)} (expected postgresql://user@host/database)`);
}

/** The PostgreSQL server new studies go to, if the environment names one. */
function newStudyServer(): string | undefined {
  const server = process.env['BLINDFOLD_POSTGRES_SERVER'];
  return server ? server : undefined;
}

export function createStudy(dir: string, name: string, actor = 'system', location: StudyLocation = {}): Study {
  const paths = studyPaths(dir);
  if (existsSync(paths.database) || existsSync(paths.postgresLink)) throw new CoreError('conflict', `A study already exists in ${paths.dir}`);
  let url = location.database;
  if (url !== undefined) {
    requirePostgresUrl(url);
    const tables = existingTables(url);
    if (tables.length) throw new CoreError('conflict', `The database ${redactUrl(url)} is not empty (it has ${tables.length} tables: ${tables.slice(0, 3).join(', ')}…); a study needs a database of its own`);
  } else {
    const server = newStudyServer();
    if (server) url = createDatabaseOn(server);
  }
  mkdirSync(paths.blindedMedia, { recursive: true });
  const db = url ? openPostgres(url) : openDatabase(paths.database);
  try {
    db.transaction(() => {
      insertStudy(db, name.trim(), utcNow());
      appendAudit(db, { actor, action: 'study.create', detail: { name: name.trim(), ...(url ? { database: 'postgresql' } : {}) } });
    })();
    if (url) writePostgresLink(paths, url);
  } catch (error) {
    db.close();
    throw error;
  }
  return { paths, db, name: name.trim(), close: () => db.close() };
}

export function openStudy(dir: string, location: StudyLocation = {}): Study {
  const paths = studyPaths(dir);
  const url = location.database ?? readPostgresLink(paths);
  if (!url && !existsSync(paths.database)) throw new CoreError('not_found', `No study found in ${paths.dir}`);
  if (url) requirePostgresUrl(url);
  mkdirSync(paths.blindedMedia, { recursive: true });
  const db = url ? openPostgres(url) : openDatabase(paths.database);
  const row = getStudy(db);
  if (!row) {
    db.close();
    throw new CoreError('not_found', url ? `The database ${redactUrl(url)} holds no study` : `The database in ${paths.dir} holds no study`);
  }
  return { paths, db, name: row.name, close: () => db.close() };
}

interface PostgresLink {
  readonly engine: 'postgres';
  readonly url: string;
}

/** Links the folder to its PostgreSQL database (the URL stored without any password). */
export function writePostgresLink(paths: StudyPaths, url: string): void {
  const link: PostgresLink = { engine: 'postgres', url: splitPassword(url).url };
  writeFileSync(paths.postgresLink, `${JSON.stringify(link, null, 2)}\n`, { flag: 'wx' });
}

/** The study's PostgreSQL URL from its folder, or undefined for a SQLite study. */
export function readPostgresLink(paths: StudyPaths): string | undefined {
  if (!existsSync(paths.postgresLink)) return undefined;
  let link: Partial<PostgresLink>;
  try {
    link = JSON.parse(readFileSync(paths.postgresLink, 'utf8')) as Partial<PostgresLink>;
  } catch (error) {
    throw new CoreError('bad_input', `${paths.postgresLink} is not readable JSON: ${(error as Error).message}`);
  }
  if (link.engine !== 'postgres' || typeof link.url !== 'string' || !isPostgresUrl(link.url)) {
    throw new CoreError('bad_input', `${paths.postgresLink} does not name a PostgreSQL database ({"engine": "postgres", "url": "postgresql://…"})`);
  }
  return link.url;
}
