// The batch: jobs in parallel, cancellable, resumable, failures collected rather than thrown.
//
// Resuming after a crash needs no journal: a job's state is on disk. `<code>.mp4` exists only after
// verification, fsync and rename, so one that verifies (and matches the caller's recorded hash) is
// kept; `.<code>.partial.mp4` is whatever a crash interrupted and is deleted. Only the partials of
// the codes in the batch are touched — another batch may be writing into the same folder.
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { isSafeCode } from './files';
import type { JobOutcome } from './job';
import { deidentifyOne } from './job';
import { Slots } from './slots';
import type { DeidentifyFailure, DeidentifyJob, DeidentifyOptions, DeidentifyReport, DeidentifyResult, DeidentifyStage, UniformPicture } from './types';

export function defaultConcurrency(): number {
  return Math.max(1, availableParallelism() - 1);
}

function validPicture(p: UniformPicture): boolean {
  const side = (n: number): boolean => Number.isInteger(n) && n >= 64 && n <= 4096 && n % 2 === 0;
  return side(p.width) && side(p.height) && Number.isFinite(p.fps) && p.fps >= 1 && p.fps <= 120;
}

function invalid(job: DeidentifyJob, message: string): JobOutcome {
  return { kind: 'failed', failure: { code: job.code, error: { code: 'invalid_job', message } } };
}

export async function runDeidentification(
  jobs: readonly DeidentifyJob[],
  options: DeidentifyOptions = {},
): Promise<DeidentifyReport> {
  const concurrency = options.concurrency ?? defaultConcurrency();
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be a whole number of at least 1');
  const { signal, onProgress } = options;

  // Per job: the percent shown for it, and its share of the overall figure (a failed job is finished).
  const shown = jobs.map(() => 0);
  const share = jobs.map(() => 0);
  const report = (index: number, percent: number, stage: DeidentifyStage): void => {
    const job = jobs[index];
    if (!job) return;
    if (stage !== 'failed') shown[index] = percent;
    share[index] = stage === 'failed' ? 100 : percent;
    if (!onProgress) return;
    const overall = jobs.length === 0 ? 100 : share.reduce((a, b) => a + b, 0) / jobs.length;
    try {
      onProgress({ code: job.code, percent: shown[index] ?? 0, overall, stage });
    } catch {
      // A listener's bug must not stop the batch.
    }
  };

  const prepareSlots = new Slots(concurrency);
  const encodeSlots = new Slots(concurrency);
  const seen = new Set<string>();
  const outcomes = await Promise.all(
    jobs.map(async (job, index): Promise<JobOutcome> => {
      let outcome: JobOutcome;
      const target = `${resolve(job.outputDir)}\u0000${job.code}`;
      if (!isSafeCode(job.code)) outcome = invalid(job, 'The clip code is not a valid file name');
      else if (job.output !== undefined && job.output !== 'video' && job.output !== 'audio') outcome = invalid(job, 'The output must be video or audio');
      else if (job.picture && (job.output ?? 'video') !== 'video') outcome = invalid(job, 'A uniform picture applies to video output only');
      else if (job.picture && !validPicture(job.picture)) outcome = invalid(job, 'The uniform picture must be an even width and height from 64 to 4096 and a frame rate from 1 to 120');
      else if (seen.has(target)) outcome = invalid(job, 'The same clip code appears twice in the batch');
      else {
        seen.add(target);
        outcome = await deidentifyOne(job, {
          prepareSlots,
          encodeSlots,
          ...(signal ? { signal } : {}),
          report: (percent, stage) => report(index, percent, stage),
        });
      }
      if (outcome.kind !== 'failed' && options.onResult) {
        try {
          options.onResult(outcome.result);
        } catch (error) {
          outcome = { kind: 'failed', failure: { code: job.code, error: { code: 'io_failed', message: error instanceof Error ? error.message : String(error) } } };
        }
      }
      if (outcome.kind === 'failed') report(index, shown[index] ?? 0, 'failed');
      return outcome;
    }),
  );

  const results: DeidentifyResult[] = [];
  const failures: DeidentifyFailure[] = [];
  const resumed: string[] = [];
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') failures.push(outcome.failure);
    else {
      results.push(outcome.result);
      if (outcome.kind === 'resumed') resumed.push(outcome.result.code);
    }
  }
  return { results, failures, resumed, cancelled: signal?.aborted ?? false };
}
