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
