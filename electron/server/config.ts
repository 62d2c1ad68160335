// What `blindfold serve` needs, from the command line or a config file (for a systemd unit):
// the study, the address to listen on, and the TLS certificate and key. TLS is required unless the
// server listens on loopback only; a server reachable from other machines never speaks plain HTTP.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { CoreError } from '../common/result';

export interface ServeConfig {
  readonly studyDir: string;
  /** The study's PostgreSQL database (URL), or null for the folder's own store (study.sqlite or study.postgres.json). */
  readonly database: string | null;
  readonly host: string;
  readonly port: number;
  /** PEM text, or null on loopback without TLS. */
  readonly tls: { readonly cert: string; readonly key: string } | null;
  /** The built renderer served to browsers (out/renderer). */
  readonly rendererDir: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

export function isLoopback(host: string): boolean {
  return LOOPBACK.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** "HOST:PORT", "[::1]:PORT" or ":PORT" (all addresses). */
export function parseListen(value: string): { host: string; port: number } {
  const match = /^(?:\[([0-9a-fA-F:]+)\]|([^:\s]*)):(\d{1,5})$/.exec(value.trim());
  const port = match ? Number(match[3]) : NaN;
  if (!match || !(port >= 0 && port <= 65535)) throw new CoreError('bad_input', `--listen must be HOST:PORT (e.g. 0.0.0.0:8443 or 127.0.0.1:8443), not "${value}"`);
  return { host: match[1] ?? (match[2] || '0.0.0.0'), port };
}

const fileSchema = z
  .object({
    study: z.string().min(1),
    database: z.string().min(1).optional(),
    listen: z.string().min(1),
    tlsCert: z.string().min(1).optional(),
    tlsKey: z.string().min(1).optional(),
  })
  .strict();

export interface ServeArgs {
  readonly studyDir: string;
  readonly database?: string | undefined;
  readonly listen: string;
  readonly tlsCert?: string | undefined;
  readonly tlsKey?: string | undefined;
  readonly rendererDir: string;
}

/** Reads a JSON config file: {"study": …, "database"?: …, "listen": …, "tlsCert": …, "tlsKey": …}; paths relative to the file. */
export function readConfigFile(file: string): Omit<ServeArgs, 'rendererDir'> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new CoreError('bad_input', `Could not read the config file ${file}: ${(error as Error).message}`);
  }
  const parsed = fileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new CoreError('bad_input', `The config file ${file}: ${issue?.path.join('.') || 'its content'}: ${issue?.message ?? 'invalid'}`);
  }
  const dir = path.dirname(path.resolve(file));
  const at = (p: string | undefined) => (p === undefined ? undefined : path.resolve(dir, p));
  return { studyDir: at(parsed.data.study)!, database: parsed.data.database, listen: parsed.data.listen, tlsCert: at(parsed.data.tlsCert), tlsKey: at(parsed.data.tlsKey) };
}

export function resolveServeConfig(args: ServeArgs): ServeConfig {
  const { host, port } = parseListen(args.listen);
  if (Boolean(args.tlsCert) !== Boolean(args.tlsKey)) throw new CoreError('bad_input', 'Give both --tls-cert and --tls-key, or neither');
  if (!args.tlsCert && !isLoopback(host)) {
    throw new CoreError(
      'bad_input',
      `A study server reachable from other machines needs TLS: give --tls-cert FILE --tls-key FILE (plain HTTP only on loopback, e.g. --listen 127.0.0.1:${port})`,
    );
  }
  const read = (file: string, what: string): string => {
    try {
      return readFileSync(file, 'utf8');
    } catch (error) {
      throw new CoreError('bad_input', `Could not read the TLS ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  };
  const tls = args.tlsCert && args.tlsKey ? { cert: read(args.tlsCert, 'certificate'), key: read(args.tlsKey, 'key') } : null;
  if (args.database !== undefined && !/^postgres(ql)?:\/\//i.test(args.database)) {
    throw new CoreError('bad_input', '--database must be a PostgreSQL URL (postgresql://user@host/database; the password from PGPASSWORD or ~/.pgpass)');
  }
  return { studyDir: path.resolve(args.studyDir), database: args.database ?? null, host, port, tls, rendererDir: args.rendererDir };
}
