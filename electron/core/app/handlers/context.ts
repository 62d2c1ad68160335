// What every handler receives: the open study and the in-memory state of main (sessions, media
// links, unlocked keys, background tasks), plus the caller's session.
import type { Session, SessionStore } from '../../auth/sessions';
import type { Keyring } from '../../blinding/sealedKey';
import type { CallName, CallResult, ParsedInput } from '../../../common/contract';
import type { MediaTokens } from '../../media/tokens';
import { CoreError } from '../../../common/result';
import type { StudyBackups } from '../../backup';
import type { Study } from '../../study/study';
import type { Host } from '../host';
import type { TaskBoard } from '../tasks';

export interface CoreContext {
  readonly study: Study;
  readonly sessions: SessionStore;
  readonly mediaTokens: MediaTokens;
  /** Prefix of media URLs for this transport, e.g. `blindfold-media://clip/`. */
  readonly mediaBaseUrl: string;
  readonly host: Host;
  readonly tasks: TaskBoard;
  /** Sealed keys a manager has opened, by session; dropped when the session ends. */
  readonly keyrings: Map<string, Keyring>;
  readonly backups: StudyBackups;
}

export interface Caller {
  readonly sessionKey: string;
  /** Present for every entry not marked public. */
  readonly session: Session | undefined;
  /** The command line's study holder (../identity.ts): its session is not in the session store. */
  readonly studyHolder: boolean;
}

export type Handler<N extends CallName> = (ctx: CoreContext, caller: Caller, input: ParsedInput<N>) => CallResult<N> | Promise<CallResult<N>>;
export type HandlerGroup<K extends CallName> = { readonly [N in K]: Handler<N> };

export function must(caller: Caller): Session {
  if (!caller.session) throw new CoreError('unauthenticated', 'Please log in');
  return caller.session;
}

export function asUser(caller: Caller): { id: number; name: string } {
  const session = must(caller);
  return { id: session.userId, name: session.name };
}

export function keyringOf(ctx: CoreContext, caller: Caller): Keyring {
  const keyring = ctx.keyrings.get(caller.sessionKey);
  if (!keyring) throw new CoreError('locked', 'Open the sealed key with the unblinding passphrase first');
  return keyring;
}

/**
 * Keeps an opened key for the caller's session — only if that session is still the one that made
 * the call: opening a key takes a while (scrypt), and a logout, re-login or time-out in between
 * must not hand the key to whoever holds the window next.
 */
export function holdKeyring(ctx: CoreContext, caller: Caller, keyring: Keyring): void {
  const session = must(caller);
  if (!caller.studyHolder && ctx.sessions.peek(caller.sessionKey) !== session) throw new CoreError('unauthenticated', 'Your session ended; log in again');
  ctx.keyrings.set(caller.sessionKey, keyring);
}
