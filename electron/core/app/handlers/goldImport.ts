// The reliability lead adds gold-standard clips from a manifest in the app, as `blindfold
// import-gold` does from the command line: both call reliability/study's importGoldManifest, which
// refuses bad input whole before any transcoding. Progress goes to the lead's own task board.
import path from 'node:path';
import { importGoldManifest } from '../../reliability/study';
import { must, type HandlerGroup } from './context';
import { readFileOrFail, withTask } from './setup';

export const goldImportHandlers: HandlerGroup<'reliability.importGold'> = {
  'reliability.importGold': async (ctx, caller, input) => {
    const lead = must(caller);
    const db = ctx.study.db;
    const text = (await readFileOrFail(input.manifestPath)).toString('utf8');
    const folder = path.dirname(path.resolve(input.manifestPath));
    const outcome = await withTask(ctx, caller, 'Adding gold-standard clips', (signal) =>
      importGoldManifest(db, ctx.study.paths.blindedMedia, { text, folder }, input.source, lead.name, {
        ...(input.jobs ? { jobs: input.jobs } : {}),
        signal,
        onProgress: (e) => ctx.tasks.update(caller.sessionKey, { done: Math.round(e.overall), total: 100, items: { [e.code]: e.percent } }),
      }),
    );
    return { added: outcome.added, failed: outcome.failed, scores: outcome.scores };
  },
};
