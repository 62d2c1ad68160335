// The contract over HTTPS, for a browser given the renderer by a study server (and, with a bearer
// token, for the desktop app as a server's client): each call is POST <base><name> with JSON in and
// the Result out. A server that cannot be reached, or an answer that is not a Result, becomes a
// failed Result with a message a person can act on — nothing is thrown at the caller.
import { IDEMPOTENT_CALLS, type CallName } from './contract';
import { fail, type Result } from './result';

export const REQUEST_HEADER = 'X-Blindfold-Request';

export interface HttpInvokeOptions {
  /** Where the calls go: '/api/' for the page's own server. */
  readonly base: string;
  readonly fetch?: typeof fetch;
  /** Extra headers for every call (the desktop client's bearer token). */
  readonly headers?: () => Readonly<Record<string, string>>;
  /** Waits between retries of a write whose answer was lost (ms); the same key each time. */
  readonly retryDelaysMs?: readonly number[];
  readonly sleep?: (ms: number) => Promise<void>;
}

const IDEMPOTENT = new Set<string>(IDEMPOTENT_CALLS);
const RETRY_DELAYS_MS = [250, 500, 1_000, 2_000, 4_000];
/** Answers that mean the call may not have reached the study: try again with the same key. */
const TRANSIENT = new Set([502, 503, 504]);

function newKey(): string {
  return globalThis.crypto.randomUUID().replace(/-/g, '');
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { ok?: unknown; error?: { code?: unknown; message?: unknown } };
  if (v.ok === true) return 'value' in v;
  return v.ok === false && typeof v.error?.code === 'string' && typeof v.error?.message === 'string';
}

export function httpInvoke(options: HttpInvokeOptions): (name: CallName, input: unknown) => Promise<Result<unknown>> {
  const doFetch = options.fetch ?? ((...args: Parameters<typeof fetch>) => fetch(...args));
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const delays = options.retryDelaysMs ?? RETRY_DELAYS_MS;
  return async (name, input) => {
    // A write carries a key of its own; when its answer is lost it is sent again with the same key,
    // and the server answers a repeat with the first call's result: never applied twice.
    const key = IDEMPOTENT.has(name) ? newKey() : null;
    const body = JSON.stringify(input ?? {});
    let response: Response | null;
    for (let attempt = 0; ; attempt++) {
      try {
        response = await doFetch(`${options.base}${name}`, {
          method: 'POST',
          credentials: 'same-origin',
          cache: 'no-store',
          headers: { 'Content-Type': 'application/json', [REQUEST_HEADER]: '1', ...(key ? { 'Idempotency-Key': key } : {}), ...(options.headers?.() ?? {}) },
          body,
        });
        if (!TRANSIENT.has(response.status)) break;
      } catch {
        response = null;
      }
      if (!key || attempt >= delays.length) break;
      await sleep(delays[attempt]!);
    }
    if (!response || TRANSIENT.has(response.status)) {
      return fail(
        'internal',
        key
          ? 'The study server cannot be reached. Your work is kept on this page; try again when the connection is back.'
          : 'The study server cannot be reached. Check the connection and try again.',
      );
    }
    return readResult(response);
  };
}

async function readResult(response: Response): Promise<Result<unknown>> {
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    return fail('internal', `The study server answered ${response.status} without a result; try again.`);
  }
  return isResult(body) ? body : fail('internal', 'The study server gave an answer Blindfold does not understand.');
}
