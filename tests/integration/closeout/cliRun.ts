// Runs a closeout command the way `blindfold` does (electron/cli/main.ts): a usage error is exit 2,
// a core error exit 1, each with its message on stderr; output captured.
import { readFileSync } from 'node:fs';
import { UsageError, type CliIo } from '../../../electron/cli/io';
import { CoreError } from '../../../electron/common/result';

export type Command = (args: string[], io: CliIo) => Promise<number>;

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export async function run(command: Command, args: string[], env: Readonly<Record<string, string | undefined>>): Promise<Run> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s), readFile: async (p) => readFileSync(p), env };
  try {
    const code = await command(args, io);
    return { code, out, err };
  } catch (error) {
    if (error instanceof UsageError) return { code: 2, out, err: `${err}${error.message}\n` };
    if (error instanceof CoreError) return { code: 1, out, err: `${err}${error.message}\n` };
    throw error;
  }
}
