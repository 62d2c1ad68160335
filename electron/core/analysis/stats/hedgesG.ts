// Hedges' g: the standardized mean difference with the small-sample bias correction, and its CI.

import { mean, standardDeviation } from './descriptive';
import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface GroupSummary {
  readonly n: number;
  readonly mean: number;
  /** Sample SD (n − 1 denominator). Ignored when n = 1, where it carries no information. */
  readonly sd: number;
}

export interface HedgesG {
  /** J · d, signed as group 1 minus group 2. */
  readonly g: number;
  /** Cohen's d with the pooled SD, before correction. */
  readonly d: number;
  /** Small-sample correction factor J. */
  readonly correction: number;
  readonly pooledSd: number;
  readonly standardError: number;
  readonly ci: ConfidenceInterval;
}

/**
 * From group summaries (group 1 minus group 2):
 *
 *   s_pooled = √(((n₁ − 1)s₁² + (n₂ − 1)s₂²) / (n₁ + n₂ − 2)),   d = (x̄₁ − x̄₂) / s_pooled
 *   J = 1 − 3 / (4(n₁ + n₂) − 9)           Hedges (1981), J. Educational Statistics 6:107–128,
 *                                          the approximation to the exact J(m), m = n₁ + n₂ − 2
 *   g = J · d
 *   SE = √((n₁ + n₂)/(n₁n₂) + g² / (2(n₁ + n₂)))
 *                                          Hedges & Olkin (1985), Statistical Methods for
 *                                          Meta-Analysis, ch. 5: the large-sample variance of the
 *                                          estimator with g in place of δ (the form used by
 *                                          Lipsey & Wilson 2001, Practical Meta-Analysis, ch. 3)
 *   CI = g ± z · SE, z = z_{1−α/2} (1.95996… at 95%)
 *
 * Borenstein et al. (2009, Introduction to Meta-Analysis, eqs. 4.18–4.24) give the same d and J but
 * scale the variance by J²; the unscaled form above is the one specified for this project's reports.
 */
export function hedgesG(
  group1: GroupSummary,
  group2: GroupSummary,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<HedgesG> {
  assertConfidenceLevel(confidenceLevel);
  for (const group of [group1, group2]) {
    if (!(Number.isInteger(group.n) && group.n >= 0)) throw new RangeError(`n must be a non-negative integer, got ${group.n}`);
    if (!Number.isFinite(group.mean)) throw new RangeError(`mean must be finite, got ${group.mean}`);
    if (group.n > 1 && !(Number.isFinite(group.sd) && group.sd >= 0)) {
      throw new RangeError(`sd must be a finite non-negative number, got ${group.sd}`);
    }
  }
  const n1 = group1.n;
  const n2 = group2.n;
  if (n1 === 0 || n2 === 0) {
    return undefinedStatistic('no-observations', 'A group has no observations, so no standardized difference.');
  }
  if (n1 + n2 < 3) {
    return undefinedStatistic('too-few-observations', "Hedges' g needs at least three observations in all.");
  }
  const ss1 = n1 > 1 ? (n1 - 1) * group1.sd ** 2 : 0;
  const ss2 = n2 > 1 ? (n2 - 1) * group2.sd ** 2 : 0;
  const pooledSd = Math.sqrt((ss1 + ss2) / (n1 + n2 - 2));
  if (pooledSd === 0) {
    return undefinedStatistic('zero-variance', 'Every value is the same within each group, so there is no SD to scale by.');
  }
  const d = (group1.mean - group2.mean) / pooledSd;
  const correction = 1 - 3 / (4 * (n1 + n2) - 9);
  const g = correction * d;
  const standardError = Math.sqrt((n1 + n2) / (n1 * n2) + (g * g) / (2 * (n1 + n2)));
  const z = twoSidedZ(confidenceLevel);
  return {
    kind: 'value',
    g,
    d,
    correction,
    pooledSd,
    standardError,
    ci: { lower: g - z * standardError, upper: g + z * standardError, level: confidenceLevel },
  };
}

/** Hedges' g from raw scores (group 1 minus group 2); means and n − 1 SDs computed here. */
export function hedgesGFromValues(
  values1: readonly number[],
  values2: readonly number[],
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<HedgesG> {
  return hedgesG(summarize(values1), summarize(values2), confidenceLevel);
}

function summarize(values: readonly number[]): GroupSummary {
  const m = mean(values);
  const s = standardDeviation(values);
  return { n: values.length, mean: m.kind === 'value' ? m.value : 0, sd: s.kind === 'value' ? s.value : 0 };
}
