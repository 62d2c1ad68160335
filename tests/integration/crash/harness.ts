// Running a worker script as a separate Node process that can be killed without warning. Workers
// are bundled once with esbuild (node_modules left external) so that each restart costs a plain
// Node start-up rather than a TypeScript transpile; the bundle sits in tests/.artifacts so that
// node_modules resolve from it exactly as from the sources.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const artifacts = path.resolve(here, '../../.artifacts/crash');

export async function bundleWorker(entry: string): Promise<string> {
  mkdirSync(artifacts, { recursive: true });
  const outfile = path.join(artifacts, `${path.basename(entry, '.ts')}-${process.pid}.mjs`);
  await build({
    entryPoints: [path.join(here, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    packages: 'external',
    logLevel: 'silent',
  });
  return outfile;
}

export interface Life {
  /** Complete lines written before the process died (a torn last line is dropped). */
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly exitCode: number | null;
  readonly stderr: string;
}

export interface LifeControl {
  /** Called for every complete stdout line; return true to kill the process now, or a delay in ms. */
  readonly onLine?: (line: string) => boolean | number;
  /** Called just before the kill signal is sent (to look at what is on disk at that moment). */
  readonly onKill?: () => void;
  /** Kill this long after the line "ready" (or after spawn when `fromSpawn`); undefined never. */
  readonly killAfterMs?: number;
  readonly fromSpawn?: boolean;
  readonly env?: Readonly<Record<string, string>>;
  /** Give up (and kill) after this long regardless. */
  readonly timeoutMs?: number;
}

/**
 * Runs `node <script> …args` in its own process group and SIGKILLs the whole group (ffmpeg
 * children included, as a power cut would) when told to. Resolves when the process has gone.
 */
export function live(script: string, args: readonly string[], control: LifeControl): Promise<Life> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...control.env },
    });
    const lines: string[] = [];
    let pending = '';
    let stderr = '';
    let killed = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = (): void => {
      if (killed || child.pid === undefined) return;
      killed = true;
      control.onKill?.();
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const arm = (): void => {
      if (control.killAfterMs !== undefined) timers.push(setTimeout(kill, control.killAfterMs));
    };
    if (control.fromSpawn) arm();
    timers.push(setTimeout(kill, control.timeoutMs ?? 30_000));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        lines.push(line);
        if (line === 'ready' && !control.fromSpawn) arm();
        const verdict = killed ? false : control.onLine?.(line);
        if (verdict === true) kill();
        else if (typeof verdict === 'number') timers.push(setTimeout(kill, verdict));
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (exitCode, signal) => {
      for (const t of timers) clearTimeout(t);
      // The group may outlive its leader by a moment (an ffmpeg being torn down): make sure it is gone.
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          // Nothing left.
        }
      }
      resolve({ lines, signal, exitCode, stderr });
    });
  });
}
