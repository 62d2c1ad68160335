// A rating scale and its full category set. Everything downstream works in integer step indices
// (0 … k−1), never in accumulated floating-point values: 1 + 11 × 0.5 is exact, but
// 0.1 + 0.1 + 0.1 is not 0.3, and a category set built by repeated addition drifts.
import type { Scale } from '../../common/contract';
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';

/**
 * Tolerance, in steps and per scale point, for deciding that a value sits on a point: generous
 * against rounding (0.1 + 0.2 is 0.30000000000000004), far below half a step.
 */
export const ON_POINT_TOLERANCE = 1e-9;

/** Most points a scale may have; the confusion matrix is k × k. */
export const MAX_SCALE_POINTS = 1001;

/** Largest |min| or |max| accepted: keeps every sum of squared differences far from overflow. */
const MAX_SCALE_MAGNITUDE = 1e6;

/** Checks that a scale is finite, increasing and that (max − min) is a whole number of steps. */
export function checkScale(scale: Scale): Result<Scale> {
  const { min, max, step } = scale;
  if (![min, max, step].every(Number.isFinite)) return fail('bad_input', 'scale min, max and step must be finite numbers');
  if (!(step > 0)) return fail('bad_input', `scale step must be positive (got ${step})`);
  if (!(max >= min)) return fail('bad_input', `scale max (${max}) must not be below min (${min})`);
  if (Math.max(Math.abs(min), Math.abs(max)) > MAX_SCALE_MAGNITUDE) {
    return fail('bad_input', `scale ends must lie within ±${MAX_SCALE_MAGNITUDE}`);
  }
  const span = (max - min) / step;
  const points = Math.round(span) + 1;
  if (Math.abs(span - Math.round(span)) > ON_POINT_TOLERANCE * Math.max(1, span)) {
    return fail('bad_input', `scale ${min}–${max} is not a whole number of steps of ${step}`);
  }
  if (points > MAX_SCALE_POINTS) return fail('bad_input', `scale has ${points} points; at most ${MAX_SCALE_POINTS} are supported`);
  return ok(scale);
}

/** Number of points on the scale (13 for 1–7 in steps of 0.5). Assumes a checked scale. */
export function scalePointCount(scale: Scale): number {
  return Math.round((scale.max - scale.min) / scale.step) + 1;
}

/**
 * The value of step index i, computed as min + i·step and rounded to 12 significant digits so
 * that a 0.1-step scale prints 0.3, not 0.30000000000000004.
 */
export function scaleValueAt(scale: Scale, index: number): number {
  return Number((scale.min + index * scale.step).toPrecision(12));
}

/** The full category set of the scale, in order. */
export function scaleCategories(scale: Scale): number[] {
  const k = scalePointCount(scale);
  const values = new Array<number>(k);
  for (let i = 0; i < k; i++) values[i] = scaleValueAt(scale, i);
  return values;
}

/** The step index of a value, or null if it is not finite, off the scale, or between points. */
export function scaleIndexOf(scale: Scale, value: number, pointCount = scalePointCount(scale)): number | null {
  if (!Number.isFinite(value)) return null;
  const t = (value - scale.min) / scale.step;
  const i = Math.round(t);
  if (i < 0 || i >= pointCount) return null;
  if (Math.abs(t - i) > ON_POINT_TOLERANCE * Math.max(1, pointCount)) return null;
  return i;
}

/** Parses "MIN:MAX:STEP" (e.g. "1:7:0.5") into a checked scale. */
export function parseScale(text: string): Result<Scale> {
  const parts = text.split(':');
  if (parts.length !== 3) return fail('bad_input', `scale must be MIN:MAX:STEP (got "${text}")`);
  const numbers = parts.map((p) => (/^\s*[+-]?(\d+(\.\d*)?|\.\d+)\s*$/.test(p) ? Number(p) : Number.NaN));
  const [min, max, step] = numbers as [number, number, number];
  if (!numbers.every(Number.isFinite)) return fail('bad_input', `scale must be three numbers MIN:MAX:STEP (got "${text}")`);
  return checkScale({ min, max, step });
}
