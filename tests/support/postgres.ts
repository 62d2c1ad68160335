// A throwaway PostgreSQL cluster for the tests and benches: initdb in a temporary folder, the server
// on a Unix socket only (no TCP port, so nothing outside this machine's user can reach it and no
// port can collide), stopped and deleted at the end. Never a shared or long-lived server.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface Cluster {
  /** The folder holding the socket (the connection's `host`). */
  readonly socketDir: string;
  /** A connection URL for one database of the cluster. */
  url(database: string): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): string;
  stop(): void;
}

/** The folder of PostgreSQL's server programs: BLINDFOLD_PG_BIN, pg_config's, or Debian's newest. */
export function postgresBinDir(): string | null {
  const fromEnv = process.env['BLINDFOLD_PG_BIN'];
  if (fromEnv) return existsSync(join(fromEnv, 'initdb')) ? fromEnv : null;
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  if (pgConfig.status === 0 && existsSync(join(pgConfig.stdout.trim(), 'initdb'))) return pgConfig.stdout.trim();
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => existsSync(join(debian, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? join(debian, versions[0]!, 'bin') : null;
}

export const NO_POSTGRES =
  'PostgreSQL is not installed (no initdb found: set BLINDFOLD_PG_BIN, put pg_config on PATH, or apt-get install postgresql). ' +
  'Run only the SQLite half with `npx vitest run --project sqlite`.';

export function startCluster(): Cluster {
  const bin = postgresBinDir();
  if (!bin) throw new Error(NO_POSTGRES);
  const root = mkdtempSync(join(tmpdir(), 'blindfold-pg-'));
  const data = join(root, 'data');
  const socketDir = root;
  const user = 'blindfold';
  // initdb refuses to run as root; CI machines often are root, so run the server programs as the
  // `postgres` user Debian's package creates, over a folder it owns.
  const asRoot = process.getuid?.() === 0;
  const run = (program: string, args: string[]): void => {
    const command = join(bin, program);
    if (asRoot) execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    else execFileSync(command, args, { stdio: 'pipe' });
  };
  if (asRoot) execFileSync('chown', ['postgres', root]);
  const pwfile = join(root, 'pw');
  writeFileSync(pwfile, 'unused\n');
  if (asRoot) execFileSync('chown', ['postgres', pwfile]);
  run('initdb', ['-D', data, '-U', user, '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const conf = [
    "listen_addresses = ''",
    `unix_socket_directories = '${socketDir}'`,
    'port = 5432',
    // A throwaway cluster: no durability cost for the tests (the crash test proves commit survival
    // on the engine's own guarantees, which fsync=off would void, so it turns it back on).
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    'max_connections = 200',
    'shared_buffers = 128MB',
  ].join('\n');
  writeFileSync(join(data, 'postgresql.auto.conf'), conf + '\n');
  run('pg_ctl', ['-D', data, '-l', join(root, 'server.log'), '-w', '-t', '60', 'start']);
  const url = (database: string): string =>
    `postgresql://${user}@/${encodeURIComponent(database)}?host=${encodeURIComponent(socketDir)}`;
  let stopped = false;
  return {
    socketDir,
    url,
    createDatabase(name: string): string {
      if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a database name: ${name}`);
      execFileSync(join(bin, 'psql'), ['-h', socketDir, '-U', user, '-d', 'postgres', '-v', 'ON_ERROR_STOP=1', '-qc', `CREATE DATABASE ${name}`], {
        stdio: 'pipe',
      });
      return url(name);
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
