// A binomial proportion with its Clopper–Pearson ("exact") confidence interval — what fidelity
// audits report for "% of sampled sessions with acceptable adherence", where samples are small and
// proportions sit near 100%, exactly where Wald intervals fail.

import { inverseRegularizedIncompleteBeta } from './beta';
import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, assertCount, undefinedStatistic } from './estimate';

export interface Proportion {
  readonly successes: number;
  readonly trials: number;
  /** successes / trials, in [0, 1]; a report multiplies by 100 for a percentage. */
  readonly proportion: number;
  readonly ci: ConfidenceInterval;
  readonly method: 'clopper-pearson';
}

/**
 * Clopper & Pearson (1934), "The use of confidence or fiducial limits illustrated in the case of the
 * binomial", Biometrika 26:404–413. Each limit inverts one exact binomial tail test at α/2; written
 * with beta quantiles (e.g. Brown, Cai & DasGupta 2001, Statistical Science 16:101–133, §4.2.1):
 *
 *   lower = B⁻¹(α/2;     x,     n − x + 1)     (0 when x = 0)
 *   upper = B⁻¹(1 − α/2; x + 1, n − x)         (1 when x = n)
 *
 * The x = 0 and x = n limits have the closed forms 1 − (α/2)^(1/n) and (α/2)^(1/n), used directly.
 * This is the interval R's binom.test() reports.
 */
export function clopperPearson(
  successes: number,
  trials: number,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<Proportion> {
  assertCount('successes', successes);
  assertCount('trials', trials);
  assertConfidenceLevel(confidenceLevel);
  if (successes > trials) throw new RangeError(`successes (${successes}) exceed trials (${trials})`);
  if (trials === 0) {
    return undefinedStatistic('no-observations', 'No observations, so no proportion can be estimated.');
  }
  const halfAlpha = (1 - confidenceLevel) / 2;
  const x = successes;
  const n = trials;
  const lower = x === 0 ? 0 : x === n ? Math.pow(halfAlpha, 1 / n) : inverseRegularizedIncompleteBeta(halfAlpha, x, n - x + 1);
  const upper =
    x === n ? 1 : x === 0 ? 1 - Math.pow(halfAlpha, 1 / n) : inverseRegularizedIncompleteBeta(1 - halfAlpha, x + 1, n - x);
  return {
    kind: 'value',
    successes: x,
    trials: n,
    proportion: x / n,
    ci: { lower, upper, level: confidenceLevel },
    method: 'clopper-pearson',
  };
}
