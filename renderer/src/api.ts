// The renderer's only way out: window.blindfold, typed by the contract. `call` unwraps a Result and
// throws a CallFailure so components can show the message; the boundary itself never throws.
//
// A call refused as "unauthenticated" while someone is logged in means their session ended (idle,
// maximum age, an account change): `sessionEvents` tells the shell, which asks for the password in
// place, and tells the pages once the session is back so they can send what is still unsaved.
import type { CallInput, CallName, CallResult } from '../../electron/common/contract';
import type { CallError } from '../../electron/common/result';

export class CallFailure extends Error {
  constructor(readonly error: CallError) {
    super(error.message);
    this.name = 'CallFailure';
  }
}

/** Calls for which "unauthenticated" is an ordinary answer, not a session that ended. */
const SESSION_CALLS: ReadonlySet<CallName> = new Set<CallName>(['auth.login', 'auth.session', 'auth.logout']);

type Listener = () => void;
const ended = new Set<Listener>();
const restored = new Set<Listener>();

export const sessionEvents = {
  /** Called whenever a call finds the session gone; returns the unsubscribe function. */
  onEnded(listener: Listener): () => void {
    ended.add(listener);
    return () => void ended.delete(listener);
  },
  /** Called after the user logged in again in place. */
  onRestored(listener: Listener): () => void {
    restored.add(listener);
    return () => void restored.delete(listener);
  },
  restored(): void {
    for (const listener of [...restored]) listener();
  },
};

export function isSessionEnded(error: unknown): boolean {
  return error instanceof CallFailure && error.error.code === 'unauthenticated';
}

export async function call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>> {
  const fn = window.blindfold[name] as (i: CallInput<N>) => Promise<{ ok: true; value: CallResult<N> } | { ok: false; error: CallError }>;
  const result = await fn(input);
  if (!result.ok) {
    if (result.error.code === 'unauthenticated' && !SESSION_CALLS.has(name)) for (const listener of [...ended]) listener();
    throw new CallFailure(result.error);
  }
  return result.value;
}

export function messageOf(error: unknown): string {
  return error instanceof CallFailure ? error.message : 'Something went wrong. Please try again.';
}
