// Handlers of the session, study and coding entries.
import { progressByCoder } from '../../../../db/repositories/assignments';
import { appendAudit } from '../../audit/chain';
import { checkLogin } from '../../auth/users';
import { clipView } from '../../coding/clipView';
import { scalesLocked, setBlindingCheck, setStudyDimensions, studyDimensions, studySettings } from '../../coding/dimensions';
import { SCALE_PRESETS } from '../../coding/scales';
import { amendRating, coderQueue, recordBlindingGuess, saveDraft, submitRating } from '../../coding/ratings';
import { asUser, must, type HandlerGroup } from './context';

type CodingCalls =
  | 'auth.login'
  | 'auth.logout'
  | 'auth.session'
  | 'auth.heartbeat'
  | 'study.info'
  | 'coding.queue'
  | 'coding.clip'
  | 'coding.saveDraft'
  | 'coding.submit'
  | 'coding.amend'
  | 'coding.blindingGuess'
  | 'study.scales'
  | 'study.setScales'
  | 'study.blindingCheck'
  | 'study.setBlindingCheck'
  | 'manager.progress';

export const codingHandlers: HandlerGroup<CodingCalls> = {
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
  // Dispatch has already refreshed the session (every call with a live session does); there is
  // nothing else to do. Not audited: it comes every few seconds while a clip plays.
  'auth.heartbeat': (_ctx, caller) => {
    must(caller);
    return null;
  },
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
  'coding.submit': (ctx, caller, input) => submitRating(ctx.study.db, asUser(caller), input.code, input.rating, input.secondsSpent),
  'coding.amend': (ctx, caller, input) => amendRating(ctx.study.db, asUser(caller), input.code, input.rating, input.reason, input.secondsSpent),
  'coding.blindingGuess': (ctx, caller, input) => recordBlindingGuess(ctx.study.db, asUser(caller), input.code, input.arm, input.timepoint),
  'study.scales': (ctx) => ({
    dimensions: studyDimensions(ctx.study.db),
    presets: SCALE_PRESETS,
    locked: scalesLocked(ctx.study.db),
  }),
  'study.setScales': (ctx, caller, input) => setStudyDimensions(ctx.study.db, input.dimensions, must(caller).name),
  'study.blindingCheck': (ctx) => studySettings(ctx.study.db).blindingCheck,
  'study.setBlindingCheck': (ctx, caller, input) => setBlindingCheck(ctx.study.db, input, must(caller).name),
  'manager.progress': (ctx) => ({ coders: progressByCoder(ctx.study.db) }),
};
