// A binomial proportion with the Wilson score interval: the building block of Newcombe's hybrid
// score interval for a difference of proportions (./newcombe.ts).

import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, assertCount, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface WilsonProportion {
  readonly proportion: number;
  readonly ci: ConfidenceInterval;
  readonly method: 'wilson-score';
}

/**
 * Wilson (1927), "Probable inference, the law of succession, and statistical inference", JASA
 * 22:209–212; as written by Newcombe (1998), "Two-sided confidence intervals for the single
 * proportion: comparison of seven methods", Statistics in Medicine 17:857–872, method 3 (score
 * interval, no continuity correction), with p = x/n, q = 1 − p:
 *
 *   (2np + z² ± z √(z² + 4npq)) / (2(n + z²))
 *
 * Both limits stay inside [0, 1] by construction (0 exactly when x = 0, 1 when x = n); the result
 * is clamped only against rounding. This is R's prop.test(x, n, correct = FALSE) interval.
 */
export function wilsonScore(successes: number, trials: number, confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL): Computed<WilsonProportion> {
  assertCount('successes', successes);
  assertCount('trials', trials);
  assertConfidenceLevel(confidenceLevel);
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (trials === 0) return undefinedStatistic('no-observations', 'No observations, so no proportion can be estimated.');
  const n = trials;
  const p = successes / n;
  const z = twoSidedZ(confidenceLevel);
  const z2 = z * z;
  const centre = 2 * n * p + z2;
  const spread = z * Math.sqrt(z2 + 4 * n * p * (1 - p));
  const denominator = 2 * (n + z2);
  return {
    kind: 'value',
    proportion: p,
    ci: {
      lower: successes === 0 ? 0 : Math.max(0, (centre - spread) / denominator),
      upper: successes === n ? 1 : Math.min(1, (centre + spread) / denominator),
      level: confidenceLevel,
    },
    method: 'wilson-score',
  };
}
