// One handler per contract entry. Handlers receive input already validated by zod and a caller whose
// role was already checked (dispatch.ts); they translate between the contract's views and core.
import { progressByCoder } from '../../../db/repositories/assignments';
import { appendAudit } from '../audit/chain';
import type { Session, SessionStore } from '../auth/sessions';
import { checkLogin } from '../auth/users';
import { clipView } from '../coding/clipView';
import { setStudyDimensions, studyDimensions } from '../coding/dimensions';
import { amendRating, coderQueue, recordBlindingGuess, saveDraft, submitRating } from '../coding/ratings';
import type { CallName, CallResult, ParsedInput } from '../contract';
import type { MediaTokens } from '../media/tokens';
import { CoreError } from '../result';
import type { Study } from '../study/study';

export interface CoreContext {
  readonly study: Study;
  readonly sessions: SessionStore;
  readonly mediaTokens: MediaTokens;
  /** Prefix of media URLs for this transport, e.g. `blindfold-media://clip/`. */
  readonly mediaBaseUrl: string;
}

export interface Caller {
  readonly sessionKey: string;
  /** Present for every entry not marked public. */
  readonly session: Session | undefined;
}

type Handler<N extends CallName> = (ctx: CoreContext, caller: Caller, input: ParsedInput<N>) => CallResult<N> | Promise<CallResult<N>>;
export type Handlers = { readonly [N in CallName]: Handler<N> };

function coder(caller: Caller): { id: number; name: string } {
  const session = must(caller);
  return { id: session.userId, name: session.name };
}

function must(caller: Caller): Session {
  if (!caller.session) throw new CoreError('unauthenticated', 'Please log in');
  return caller.session;
}

export const handlers: Handlers = {
  'auth.login': async (ctx, caller, input) => {
    const user = await checkLogin(ctx.study.db, input.name, input.password);
    const session = ctx.sessions.start(caller.sessionKey, user);
    return { name: session.name, role: session.role };
  },
  'auth.logout': (ctx, caller) => {
    const session = must(caller);
    appendAudit(ctx.study.db, { actor: session.name, action: 'auth.logout' });
    ctx.sessions.end(caller.sessionKey);
    return null;
  },
  'auth.session': (_ctx, caller) => (caller.session ? { name: caller.session.name, role: caller.session.role } : null),
  'study.info': (ctx) => ({ name: ctx.study.name }),
  'coding.queue': (ctx, caller) => coderQueue(ctx.study.db, must(caller).userId),
  'coding.clip': (ctx, caller, input) => {
    const session = must(caller);
    return clipView(ctx.study.db, session.userId, input.code, {
      folder: ctx.study.paths.blindedMedia,
      issue: (file) =>
        `${ctx.mediaBaseUrl}${ctx.mediaTokens.issue({ sessionKey: caller.sessionKey, userId: session.userId, file, contentType: 'video/mp4' })}`,
    });
  },
  'coding.saveDraft': (ctx, caller, input) => saveDraft(ctx.study.db, must(caller).userId, input.code, input.draft, input.secondsSpent),
  'coding.submit': (ctx, caller, input) => submitRating(ctx.study.db, coder(caller), input.code, input.rating, input.secondsSpent),
  'coding.amend': (ctx, caller, input) =>
    amendRating(ctx.study.db, coder(caller), input.code, input.rating, input.reason, input.secondsSpent),
  'coding.blindingGuess': (ctx, caller, input) => recordBlindingGuess(ctx.study.db, coder(caller), input.code, input.arm, input.timepoint),
  'study.scales': (ctx) => studyDimensions(ctx.study.db),
  'study.setScales': (ctx, caller, input) => setStudyDimensions(ctx.study.db, input.dimensions, must(caller).name),
  'manager.progress': (ctx) => ({ coders: progressByCoder(ctx.study.db) }),
};
