// Difference of two independent binomial proportions with a Wald confidence interval.

import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, assertCount, clamp, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface ProportionDifference {
  /** p₁ − p₂. */
  readonly difference: number;
  readonly proportion1: number;
  readonly proportion2: number;
  readonly standardError: number;
  readonly ci: ConfidenceInterval;
  readonly method: 'wald';
}

/**
 * Newcombe (1998), "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17:873–890, method 1 (simple asymptotic,
 * no continuity correction):
 *
 *   SE = √(p₁(1 − p₁)/n₁ + p₂(1 − p₂)/n₂),   CI = (p₁ − p₂) ± z · SE
 *
 * Limits are truncated to [−1, 1], the parameter space (as R's prop.test does). Newcombe shows this
 * interval under-covers in small samples and collapses to a point when both proportions are 0 or 1;
 * it is offered because trial reports expect it, next to the exact per-arm proportions.
 */
export function proportionDifference(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<ProportionDifference> {
  assertCount('successes1', successes1);
  assertCount('trials1', trials1);
  assertCount('successes2', successes2);
  assertCount('trials2', trials2);
  assertConfidenceLevel(confidenceLevel);
  if (successes1 > trials1 || successes2 > trials2) throw new RangeError('successes exceed trials');
  if (trials1 === 0 || trials2 === 0) {
    return undefinedStatistic('no-observations', 'A group has no observations, so the difference is undefined.');
  }
  const proportion1 = successes1 / trials1;
  const proportion2 = successes2 / trials2;
  const difference = proportion1 - proportion2;
  const standardError = Math.sqrt(
    (proportion1 * (1 - proportion1)) / trials1 + (proportion2 * (1 - proportion2)) / trials2,
  );
  const z = twoSidedZ(confidenceLevel);
  return {
    kind: 'value',
    difference,
    proportion1,
    proportion2,
    standardError,
    ci: {
      lower: clamp(difference - z * standardError, -1, 1),
      upper: clamp(difference + z * standardError, -1, 1),
      level: confidenceLevel,
    },
    method: 'wald',
  };
}
