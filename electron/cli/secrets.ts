// Secrets come from the environment or a prompt, never from arguments (which other users of the
// machine can read in the process list, and shells keep in history).
import { createInterface } from 'node:readline';
import { UsageError, type CliIo } from './io';

export async function secret(io: CliIo, variable: 'BLINDFOLD_PASSWORD' | 'BLINDFOLD_PASSPHRASE', question: string): Promise<string> {
  const fromEnv = io.env[variable];
  if (fromEnv) return fromEnv;
  if (io.prompt) return io.prompt(question);
  throw new UsageError(`Set ${variable} in the environment or run this in a terminal to be asked for it`);
}

/** A terminal prompt that does not echo what is typed. */
export function terminalPrompt(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return (question) =>
    new Promise((resolve) => {
      const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
      const write = (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput.bind(rl);
      (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = (s: string) => {
        if (s.startsWith(question)) write(s);
      };
      rl.question(question, (answer) => {
        rl.close();
        process.stdout.write('\n');
        resolve(answer);
      });
    });
}
