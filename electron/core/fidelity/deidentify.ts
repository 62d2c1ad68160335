// De-identifying the sampled sessions into audio clips (`<code>.m4a`, blinding/deidentify's audio
// output) and recording each verified output as a clip of kind 'session'. Same shape as the outcome
// pipeline (setup/deidentify): each finished job lands in its own transaction, a rerun resumes.
// It differs in where the sources are sealed ('session_recording') and in the output.
import { utcNow, type Db } from '../../../db/open';
import { findClipByCode, insertClip } from '../../../db/repositories/clips';
import { markJobDone, markJobFailed, unfinishedJobs } from '../../../db/repositories/deidJobs';
import { appendAudit } from '../audit/chain';
import { finalName, runDeidentification, type DeidentifyProgress } from '../blinding/deidentify';
import type { Keyring } from '../blinding/sealedKey';
import type { DeidentifyOutcome } from '../setup';
import { sessionRecordingsOf } from './sealed';

export async function deidentifySampledSessions(
  db: Db,
  keyring: Keyring,
  mediaFolder: string,
  actor: string,
  options: { jobs?: number; signal?: AbortSignal; onProgress?: (e: DeidentifyProgress) => void } = {},
): Promise<DeidentifyOutcome> {
  const pending = unfinishedJobs(db, 'session', 'code');
  if (pending.length === 0) return { done: 0, failed: [], cancelled: false };
  const sources = new Map(sessionRecordingsOf(db, keyring).map((r) => [r.code, r]));
  const jobs = pending.map((p) => {
    const source = sources.get(p.code);
    if (!source) throw new Error(`No sealed source for session job ${p.code}`);
    return { sourceFile: source.sourcePath, outputDir: mediaFolder, code: p.code, output: 'audio' as const };
  });
  const report = await runDeidentification(jobs, {
    ...(options.jobs ? { concurrency: options.jobs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const failed: { code: string; message: string }[] = [];
  let done = 0;
  for (const result of report.results) {
    db.transaction(() => {
      if (sources.get(result.code)?.sourceSha256 !== result.sourceSha256) {
        markJobFailed(db, result.code, 'The source file changed since it was imported', utcNow());
        failed.push({ code: result.code, message: 'The source file changed since it was imported; import it again' });
        return;
      }
      if (!findClipByCode(db, result.code)) {
        insertClip(db, {
          code: result.code,
          kind: 'session',
          mediaFile: finalName(result.code, 'audio'),
          sha256: result.outputSha256,
          durationSeconds: result.durationSeconds,
          frameRate: null,
          width: null,
          height: null,
          createdAt: utcNow(),
        });
      }
      markJobDone(db, result.code, utcNow());
      done++;
    })();
  }
  for (const failure of report.failures) {
    markJobFailed(db, failure.code, failure.error.message, utcNow());
    failed.push({ code: failure.code, message: failure.error.message });
  }
  db.transaction(() => appendAudit(db, { actor, action: 'sessions.deidentify', detail: { done, failed: failed.length, cancelled: report.cancelled } }))();
  return { done, failed, cancelled: report.cancelled };
}
