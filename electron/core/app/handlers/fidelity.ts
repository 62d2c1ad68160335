// Handlers of the fidelity entries: the auditor's work through core/fidelity (the coder's rating
// machinery over the fidelity form), the waveform of a session's de-identified audio, and the
// summary with its CSV export. A manager who opened the sealed key sees clinicians by name; every
// other caller sees pseudonyms ("Clinician A").
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit } from '../../audit/chain';
import type { Keyring } from '../../blinding/sealedKey';
import { WAVEFORM_BINS } from '../../../common/contract';
import { amendAudit, auditClipView, auditorQueue, fidelityReport, fidelityReportCsv, saveAuditDraft, submitAudit } from '../../fidelity';
import { cachedAudioPeaks } from '../../media/peaks';
import { CoreError } from '../../../common/result';
import { isInside } from '../../closeout/export';
import { asUser, must, type Caller, type CoreContext, type HandlerGroup } from './context';

type FidelityCalls =
  | 'fidelity.queue'
  | 'fidelity.clip'
  | 'fidelity.waveform'
  | 'fidelity.saveDraft'
  | 'fidelity.submit'
  | 'fidelity.amend'
  | 'fidelity.summary'
  | 'fidelity.exportSummary';

/** The opened key, for a manager only: an auditor never sees clinicians' names. */
function namesKey(ctx: CoreContext, caller: Caller): Keyring | undefined {
  return must(caller).role === 'manager' ? ctx.keyrings.get(caller.sessionKey) : undefined;
}

export const fidelityHandlers: HandlerGroup<FidelityCalls> = {
  'fidelity.queue': (ctx, caller) => auditorQueue(ctx.study.db, must(caller).userId),
  'fidelity.clip': (ctx, caller, input) => {
    const session = must(caller);
    return auditClipView(ctx.study.db, session.userId, input.code, {
      folder: ctx.study.paths.blindedMedia,
      issue: (file, contentType) =>
        `${ctx.mediaBaseUrl}${ctx.mediaTokens.issue({ sessionKey: caller.sessionKey, userId: session.userId, file, contentType })}`,
    });
  },
  'fidelity.waveform': async (ctx, caller, input) => {
    const session = must(caller);
    // The clip view checks the assignment exactly as for playing; its link is not issued here.
    let file = '';
    const view = auditClipView(ctx.study.db, session.userId, input.code, {
      folder: ctx.study.paths.blindedMedia,
      issue: (f) => {
        file = f;
        return '';
      },
    });
    return cachedAudioPeaks(file, view.durationSeconds, input.bins ?? WAVEFORM_BINS.default);
  },
  'fidelity.saveDraft': (ctx, caller, input) => saveAuditDraft(ctx.study.db, must(caller).userId, input.code, input.draft, input.secondsSpent),
  'fidelity.submit': (ctx, caller, input) => submitAudit(ctx.study.db, asUser(caller), input.code, input.rating, input.secondsSpent),
  'fidelity.amend': (ctx, caller, input) => amendAudit(ctx.study.db, asUser(caller), input.code, input.rating, input.reason, input.secondsSpent),
  'fidelity.summary': (ctx, caller) => {
    const keyring = namesKey(ctx, caller);
    return fidelityReport(ctx.study.db, keyring ? { keyring } : {});
  },
  'fidelity.exportSummary': async (ctx, caller) => {
    const session = must(caller);
    const keyring = namesKey(ctx, caller);
    const chosen = await ctx.host.chooseSavePath({ title: 'Save the fidelity summary as CSV', defaultName: 'fidelity-summary.csv' });
    if (chosen === null) return { path: null };
    const file = path.resolve(chosen);
    if (keyring && isInside(ctx.study.paths.dir, file)) {
      throw new CoreError('bad_input', "This summary names clinicians: save it outside the study folder, which must never hold the key's contents");
    }
    const report = fidelityReport(ctx.study.db, keyring ? { keyring } : {});
    const temp = `${file}.${process.pid}.partial`;
    try {
      await writeFile(temp, fidelityReportCsv(report), 'utf8');
      await rename(temp, file);
    } catch (error) {
      await rm(temp, { force: true });
      throw new CoreError('bad_input', `Could not write ${path.basename(file)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
    ctx.study.db.transaction(() =>
      appendAudit(ctx.study.db, { actor: session.name, action: 'fidelity.export', detail: { clinicianNames: report.clinicianNames, sampled: report.sampled, scored: report.overall.scored } }),
    )();
    return { path: file };
  },
};
