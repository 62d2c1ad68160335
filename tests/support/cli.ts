// The command line as a test runs it: main() with captured output and the secrets in its environment.
import { readFileSync } from 'node:fs';
import type { CliIo } from '../../electron/cli/io';
import { main } from '../../electron/cli/main';

export interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

/** A runner whose every call has `env` (BLINDFOLD_PASSPHRASE, BLINDFOLD_PASSWORD …). */
export function cliWith(env: Readonly<Record<string, string>>): (...argv: string[]) => Promise<CliRun> {
  return async (...argv) => {
    let out = '';
    let err = '';
    const io: CliIo = {
      stdout: (s) => (out += s),
      stderr: (s) => (err += s),
      readFile: async (p) => readFileSync(p),
      env: { ...env },
    };
    return { code: await main(argv, io), out, err };
  };
}
