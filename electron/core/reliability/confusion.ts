// The confusion (agreement) matrix of two coders. By default it spans the scale's FULL category set:
// an interior point nobody used still exists on the scale, so it still spaces the weights and
// still counts towards Gwet's q. Packages that build the table from the values that occur
// (R irr::kappa2, psych::cohen.kappa, scikit-learn's cohen_kappa_score) silently close such gaps
// and treat the remaining categories as equally spaced; `categories: 'observed'` reproduces that,
// so a reliability lead can see exactly where their numbers and ours part.
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import type { CategoryMode, Scale } from '../../common/contract';
import { checkScale, ON_POINT_TOLERANCE, scaleCategories, scaleIndexOf, scalePointCount } from './scale';

/** Two coders' ratings of the same clips: [a, b] tuples, or two parallel columns. */
export type RatingPairs =
  | ReadonlyArray<readonly [number, number]>
  | { readonly a: ArrayLike<number>; readonly b: ArrayLike<number> };

export interface ConfusionMatrix {
  readonly mode: CategoryMode;
  /** Number of categories (rows = columns). */
  readonly k: number;
  /** Category values in ascending order. */
  readonly values: readonly number[];
  /**
   * Where each category sits when weights are computed. In 'scale' mode these are the scale
   * values themselves; in 'observed' mode the ranks 1…k, which is what irr, psych and sklearn
   * effectively use (equal spacing over the categories that occur).
   */
  readonly positions: readonly number[];
  /** k × k counts, row-major: row = coder A's category, column = coder B's. */
  readonly counts: Float64Array;
  /** Number of pairs. */
  readonly n: number;
}

export interface ConfusionOptions {
  readonly categories?: CategoryMode;
}

type ColumnPairs = { readonly a: ArrayLike<number>; readonly b: ArrayLike<number> };

function pairCount(pairs: RatingPairs): number | null {
  if (Array.isArray(pairs)) return pairs.length;
  const columns = pairs as ColumnPairs;
  return columns.a.length === columns.b.length ? columns.a.length : null;
}

/** Tuples become two columns, so the counting loop has one shape to optimise for. */
function asColumns(pairs: RatingPairs): ColumnPairs {
  if (!Array.isArray(pairs)) return pairs as ColumnPairs;
  const tuples = pairs as ReadonlyArray<readonly [number, number]>;
  return { a: tuples.map((p) => p[0]), b: tuples.map((p) => p[1]) };
}

/**
 * Counts pairs into the scale's k × k table in one pass over typed storage. A value that is not
 * finite, off the scale, or between two points is an error naming the (0-based) pair.
 */
export function buildConfusionMatrix(pairs: RatingPairs, scale: Scale, options: ConfusionOptions = {}): Result<ConfusionMatrix> {
  const checked = checkScale(scale);
  if (!checked.ok) return checked;
  const n = pairCount(pairs);
  if (n === null) return fail('bad_input', 'the two rating columns have different lengths');
  const k = scalePointCount(scale);
  const columns = asColumns(pairs);
  const counts = countColumns(k, scale, n, columns.a, columns.b);
  if (typeof counts === 'number') {
    const x = columns.a[counts] as number;
    const y = columns.b[counts] as number;
    const bad = scaleIndexOf(scale, x, k) === null ? x : y;
    return fail('bad_input', `pair ${counts}: ${bad} is not a point of the scale ${scale.min}–${scale.max} in steps of ${scale.step}`);
  }
  const values = scaleCategories(scale);
  const matrix: ConfusionMatrix = { mode: 'scale', k, values, positions: values, counts, n };
  return ok(options.categories === 'observed' ? observedCategories(matrix) : matrix);
}

/**
 * The hot loop: one division, one truncation and one increment per rating. Rounding is half-up by
 * truncation; `>>> 0` turns a negative index into a huge one, so one unsigned compare checks both
 * ends, and any t below −0.5, beyond 2³¹ or NaN lands on an index that fails the bound or the
 * distance test. Returns the counts, or the index of the first bad pair.
 *
 * Kept deliberately plain: in V8, calling a helper per rating, or returning an object literal
 * from inside the loop, each roughly doubles its time (measured with tests/bench/kappa.ts).
 */
function countColumns(k: number, scale: Scale, n: number, a: ArrayLike<number>, b: ArrayLike<number>): Float64Array | number {
  const counts = new Float64Array(k * k);
  const { min, step } = scale;
  const tolerance = ON_POINT_TOLERANCE * Math.max(1, k);
  for (let p = 0; p < n; p++) {
    const tx = ((a[p] as number) - min) / step;
    const ty = ((b[p] as number) - min) / step;
    const i = (tx + 0.5) | 0;
    const j = (ty + 0.5) | 0;
    if (i >>> 0 >= k || j >>> 0 >= k || !(Math.abs(tx - i) <= tolerance) || !(Math.abs(ty - j) <= tolerance)) return p;
    counts[i * k + j]! += 1;
  }
  return counts;
}

/** Row (coder A) and column (coder B) totals. */
export function marginals(m: Pick<ConfusionMatrix, 'k' | 'counts'>): { readonly rows: Float64Array; readonly cols: Float64Array } {
  const { k, counts } = m;
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      rows[i]! += c;
      cols[j]! += c;
    }
  }
  return { rows, cols };
}

/**
 * Drops every category neither coder used and re-spaces the rest by rank, as irr::kappa2,
 * psych::cohen.kappa and sklearn do. Kept for comparison with those packages.
 */
export function observedCategories(m: ConfusionMatrix): ConfusionMatrix {
  const { rows, cols } = marginals(m);
  const keep: number[] = [];
  for (let i = 0; i < m.k; i++) if (rows[i]! > 0 || cols[i]! > 0) keep.push(i);
  const k = keep.length;
  const counts = new Float64Array(k * k);
  for (let r = 0; r < k; r++) {
    for (let c = 0; c < k; c++) counts[r * k + c] = m.counts[keep[r]! * m.k + keep[c]!]!;
  }
  return {
    mode: 'observed',
    k,
    values: keep.map((i) => m.values[i]!),
    positions: keep.map((_, r) => r + 1),
    counts,
    n: m.n,
  };
}

/**
 * A confusion matrix from a published table of counts (rows = coder A). `values` defaults to
 * 1…k; they must be strictly increasing. Used to reproduce textbook and package examples.
 */
export function confusionFromTable(table: ReadonlyArray<ReadonlyArray<number>>, values?: readonly number[]): Result<ConfusionMatrix> {
  const k = table.length;
  if (k === 0) return fail('bad_input', 'the table is empty');
  const vals = values ?? Array.from({ length: k }, (_, i) => i + 1);
  if (vals.length !== k) return fail('bad_input', `the table has ${k} categories but ${vals.length} values were given`);
  for (let i = 1; i < k; i++) {
    if (!(vals[i]! > vals[i - 1]!)) return fail('bad_input', 'category values must be strictly increasing');
  }
  const counts = new Float64Array(k * k);
  let n = 0;
  for (let i = 0; i < k; i++) {
    const row = table[i]!;
    if (row.length !== k) return fail('bad_input', `row ${i + 1} of the table has ${row.length} cells, expected ${k}`);
    for (let j = 0; j < k; j++) {
      const c = row[j]!;
      if (!Number.isFinite(c) || c < 0) return fail('bad_input', `cell (${i + 1}, ${j + 1}) must be a non-negative count`);
      counts[i * k + j] = c;
      n += c;
    }
  }
  return ok({ mode: 'scale', k, values: vals, positions: vals, counts, n });
}
