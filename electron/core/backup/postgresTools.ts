// PostgreSQL's own client programs (pg_dump, pg_restore), found and run for a study on PostgreSQL.
// Arguments are arrays, never a shell string; a password in the study's URL goes to the program in
// PGPASSWORD, never on its command line (where `ps` would show it).
import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { CoreError } from '../../common/result';
import { splitPassword } from '../../../db/postgres/open';

const INSTALL_HINT =
  "install PostgreSQL's client programs (Debian/Ubuntu: apt-get install postgresql-client; RHEL: dnf install postgresql; macOS: brew install libpq), " +
  'or set BLINDFOLD_PG_BIN to the folder that holds them';

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where a PostgreSQL client program is: BLINDFOLD_PG_BIN, PATH, `pg_config --bindir`, then /usr/lib/postgresql/<newest>/bin. */
export function postgresProgram(program: 'pg_dump' | 'pg_restore', env: NodeJS.ProcessEnv = process.env): string {
  const name = process.platform === 'win32' ? `${program}.exe` : program;
  const fromEnv = env['BLINDFOLD_PG_BIN'];
  if (fromEnv) {
    const file = path.join(fromEnv, name);
    if (executable(file)) return file;
    throw new CoreError('not_found', `${program} is not in BLINDFOLD_PG_BIN (${fromEnv}): ${INSTALL_HINT}`);
  }
  for (const dir of (env['PATH'] ?? '').split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, name);
    if (executable(file)) return file;
  }
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0) {
    const file = path.join(pgConfig.stdout.trim(), name);
    if (executable(file)) return file;
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => executable(path.join(debian, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return path.join(debian, versions[0]!, 'bin', name);
  }
  throw new CoreError('not_found', `${program} was not found: ${INSTALL_HINT}`);
}

/** The URL for a libpq program (without a password) and the environment carrying the password. */
export function libpqConnection(url: string): { readonly dbname: string; readonly env: NodeJS.ProcessEnv } {
  const { url: dbname, password } = splitPassword(url);
  return { dbname, env: { ...process.env, ...(password !== undefined ? { PGPASSWORD: password } : {}) } };
}

/** Runs a PostgreSQL program; rejects with its first lines of stderr when it fails. */
export function runPostgresProgram(program: 'pg_dump' | 'pg_restore', args: readonly string[], env: NodeJS.ProcessEnv): Promise<void> {
  const file = postgresProgram(program);
  return new Promise((resolve, reject) => {
    const child = spawn(file, [...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < 4000) stderr += chunk;
    });
    child.once('error', (error) => reject(new CoreError('internal', `${program} could not be started: ${error.message}`)));
    child.once('close', (code, signal) => {
      if (code === 0) resolve();
      else {
        const said = stderr.trim().split('\n').slice(0, 3).join(' | ');
        reject(new CoreError('internal', `${program} failed (${signal ?? `exit code ${code}`})${said ? `: ${said}` : ''}`));
      }
    });
  });
}
