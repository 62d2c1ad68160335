// Descriptive statistics for small samples of scores (adherence 1–5, EAS 1–7, outcome totals).

import type { Computed } from './estimate';
import { undefinedStatistic } from './estimate';

function assertFinite(values: readonly number[]): void {
  for (const v of values) {
    if (!Number.isFinite(v)) throw new RangeError(`values must be finite numbers, got ${v}`);
  }
}

/** Arithmetic mean. */
export function mean(values: readonly number[]): Computed<{ value: number }> {
  assertFinite(values);
  if (values.length === 0) return undefinedStatistic('no-observations', 'No values, so no mean.');
  let sum = 0;
  for (const v of values) sum += v;
  return { kind: 'value', value: sum / values.length };
}

/**
 * Sample standard deviation with the n − 1 (Bessel) denominator, s = √(Σ(xᵢ − x̄)² / (n − 1)),
 * computed in two passes (deviations from the mean) for numerical stability — Chan, Golub &
 * LeVeque (1983), "Algorithms for computing the sample variance", American Statistician 37:242–247.
 */
export function standardDeviation(values: readonly number[]): Computed<{ value: number }> {
  const m = mean(values);
  if (m.kind === 'undefined') return m;
  if (values.length < 2) {
    return undefinedStatistic('too-few-observations', 'A standard deviation needs at least two values.');
  }
  // Equal values have no spread, exactly: the rounded mean of [0.3, 0.3, 0.3] is not 0.3, and the
  // ~1e-17 of noise it leaves would otherwise turn a zero-variance Hedges' g into ~1e16.
  if (values.every((v) => v === values[0])) return { kind: 'value', value: 0 };
  let squares = 0;
  for (const v of values) squares += (v - m.value) ** 2;
  return { kind: 'value', value: Math.sqrt(squares / (values.length - 1)) };
}

/** Smallest and largest value. */
export function range(values: readonly number[]): Computed<{ min: number; max: number }> {
  assertFinite(values);
  if (values.length === 0) return undefinedStatistic('no-observations', 'No values, so no range.');
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { kind: 'value', min, max };
}
