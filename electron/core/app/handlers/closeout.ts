// Handlers of the manager's close-out entries: they call closeout and analysis, hold the key
// opened at unblinding for the session, and ask the host where files go. The report's screen and
// print forms are built by analysis/view.ts and analysis/html.ts.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { renderReportText, type AnalysisOptions } from '../../analysis';
import { analyseStudy } from '../../closeout';
import { reportHtml } from '../../analysis/html';
import { analysisView } from '../../analysis/view';
import { appendAudit } from '../../audit/chain';
import type { CloseoutStatusView } from '../../../common/contract';
import { CoreError } from '../../../common/result';
import {
  closeoutStatus,
  emergencyUnblind,
  importRatings,
  lockStudy,
  MIN_REASON_LENGTH,
  openUnblindedKey,
  unblindStudy,
  writeExport,
} from '../../closeout';
import { isInside } from '../../closeout/export';
import { openKeyLogged } from '../../closeout/unblind';
import { holdKeyring, keyringOf, must, type CoreContext, type Caller, type HandlerGroup } from './context';

type CloseoutCalls =
  | 'closeout.status'
  | 'closeout.lock'
  | 'closeout.emergencyUnblind'
  | 'closeout.unblind'
  | 'closeout.openKey'
  | 'closeout.importRatings'
  | 'closeout.export'
  | 'closeout.analysis'
  | 'closeout.saveReport';

/** The allocation's arm labels when this session holds the key of the unblinded study; else null. */
function openArms(ctx: CoreContext, caller: Caller): string[] | null {
  const keyring = ctx.keyrings.get(caller.sessionKey);
  if (!keyring) return null;
  try {
    const key = openUnblindedKey(ctx.study.db, keyring);
    return [...new Set([...key.participants.values()].map((p) => p.arm))].sort();
  } catch {
    return null;
  }
}

function analysisOptions(input: { arms?: [string, string] | undefined; timepoints?: string[] | undefined }): AnalysisOptions {
  return { ...(input.arms ? { arms: input.arms } : {}), ...(input.timepoints ? { timepoints: input.timepoints } : {}) };
}

/** A file-name-safe form of the study's name for a suggested file name. */
const baseName = (study: string) => study.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60) || 'study';

async function readOrFail(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch {
    throw new CoreError('not_found', 'That file could not be read');
  }
}

export const closeoutHandlers: HandlerGroup<CloseoutCalls> = {
  'closeout.status': (ctx, caller): CloseoutStatusView => {
    const s = closeoutStatus(ctx.study.db);
    const arms = s.unblinding ? openArms(ctx, caller) : null;
    return {
      lock: s.lock && { lockedAt: s.lock.lockedAt, lockedBy: s.lock.lockedBy, exceptions: s.lock.exceptions.map((e) => ({ ...e })), reliabilityOverride: s.reliabilityOverride },
      unblinding: s.unblinding && { ...s.unblinding },
      unsubmitted: s.unsubmitted.map((u) => ({ code: u.code, coder: u.coder, purpose: u.purpose, kind: u.kind, hasDraft: u.hasDraft })),
      reliability: s.reliability,
      emergencyUnblindings: s.emergencyUnblindings.map((e) => ({ ...e })),
      seal: s.seal && { ...s.seal },
      keyChangedSinceSeal: s.keyChangedSinceSeal,
      keyOpen: arms !== null,
      arms,
      minReasonLength: MIN_REASON_LENGTH,
    };
  },
  'closeout.lock': (ctx, caller, input) => {
    const lock = lockStudy(ctx.study.db, must(caller).name, {
      confirmedExceptions: input.confirmedExceptions,
      ...(input.reliabilityReason === undefined ? {} : { reliabilityReason: input.reliabilityReason }),
    });
    return { lockedAt: lock.lockedAt, lockedBy: lock.lockedBy, exceptions: lock.exceptions.map((e) => ({ ...e })), reliabilityOverride: lock.reliabilityOverride };
  },
  'closeout.emergencyUnblind': async (ctx, caller, input) => {
    const r = await emergencyUnblind(ctx.study.db, { manager: must(caller).name, password: input.password, passphrase: input.passphrase, code: input.code, reason: input.reason });
    return {
      code: r.code,
      participant: r.participant,
      arm: r.arm,
      timepoint: r.timepoint,
      task: r.task,
      unblindedAt: r.unblindedAt,
      unblindedBy: r.unblindedBy,
      matchesSeal: r.matchesSeal,
    };
  },
  'closeout.unblind': async (ctx, caller, input) => {
    const receipt = await unblindStudy(ctx.study.db, { manager: must(caller).name, password: input.password, passphrase: input.passphrase, reason: input.reason });
    holdKeyring(ctx, caller, receipt.keyring);
    const randomised: Record<string, number> = {};
    for (const p of receipt.key.participants.values()) randomised[p.arm] = (randomised[p.arm] ?? 0) + 1;
    // unblindStudy refuses a key that does not match the latest seal, so reaching here means it matched.
    return { unblinding: { ...receipt.unblinding }, commitmentMatched: true, clips: receipt.key.clips.size, randomised };
  },
  'closeout.openKey': async (ctx, caller, input) => {
    const db = ctx.study.db;
    const actor = must(caller).name;
    const keyring = await openKeyLogged(db, input.passphrase, actor, 'key.open_for_analysis');
    openUnblindedKey(db, keyring);
    holdKeyring(ctx, caller, keyring);
    db.transaction(() => appendAudit(db, { actor, action: 'key.open_for_analysis' }))();
    return null;
  },
  'closeout.importRatings': async (ctx, caller, input) => {
    const outcome = importRatings(ctx.study.db, await readOrFail(input.path), must(caller).name, path.basename(input.path));
    return outcome.ok ? { imported: outcome.value, problems: [] } : { imported: null, problems: outcome.problems.map((p) => ({ ...p })) };
  },
  'closeout.export': async (ctx, caller, input) => {
    const db = ctx.study.db;
    // The key is checked before the dialog, so a refused export never asks where to save.
    const key = input.unblinded ? openUnblindedKey(db, keyringOf(ctx, caller)) : null;
    const kind = input.unblinded ? 'unblinded' : 'blinded';
    const out = await ctx.host.chooseSavePath({
      title: `Save the ${kind} ${input.layout} export`,
      defaultName: `${baseName(ctx.study.name)}-${kind}-${input.layout}.csv`,
    });
    if (!out) return null;
    // Never overwrite: Linux save dialogs do not confirm replacing a file, and the dictionary beside
    // the export was never shown in the dialog at all.
    return writeExport(db, {
      out,
      studyDir: ctx.study.paths.dir,
      key,
      layout: input.layout,
      bom: input.bom ?? false,
      actor: must(caller).name,
      overwrite: ctx.host.replacesFiles === true,
      ...(input.timepoints ? { timepoints: input.timepoints } : {}),
    });
  },
  'closeout.analysis': (ctx, caller, input) => analysisView(analyseStudy(ctx.study.db, keyringOf(ctx, caller), must(caller).name, analysisOptions(input))),
  'closeout.saveReport': async (ctx, caller, input) => {
    const db = ctx.study.db;
    const actor = must(caller).name;
    const report = analyseStudy(db, keyringOf(ctx, caller), actor, analysisOptions(input));
    const ext = input.format === 'pdf' ? 'pdf' : 'txt';
    const out = await ctx.host.chooseSavePath({ title: `Save the analysis report (${input.format === 'pdf' ? 'PDF' : 'text'})`, defaultName: `${baseName(report.study)}-analysis.${ext}` });
    if (!out) return null;
    const file = path.resolve(out);
    if (isInside(ctx.study.paths.dir, file)) throw new CoreError('bad_input', 'Save the report outside the study folder: it must never hold the allocation');
    let bytes: Buffer;
    if (input.format === 'pdf') {
      try {
        bytes = await ctx.host.renderPdf(reportHtml(analysisView(report)));
      } catch {
        throw new CoreError('conflict', 'The report could not be printed to PDF here; save it as text instead');
      }
    } else {
      bytes = Buffer.from(renderReportText(report), 'utf8');
    }
    try {
      await writeFile(file, bytes, { flag: 'wx' });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new CoreError('conflict', `${path.basename(file)} already exists; choose another name`);
      throw new CoreError('bad_input', `Could not write ${path.basename(file)}: ${code ?? 'error'}`);
    }
    db.transaction(() => appendAudit(db, { actor, action: 'analysis.report_saved', detail: { format: input.format, bytes: bytes.length } }))();
    return { file, bytes: bytes.length };
  },
};
