// The renderer's API object, built from the contract over any transport: IPC in the preload,
// Playwright's exposeBinding in the e2e harness. Shared so both give the identical object.
import { CALL_NAMES, type BlindfoldApi, type CallName } from './contract';
import type { Result } from './result';

export type Invoke = (name: CallName, input: unknown) => Promise<Result<unknown>>;

export function buildApi(invoke: Invoke): BlindfoldApi {
  const api: Record<string, (input: unknown) => Promise<Result<unknown>>> = {};
  for (const name of CALL_NAMES) {
    api[name] = (input: unknown) => invoke(name, input ?? {});
  }
  return Object.freeze(api) as unknown as BlindfoldApi;
}
