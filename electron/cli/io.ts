// What a command may touch of the outside world, passed in so commands are testable.
import { readFile } from 'node:fs/promises';

export interface CliIo {
  readonly stdout: (s: string) => void;
  readonly stderr: (s: string) => void;
  readonly readFile: (path: string) => Promise<Buffer>;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Asks for a secret on the terminal; undefined when there is no terminal. */
  readonly prompt?: (question: string) => Promise<string>;
}

export const processIo: CliIo = {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readFile: (p) => readFile(p),
  env: process.env,
};

/** An error the user made: printed to stderr without a stack, exit code 2. */
export class UsageError extends Error {}
