// The one description of the boundary between every client and core (VS Code's `common` interface).
// Every call: its name, zod input and output schemas and the roles allowed. main registers one
// handler per entry, the preload builds the proxy from it; nothing else defines a channel. It runs
// in main, in the sandboxed preload and in the renderer: it imports zod and itself, nothing else.
import type { z } from 'zod';
import type { Result } from './result';

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
export type CallResult<N extends CallName> = z.output<Contract[N]['output']>;

export const CALL_NAMES = Object.keys(contract) as CallName[];

/**
 * The writes a network client sends with an idempotency key and may retry after a lost answer
 * (coding, auditing, consensus): the server keeps each one's result with its key in the write's own
 * transaction. Set-up and close-out are the manager's, run where the study lives, and guard
 * themselves (an import lands whole or not at all; a study locks once).
 */
export const IDEMPOTENT_CALLS: readonly CallName[] = [
  'coding.saveDraft',
  'coding.submit',
  'coding.amend',
  'coding.blindingGuess',
  'fidelity.saveDraft',
  'fidelity.submit',
  'fidelity.amend',
  'reliability.recordConsensus',
];

/** The IPC channel of a call; the only channels main listens on. */
export function channelOf(name: CallName): string {
  return `blindfold:${name}`;
}

export type BlindfoldApi = {
  readonly [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>>;
};
