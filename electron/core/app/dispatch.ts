// The one entry point for a call from any face: look up the entry, check the session's role,
// validate the input, run the handler, and turn every outcome into a Result. Nothing is thrown
// across the boundary and no stack or path leaves this function. The app, the study server and the
// command line all come through here (core.ts: invoke and invokeAs), so roles, validation, output
// shapes and the audit actor cannot differ between them.
import { CALL_NAMES, contract, PUBLIC, type CallName } from '../../common/contract';
import { CoreError, fail, ok, type Result } from '../../common/result';
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

export async function dispatch(
  ctx: CoreContext,
  who: CallerRef,
  name: string,
  rawInput: unknown,
  log: Logger = (message, error) => console.error(message, error),
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
  try {
    const handler = handlers[callName] as (c: CoreContext, caller: unknown, input: unknown) => unknown;
    const value = await handler(ctx, { sessionKey, session, studyHolder: holder !== undefined }, parsed.data);
    // Results leave core only through their declared shape: what a handler returns beyond it (a
    // database row instead of a view, say) is refused here, never sent.
    const shaped = entry.output.safeParse(value === undefined ? null : value);
    if (!shaped.success) {
      log(`Call ${callName} returned a result outside its declared shape: ${describeIssues(shaped.error.issues)}`);
      return fail('internal', 'Something went wrong inside Blindfold; the error was logged and nothing was sent.');
    }
    return ok(shaped.data);
  } catch (error) {
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
