// `blindfold serve`: runs the study server until SIGINT or SIGTERM (systemd's stop), then closes it
// cleanly (requests in flight finish, the study's database is closed).
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readConfigFile, resolveServeConfig } from '../../server/config';
import { startStudyServer } from '../../server/server';
import { PostgresDb, redactUrl } from '../../../db/postgres/open';
import type { Study } from '../../core/study/study';
import { parse } from '../args';
import { UsageError, type CliIo } from '../io';

export const SERVE_USAGE = 'serve <studyDir> [--database postgresql://user@host/db] --listen HOST:PORT [--tls-cert FILE --tls-key FILE]  |  serve --config FILE';

/** The built renderer that browsers are given: out/renderer of this checkout (npm run build). */
export function builtRendererDir(): string {
  return fileURLToPath(new URL('../../../out/renderer', import.meta.url));
}

/** Where the served study's data are, without any password. */
function storeOf(study: Study): string {
  return study.db instanceof PostgresDb ? `PostgreSQL, ${redactUrl(study.db.url)}` : `SQLite, ${study.paths.database}`;
}

export async function serveCommand(args: string[], io: CliIo, signals: NodeJS.EventEmitter = process): Promise<number> {
  const fromFile = args.some((a) => a === '--config' || a.startsWith('--config='));
  const { values, positionals } = parse(
    args,
    { listen: { type: 'string' }, database: { type: 'string' }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' }, config: { type: 'string' } },
    fromFile ? [] : ['studyDir'],
  );
  const rendererDir = io.env['BLINDFOLD_RENDERER_DIR'] ?? builtRendererDir();
  let serveArgs;
  if (values.config) {
    if (positionals.length > 0 || values.listen || values.database || values['tls-cert'] || values['tls-key']) throw new UsageError('Give either --config FILE or the study and its options, not both');
    serveArgs = { ...readConfigFile(values.config), rendererDir };
  } else {
    if (!values.listen) throw new UsageError('Give the address to listen on with --listen HOST:PORT');
    serveArgs = { studyDir: positionals[0]!, database: values.database, listen: values.listen, tlsCert: values['tls-cert'], tlsKey: values['tls-key'], rendererDir };
  }
  const config = resolveServeConfig(serveArgs);
  if (!existsSync(`${config.rendererDir}/index.html`)) {
    throw new UsageError('The app is not built: run "npm run build" first (the server gives browsers the built app)');
  }
  const server = await startStudyServer(config, { log: (line) => io.stderr(`${line}\n`) });
  const fingerprint = config.tls ? new X509Certificate(config.tls.cert).fingerprint256 : null;
  io.stdout(`Blindfold is serving the study at ${server.url}\n`);
  io.stdout(`Store: ${storeOf(server.core.context.study)}\n`);
  if (fingerprint) io.stdout(`Certificate SHA-256 fingerprint: ${fingerprint}\n`);
  else io.stdout('Plain HTTP on loopback only (no TLS).\n');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    signals.once('SIGINT', stop);
    signals.once('SIGTERM', stop);
  });
  await server.close();
  io.stdout('The study server stopped.\n');
  return 0;
}
