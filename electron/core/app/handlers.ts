// One handler per contract entry. Handlers receive input already validated by zod and a caller whose
// role was already checked (dispatch.ts); they translate between the contract's views and core.
import path from 'node:path';
import { findClipByCode } from '../../../db/repositories/clips';
import { progressByCoder } from '../../../db/repositories/assignments';
import { getDraft, latestRating } from '../../../db/repositories/ratings';
import { appendAudit } from '../audit/chain';
import type { Session, SessionStore } from '../auth/sessions';
import { checkLogin } from '../auth/users';
import { studyDimensions } from '../coding/dimensions';
import { coderQueue, requireAssignment, saveDraft, submitRating } from '../coding/ratings';
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
    const db = ctx.study.db;
    const assignment = requireAssignment(db, session.userId, input.code);
    const clip = findClipByCode(db, input.code);
    if (!clip) throw new CoreError('not_found', `Clip ${input.code} is not in your queue`);
    const queue = coderQueue(db, session.userId);
    const rating = latestRating(db, assignment.id);
    const token = ctx.mediaTokens.issue({
      sessionKey: caller.sessionKey,
      userId: session.userId,
      file: path.join(ctx.study.paths.blindedMedia, path.basename(clip.mediaFile)),
      contentType: 'video/mp4',
    });
    return {
      code: clip.code,
      position: queue.items.findIndex((i) => i.code === clip.code) + 1,
      total: queue.total,
      mediaUrl: `${ctx.mediaBaseUrl}${token}`,
      durationSeconds: clip.durationSeconds,
      frameRate: clip.frameRate ?? 25,
      dimensions: studyDimensions(db),
      draft: getDraft(db, assignment.id) ?? null,
      submitted: rating ? { scores: rating.scores, submittedAt: rating.submittedAt } : null,
    };
  },
  'coding.saveDraft': (ctx, caller, input) => saveDraft(ctx.study.db, must(caller).userId, input.code, input.scores),
  'coding.submit': (ctx, caller, input) => {
    const session = must(caller);
    return submitRating(ctx.study.db, { id: session.userId, name: session.name }, input.code, input.scores);
  },
  'manager.progress': (ctx) => ({ coders: progressByCoder(ctx.study.db) }),
};
