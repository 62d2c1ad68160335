// Running the pending de-identification jobs of a study and recording each verified output as a
// clip. Each finished job lands in its own transaction, so a crash loses at most the jobs in flight;
// a rerun resumes (the runner keeps verified outputs and clears partial files).
import { utcNow, type Db } from '../../../../db/open';
import { insertClip } from '../../../../db/repositories/clips';
import { appendAudit } from '../../audit/chain';
import { runDeidentification, type DeidentifyProgress, type RegionMask } from '../../blinding/deidentify';
import type { Keyring } from '../../blinding/sealedKey';
import { studyPicture } from './picture';
import { recordingsOf } from './sealedRecords';

export interface DeidentifyOutcome {
  readonly done: number;
  readonly failed: readonly { readonly code: string; readonly message: string }[];
  readonly cancelled: boolean;
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
  const pending = db.prepare("SELECT code, masks FROM deid_jobs WHERE status <> 'done' AND kind = ?").all(kind) as { code: string; masks: string }[];
  const studyMasks = (JSON.parse(
    (db.prepare('SELECT settings FROM study WHERE id = 1').get() as { settings: string }).settings,
  ) as { masks?: RegionMask[] }).masks ?? [];
  const sources = new Map(recordingsOf(db, keyring).map((r) => [r.code, r]));
  const picture = studyPicture(db);
  const jobs = pending.map((p) => {
    const source = sources.get(p.code);
    if (!source) throw new Error(`No sealed source for job ${p.code}`);
    const masks = [...studyMasks, ...(JSON.parse(p.masks) as RegionMask[])];
    return {
      sourceFile: source.sourcePath,
      outputDir: mediaFolder,
      code: p.code,
      ...(masks.length > 0 ? { masks } : {}),
      ...(picture ? { picture } : {}),
      ...(source.sourceFingerprint ? { knownSource: { sha256: source.sourceSha256, fingerprint: source.sourceFingerprint } } : {}),
    };
  });
  const report = await runDeidentification(jobs, {
    ...(options.jobs ? { concurrency: options.jobs } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const failed: { code: string; message: string }[] = [];
  for (const result of report.results) {
    const expected = sources.get(result.code)?.sourceSha256;
    db.transaction(() => {
      if (expected && expected !== result.sourceSha256) {
        db.prepare("UPDATE deid_jobs SET status = 'failed', error = ?, updated_at = ? WHERE code = ?").run(
          'The source file changed since it was imported',
          utcNow(),
          result.code,
        );
        failed.push({ code: result.code, message: 'The source file changed since it was imported; import it again' });
        return;
      }
      const exists = db.prepare('SELECT 1 FROM clips WHERE code = ?').get(result.code);
      if (!exists) {
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
      db.prepare("UPDATE deid_jobs SET status = 'done', error = NULL, updated_at = ? WHERE code = ?").run(utcNow(), result.code);
    })();
  }
  for (const failure of report.failures) {
    db.prepare("UPDATE deid_jobs SET status = 'failed', error = ?, updated_at = ? WHERE code = ?").run(failure.error.message, utcNow(), failure.code);
    failed.push({ code: failure.code, message: failure.error.message });
  }
  const done = report.results.length - failed.filter((f) => report.results.some((r) => r.code === f.code)).length;
  db.transaction(() =>
    appendAudit(db, { actor, action: 'recordings.deidentify', detail: { done, failed: failed.length, cancelled: report.cancelled } }),
  )();
  return { done, failed, cancelled: report.cancelled };
}
