// A small argument parser on node:util's parseArgs: strict, so an unknown flag is an error.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io';

export function parse<O extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: O, positionals: readonly string[]) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
  if (parsed.positionals.length < positionals.length) {
    throw new UsageError(`Missing ${positionals.slice(parsed.positionals.length).map((p) => `<${p}>`).join(' ')}`);
  }
  if (parsed.positionals.length > positionals.length) {
    throw new UsageError(`Unexpected argument "${parsed.positionals[positionals.length]}"`);
  }
  return { values: parsed.values, positionals: parsed.positionals };
}
