// The one description of the boundary between the renderer and main (VS Code's `common` interface).
// Every call: its name, zod input schema, result type and the roles allowed. main registers one
// handler per entry, the preload and the e2e harness build the proxy from it; nothing else defines
// a channel. Only pure code may be imported here: the renderer type-checks against this file.
import type { z } from 'zod';
import type { Result } from './result';

import type { Entry } from './contract/base';
import { accountsEntries } from './contract/accounts';
import { closeoutEntries } from './contract/closeout';
import { codingEntries } from './contract/coding';
import { fidelityEntries } from './contract/fidelity';
import { reliabilityEntries } from './contract/reliability';
import { setupEntries } from './contract/setup';

export * from './contract/accounts';
export * from './contract/base';
export * from './contract/closeout';
export * from './contract/coding';
export * from './contract/fidelity';
export * from './contract/reliability';
export * from './contract/setup';

export const contract = {
  ...codingEntries,
  ...setupEntries,
  ...reliabilityEntries,
  ...fidelityEntries,
  ...closeoutEntries,
  ...accountsEntries,
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallResult<N extends CallName> = Contract[N] extends Entry<z.ZodType, infer O> ? O : never;

export const CALL_NAMES = Object.keys(contract) as CallName[];

/** The IPC channel of a call; the only channels main listens on. */
export function channelOf(name: CallName): string {
  return `blindfold:${name}`;
}

export type BlindfoldApi = {
  readonly [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>>;
};
