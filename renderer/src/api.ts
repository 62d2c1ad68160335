// The renderer's only way out: window.blindfold, typed by the contract. `call` unwraps a Result and
// throws a CallFailure so components can show the message; the boundary itself never throws.
import type { CallInput, CallName, CallResult } from '../../electron/common/contract';
import type { CallError } from '../../electron/common/result';

export class CallFailure extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
    this.name = 'CallFailure';
  }
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
  const fn = window.blindfold[name] as (i: CallInput<N>) => Promise<{ ok: true; value: CallResult<N> } | { ok: false; error: CallError }>;
  const result = await fn(input);
  if (!result.ok) throw new CallFailure(result.error);
  return result.value;
}

export function messageOf(error: unknown): string {
  return error instanceof CallFailure ? error.message : 'Something went wrong. Please try again.';
}
