// Drift: does agreement hold up while coding goes on? The double-coded clips, ordered by when the
// second of the two ratings was submitted, are cut into batches of k clips (or a rolling window of
// k clips moved on by `step`), and each batch gets its own weighted kappa with its 95% CI (Fleiss,
// Cohen & Everitt 1969, via kappa.ts) over the scale's full category set, to plot against the
// threshold. Batch kappas on small k are noisy by nature: the CIs say how noisy.
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import { buildConfusionMatrix } from './confusion';
import type { DriftBatch, Scale } from '../../common/contract';
import { weightedKappa } from './kappa';

export interface DriftPoint {
  readonly a: number;
  readonly b: number;
  /** ISO-8601 UTC time of the later of the two submissions. */
  readonly at: string;
  /** Breaks ties in time, so batches are reproducible (the clip code). */
  readonly label: string;
}

export interface DriftOptions {
  readonly batchSize: number;
  /** Defaults to batchSize (disjoint batches). Must be 1 ≤ step ≤ batchSize. */
  readonly step?: number;
  readonly weights: 'linear' | 'quadratic';
  readonly threshold: number;
}

/** Windows [start, end) over n clips in time order. */
export function driftWindows(n: number, batchSize: number, step: number): { start: number; end: number }[] {
  if (n === 0) return [];
  if (n < batchSize) return [{ start: 0, end: n }];
  const windows: { start: number; end: number }[] = [];
  let start = 0;
  for (; start + batchSize <= n; start += step) windows.push({ start, end: start + batchSize });
  const covered = windows[windows.length - 1]!.end;
  if (covered < n) {
    // Disjoint batches keep the remainder as a partial batch; a rolling window ends on the last clip.
    windows.push(step >= batchSize ? { start: covered, end: n } : { start: n - batchSize, end: n });
  }
  return windows;
}

export function kappaDrift(points: readonly DriftPoint[], scale: Scale, options: DriftOptions): Result<DriftBatch[]> {
  const { batchSize, weights, threshold } = options;
  const step = options.step ?? batchSize;
  if (!Number.isInteger(batchSize) || batchSize < 2) return fail('bad_input', `a drift batch needs at least 2 clips (got ${batchSize})`);
  if (!Number.isInteger(step) || step < 1 || step > batchSize) {
    return fail('bad_input', `the drift step must be a whole number from 1 to the batch size ${batchSize} (got ${step})`);
  }
  const ordered = [...points].sort((x, y) => (x.at < y.at ? -1 : x.at > y.at ? 1 : x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
  const batches: DriftBatch[] = [];
  for (const [i, w] of driftWindows(ordered.length, batchSize, step).entries()) {
    const slice = ordered.slice(w.start, w.end);
    const matrix = buildConfusionMatrix(
      slice.map((p) => [p.a, p.b] as const),
      scale,
    );
    if (!matrix.ok) return matrix;
    const kappa = weightedKappa(matrix.value, weights);
    batches.push({
      index: i + 1,
      first: w.start + 1,
      last: w.end,
      n: slice.length,
      from: slice[0]!.at,
      to: slice[slice.length - 1]!.at,
      partial: slice.length < batchSize,
      kappa,
      meetsThreshold: kappa.defined ? kappa.value.kappa >= threshold : null,
    });
  }
  return ok(batches);
}

/** The smallest batch a drift kappa is computed on when batches are sized to the data. */
export const MIN_DRIFT_BATCH = 5;

export interface DriftPlan {
  readonly batchSize: number;
  readonly step: number;
  /** Says when the batches were resized or a batch is partial; null when neither. */
  readonly note: string | null;
}

/**
 * Batches sized to the data. The study's batch size applies when there are at least two full
 * batches of it; with fewer pairs, 20-clip batches over 10 pairs would draw one partial point and
 * call it drift, so the pairs are split into two or three equal batches of at least
 * MIN_DRIFT_BATCH clips instead (a rolling window keeps its step's share of the batch). Under two
 * such batches there is no drift to see: one batch of every pair, and the note says so.
 */
export function planDrift(n: number, batchSize: number, step: number): DriftPlan {
  const rolling = step < batchSize;
  let size = batchSize;
  let next = step;
  let resized: string | null = null;
  if (n < 2 * batchSize) {
    const batches = Math.min(3, Math.floor(n / MIN_DRIFT_BATCH));
    if (batches < 2) {
      size = Math.max(2, n);
      next = size;
      const note =
        n === 0
          ? null
          : `${n} pair${n === 1 ? '' : 's'}: too few to see drift (that needs at least ${2 * MIN_DRIFT_BATCH}); one batch of every pair is shown.`;
      return { batchSize: size, step: next, note };
    }
    size = Math.ceil(n / batches);
    next = rolling ? Math.max(1, Math.round((size * step) / batchSize)) : size;
    resized = `Batches of ${size} instead of the study's ${batchSize}: ${n} pairs are fewer than two batches of ${batchSize}.`;
  }
  const windows = driftWindows(n, size, next);
  const last = windows[windows.length - 1];
  const partial = last !== undefined && last.end - last.start < size;
  const partialNote = partial ? `Batch ${windows.length} is partial: ${last.end - last.start} of ${size} clips.` : null;
  const note = [resized, partialNote].filter((x): x is string => x !== null).join(' ');
  return { batchSize: size, step: next, note: note === '' ? null : note };
}
