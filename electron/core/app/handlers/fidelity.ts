// Handlers of the fidelity entries: the auditor's work through core/fidelity (the coder's rating
// machinery over the fidelity form), the waveform of a session's de-identified audio, and the
// summary with its CSV export. A manager who opened the sealed key sees clinicians by name; every
// other caller sees pseudonyms ("Clinician A").
import { spawn } from 'node:child_process';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { appendAudit } from '../../audit/chain';
import type { Keyring } from '../../blinding/sealedKey';
import { WAVEFORM_BINS, type Waveform } from '../../contract';
import { amendAudit, auditClipView, auditorQueue, fidelityReport, fidelityReportCsv, saveAuditDraft, submitAudit } from '../../fidelity';
import { ffmpegPath } from '../../media/binaries';
import { CoreError } from '../../result';
import { isInside } from '../../study/closeout/export';
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

// Peaks are read from 8 kHz mono PCM: plenty for a picture of speech and silence, and cheap — an
// hour of audio is 58 MB of samples streamed through, never held.
const PEAK_RATE = 8000;
const PEAK_TIMEOUT_MS = 120_000;
/** Waveforms of the de-identified files, which never change once written; a few per session suffice. */
const peakCache = new Map<string, Waveform>();
const PEAK_CACHE_SIZE = 32;

/**
 * Min/max peaks of an audio file in `bins` equal slices. Samples are first folded into blocks of a
 * size chosen from the expected length (about four blocks per bin), so memory stays small for long
 * recordings; the blocks are then folded into the bins.
 */
export function audioPeaks(file: string, durationSeconds: number, bins: number): Promise<Waveform> {
  const blockSize = Math.max(1, Math.floor((durationSeconds * PEAK_RATE) / (bins * 4)));
  const blockMin: number[] = [];
  const blockMax: number[] = [];
  let low = Infinity;
  let high = -Infinity;
  let inBlock = 0;
  let carry: Buffer | null = null;
  const take = (sample: number) => {
    if (sample < low) low = sample;
    if (sample > high) high = sample;
    if (++inBlock === blockSize) {
      blockMin.push(low);
      blockMax.push(high);
      low = Infinity;
      high = -Infinity;
      inBlock = 0;
    }
  };
  return new Promise<Waveform>((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vn', '-f', 's16le', '-ac', '1', '-ar', String(PEAK_RATE), 'pipe:1'];
    const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), PEAK_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % 2);
      for (let i = 0; i < whole; i += 2) take(bytes.readInt16LE(i));
      carry = whole < bytes.length ? bytes.subarray(whole) : null;
    });
    child.on('error', () => {
      clearTimeout(timer);
      reject(new CoreError('internal', 'Could not read the audio of this recording'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (inBlock > 0) {
        blockMin.push(low);
        blockMax.push(high);
      }
      if (code !== 0 || blockMin.length === 0) {
        reject(new CoreError('internal', 'Could not read the audio of this recording'));
        return;
      }
      resolve(foldPeaks(blockMin, blockMax, bins, durationSeconds));
    });
  });
}

/** Folds per-block extremes into at most `bins` slices, scaled to −1…1 and rounded to 4 places. */
export function foldPeaks(blockMin: readonly number[], blockMax: readonly number[], bins: number, durationSeconds: number): Waveform {
  const n = Math.min(bins, blockMin.length);
  const min: number[] = [];
  const max: number[] = [];
  const scale = (v: number) => Math.round((v / 32768) * 10000) / 10000;
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * blockMin.length) / n);
    const to = Math.max(from + 1, Math.floor(((b + 1) * blockMin.length) / n));
    let low = Infinity;
    let high = -Infinity;
    for (let i = from; i < to; i++) {
      low = Math.min(low, blockMin[i]!);
      high = Math.max(high, blockMax[i]!);
    }
    min.push(scale(low));
    max.push(scale(high));
  }
  return { bins: n, durationSeconds, min, max };
}

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
    const bins = input.bins ?? WAVEFORM_BINS.default;
    const key = `${file}\u0000${bins}`;
    const cached = peakCache.get(key);
    if (cached) return cached;
    const waveform = await audioPeaks(file, view.durationSeconds, bins);
    if (peakCache.size >= PEAK_CACHE_SIZE) peakCache.delete(peakCache.keys().next().value!);
    peakCache.set(key, waveform);
    return waveform;
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
