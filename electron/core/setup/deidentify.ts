// Running the pending de-identification jobs of a study and recording each verified output as a
// clip. Each finished job lands in its own transaction as it finishes, so a crash loses at most the
// jobs in flight, and a rerun does only the jobs not yet recorded. A result is refused if its source
// changed since import, or if the masks or the picture setting changed while it was being made.
import { utcNow, type Db } from '../../../db/open';
import { findClipByCode, insertClip } from '../../../db/repositories/clips';
import { findJob, markJobDone, markJobFailed, unfinishedJobs } from '../../../db/repositories/deidJobs';
import { appendAudit } from '../audit/chain';
import { rmSync } from 'node:fs';
import path from 'node:path';
import type { DeidentifyOutcome } from '../../common/contract';
import { runDeidentification, type DeidentifyProgress, type DeidentifyResult, type RegionMask } from '../blinding/deidentify';
import type { Keyring } from '../blinding/sealedKey';
import { studyCodingWindow } from './codingWindow';
import { studyMasks, studyPicture } from './picture';
import { recordingsOf } from './sealedRecords';

/** What a job's output is made with: the masks that apply to it and the study's picture. */
function recipeOf(db: Db, code: string): string {
  return JSON.stringify({ masks: [...studyMasks(db), ...(findJob(db, code)?.masks ?? [])], picture: studyPicture(db), window: studyCodingWindow(db) });
}

export async function deidentifyPending(
  db: Db,
  keyring: Keyring,
  mediaFolder: string,
  actor: string,
  options: { jobs?: number; signal?: AbortSignal; onProgress?: (e: DeidentifyProgress) => void } = {},
): Promise<DeidentifyOutcome> {
  // Outcome recordings only; sampled session recordings go through fidelity/deidentify.
  const kind = 'outcome';
  const pending = unfinishedJobs(db, kind, 'stored');
  const sources = new Map(recordingsOf(db, keyring).map((r) => [r.code, r]));
  const picture = studyPicture(db);
  const window = studyCodingWindow(db);
  const recipes = new Map<string, string>();
  const forStudy = studyMasks(db);
  const jobs = pending.map((p) => {
    const source = sources.get(p.code);
    if (!source) throw new Error(`No sealed source for job ${p.code}`);
    recipes.set(p.code, recipeOf(db, p.code));
    const masks: RegionMask[] = [...forStudy, ...p.masks];
    // An output left under its final name but never recorded (a crash between the two) may have
    // been made with other masks or another picture: it is made again rather than trusted.
    rmSync(path.join(mediaFolder, `${p.code}.mp4`), { force: true });
    return {
      sourceFile: source.sourcePath,
      outputDir: mediaFolder,
      code: p.code,
      ...(masks.length > 0 ? { masks } : {}),
      ...(picture ? { picture } : {}),
      ...(window ? { window } : {}),
      ...(source.sourceFingerprint ? { knownSource: { sha256: source.sourceSha256, fingerprint: source.sourceFingerprint } } : {}),
    };
  });
  const failed: { code: string; message: string }[] = [];
  let done = 0;
  const fail = (code: string, stored: string, message: string): void => {
    markJobFailed(db, code, stored, utcNow());
    failed.push({ code, message });
  };
  // Each result is recorded as its job finishes, in its own transaction.
  const record = (result: DeidentifyResult): void => {
    const expected = sources.get(result.code)?.sourceSha256;
    db.transaction(() => {
      if (expected && expected !== result.sourceSha256) {
        fail(result.code, 'The source file changed since it was imported', 'The source file changed since it was imported; import it again');
        rmSync(result.outputFile, { force: true });
        return;
      }
      if (recipeOf(db, result.code) !== recipes.get(result.code)) {
        const message = 'The masks or the picture setting changed while this recording was being de-identified; run de-identification again';
        fail(result.code, message, message);
        rmSync(result.outputFile, { force: true });
        return;
      }
      if (!findClipByCode(db, result.code)) {
        insertClip(db, {
          code: result.code,
          kind,
          mediaFile: `${result.code}.mp4`,
          sha256: result.outputSha256,
          durationSeconds: result.durationSeconds,
          frameRate: result.frameRate || null,
          width: result.width || null,
          height: result.height || null,
          createdAt: utcNow(),
        });
      }
      markJobDone(db, result.code, utcNow());
      done++;
    })();
  };
  const report = await runDeidentification(jobs, {
    ...(options.jobs ? { concurrency: options.jobs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    onResult: record,
  });
  const recorded = new Set(failed.map((f) => f.code));
  for (const failure of report.failures) {
    if (recorded.has(failure.code)) continue;
    fail(failure.code, failure.error.message, failure.error.message);
  }
  db.transaction(() =>
    appendAudit(db, { actor, action: 'recordings.deidentify', detail: { done, failed: failed.length, cancelled: report.cancelled } }),
  )();
  return { done, failed, cancelled: report.cancelled };
}
