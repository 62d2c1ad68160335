// The one entry point for a call from any face: look up the entry, check the session's role,
// validate the input, run the handler, and turn every outcome into a Result. Nothing is thrown
// across the boundary and no stack or path leaves this function. The app, the study server and the
// command line all come through here (core.ts: invoke and invokeAs), so roles, validation, output
// shapes and the audit actor cannot differ between them.
import { CALL_NAMES, contract, IDEMPOTENT_CALLS, PUBLIC, type CallName } from '../../common/contract';
import { CoreError, fail, ok, type Result } from '../../common/result';
import { keepResult, keptResult } from '../../../db/repositories/idempotency';
import { utcNow } from '../../../db/open';
import { handlers, type CoreContext } from './handlers';
import type { LocalIdentity } from './identity';

const known = new Set<string>(CALL_NAMES);

export type Logger = (message: string, error?: unknown) => void;

/**
 * Who is calling: a transport's session key (a window, a page, a server client), looked up in the
 * session store; or a local face's identity (identity.ts), whose study-holder session is never in
 * the store.
 */
export type CallerRef = { readonly sessionKey: string } | { readonly identity: LocalIdentity };

export interface CallOptions {
  /**
   * A network client's key for this write (16–128 of A–Z a–z 0–9 _ -). The first call's result is
   * kept under it for the caller's user; a retry with the same key gets that result and changes
   * nothing. Honoured for the entries of IDEMPOTENT_CALLS, whose result is kept in the write's own
   * transaction: a crash can never leave the write without its key, or the key without its write.
   * Other entries ignore it.
   */
  readonly idempotencyKey?: string;
}

/** Synchronous writes a client may retry after a lost answer: their results are kept with their keys. */
export const ATOMIC_WRITES: ReadonlySet<CallName> = new Set<CallName>(IDEMPOTENT_CALLS);

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;

class ShapeRefused extends Error {
  constructor(readonly issues: string) {
    super('result outside its declared shape');
  }
}

export async function dispatch(
  ctx: CoreContext,
  who: CallerRef,
  name: string,
  rawInput: unknown,
  log: Logger = (message, error) => console.error(message, error),
  options: CallOptions = {},
): Promise<Result<unknown>> {
  if (!known.has(name)) return fail('not_found', `There is no call named "${String(name).slice(0, 60)}"`);
  const callName = name as CallName;
  const entry = contract[callName];
  const holder = 'identity' in who ? who.identity.holder : undefined;
  const sessionKey = 'identity' in who ? who.identity.key : who.sessionKey;
  const session = holder ?? ctx.sessions.touch(sessionKey);
  if (entry.roles !== PUBLIC) {
    if (!session) return fail('unauthenticated', 'Please log in');
    if (!entry.roles.includes(session.role)) return fail('forbidden', `A ${session.role} may not do this`);
  }
  const parsed = entry.input.safeParse(rawInput);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const where = first && first.path.length > 0 ? `${first.path.join('.')}: ` : '';
    return fail('bad_input', `${where}${first?.message ?? 'invalid input'}`);
  }
  const key = ATOMIC_WRITES.has(callName) ? options.idempotencyKey : undefined;
  if (key !== undefined) {
    if (!IDEMPOTENCY_KEY.test(key)) return fail('bad_input', 'An idempotency key is 16 to 128 letters, digits, "_" or "-"');
    if (!session) return fail('unauthenticated', 'Please log in');
    const kept = keptResult(ctx.study.db, session.userId, key);
    if (kept) {
      if (kept.call !== callName) return fail('conflict', 'This idempotency key was already used for another call');
      return JSON.parse(kept.result) as Result<unknown>;
    }
  }
  const handler = handlers[callName] as (c: CoreContext, caller: unknown, input: unknown) => unknown;
  const caller = { sessionKey, session, studyHolder: holder !== undefined };
  // Results leave core only through their declared shape: what a handler returns beyond it (a
  // database row instead of a view, say) is refused here, never sent.
  const shape = (value: unknown): unknown => {
    const shaped = entry.output.safeParse(value === undefined ? null : value);
    if (!shaped.success) throw new ShapeRefused(describeIssues(shaped.error.issues));
    return shaped.data;
  };
  try {
    if (key !== undefined && session) {
      // The write, its shaped result and the kept key commit together (the handler's own
      // transaction becomes a savepoint of this one); a shape refusal rolls the write back too.
      return ctx.study.db.transaction(() => {
        const value = handler(ctx, caller, parsed.data);
        if (value instanceof Promise) throw new Error(`${callName} must be synchronous to be kept with its idempotency key`);
        const result = ok(shape(value));
        keepResult(ctx.study.db, { userId: session.userId, key, call: callName, result: JSON.stringify(result), createdAt: utcNow() });
        return result;
      })();
    }
    return ok(shape(await handler(ctx, caller, parsed.data)));
  } catch (error) {
    if (error instanceof ShapeRefused) {
      log(`Call ${callName} returned a result outside its declared shape: ${error.issues}`);
      return fail('internal', 'Something went wrong inside Blindfold; the error was logged and nothing was sent.');
    }
    if (error instanceof CoreError) return fail(error.code, error.message);
    log(`Call ${callName} failed`, error);
    return fail('internal', 'Something went wrong inside Blindfold; the error was logged and nothing was changed.');
  }
}

/** Where and how a result broke its shape — paths, key names and issue codes, never a value. */
function describeIssues(issues: readonly { code: string; path: readonly PropertyKey[]; keys?: readonly string[] }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => {
      const at = issue.path.length > 0 ? issue.path.map(String).join('.') : '(result)';
      return issue.code === 'unrecognized_keys' ? `${at}: undeclared key(s) ${(issue.keys ?? []).join(', ')}` : `${at}: ${issue.code}`;
    })
    .join('; ');
}
