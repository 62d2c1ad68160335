// Starting a real `blindfold serve` (bin/blindfold.mjs, the CLI a user runs) over HTTPS on loopback
// with the test certificate, for the e2e specs, the server's fault test and the load bench.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { testCertificate } from './tls';

export interface RunningServer {
  readonly url: string;
  readonly process: ChildProcess;
  readonly log: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `blindfold serve` on the study and resolves once it says where it listens. */
export function startServer(
  studyDir: string,
  options: { port?: number; env?: Readonly<Record<string, string>>; certificate?: { cert: string; key: string }; args?: readonly string[] } = {},
): Promise<RunningServer> {
  const { cert, key } = options.certificate ?? testCertificate();
  const child = spawn(
    process.execPath,
    [path.resolve('bin/blindfold.mjs'), 'serve', studyDir, '--listen', `127.0.0.1:${options.port ?? 0}`, '--tls-cert', cert, '--tls-key', key, ...(options.args ?? [])],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.push(...chunk.split('\n').filter(Boolean)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`blindfold serve did not start within 30 s:\n${out}\n${log.join('\n')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`blindfold serve exited with ${code}:\n${out}\n${log.join('\n')}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /serving the study at (https:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url: match[1]!,
        process: child,
        log,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const gone = async () => {
            for (let i = 0; i < 200; i++) {
              try {
                process.kill(child.pid!, 0);
              } catch {
                return;
              }
              await new Promise((r) => setTimeout(r, 50));
            }
            child.kill('SIGKILL');
            throw new Error('blindfold serve did not stop within 10 s of ' + signal);
          };
          await Promise.race([exited, gone()]);
        },
      });
    });
  });
}
