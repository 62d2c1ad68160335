// The contract over HTTPS, for a browser given the renderer by a study server (and, with a bearer
// token, for the desktop app as a server's client): each call is POST <base><name> with JSON in and
// the Result out. A server that cannot be reached, or an answer that is not a Result, becomes a
// failed Result with a message a person can act on — nothing is thrown at the caller.
import type { CallName } from './contract';
import { fail, type Result } from './result';

export const REQUEST_HEADER = 'X-Blindfold-Request';

export interface HttpInvokeOptions {
  /** Where the calls go: '/api/' for the page's own server. */
  readonly base: string;
  readonly fetch?: typeof fetch;
  /** Extra headers for every call (the desktop client's bearer token). */
  readonly headers?: () => Readonly<Record<string, string>>;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}

export function httpInvoke(options: HttpInvokeOptions): (name: CallName, input: unknown) => Promise<Result<unknown>> {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  return async (name, input) => {
    let response: Response;
    try {
      response = await doFetch(`${options.base}${name}`, {
        method: 'POST',
        credentials: 'same-origin',
        cache: 'no-store',
        headers: { 'Content-Type': 'application/json', [REQUEST_HEADER]: '1', ...(options.headers?.() ?? {}) },
        body: JSON.stringify(input ?? {}),
      });
    } catch {
      return fail('internal', 'The study server cannot be reached. Check the connection; nothing was sent.');
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      return fail('internal', `The study server answered ${response.status} without a result; try again.`);
    }
    return isResult(body) ? body : fail('internal', 'The study server gave an answer Blindfold does not understand.');
  };
}
