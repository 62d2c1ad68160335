// Difference of two independent binomial proportions with Newcombe's hybrid score interval — the
// interval the report gives for risk differences; the Wald interval (./proportionDifference.ts) is
// kept beside it for comparison, since it under-covers in the small arms of a coding study.

import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, clamp, undefinedStatistic } from './estimate';
import { wilsonScore } from './wilson';

export interface NewcombeDifference {
  /** p₁ − p₂. */
  readonly difference: number;
  readonly proportion1: number;
  readonly proportion2: number;
  readonly ci: ConfidenceInterval;
  readonly method: 'newcombe-hybrid-score';
}

/**
 * Newcombe (1998), "Interval estimation for the difference between independent proportions:
 * comparison of eleven methods", Statistics in Medicine 17:873–890, method 10 (hybrid score
 * interval, no continuity correction). With (l₁, u₁) and (l₂, u₂) the Wilson score limits of p₁
 * and p₂ (./wilson.ts) and δ = p₁ − p₂:
 *
 *   L = δ − √((p₁ − l₁)² + (u₂ − p₂)²)
 *   U = δ + √((u₁ − p₁)² + (p₂ − l₂)²)
 *
 * It keeps inside [−1, 1], never collapses to a point when a proportion is 0 or 1, and has close to
 * nominal coverage in small samples (Newcombe's Table III). The paper's Table II worked examples
 * are reproduced in tests/unit/analysis/newcombe.test.ts.
 */
export function newcombeDifference(
  successes1: number,
  trials1: number,
  successes2: number,
  trials2: number,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<NewcombeDifference> {
  assertConfidenceLevel(confidenceLevel);
  const w1 = wilsonScore(successes1, trials1, confidenceLevel);
  const w2 = wilsonScore(successes2, trials2, confidenceLevel);
  if (w1.kind !== 'value' || w2.kind !== 'value') {
    return undefinedStatistic('no-observations', 'A group has no observations, so the difference is undefined.');
  }
  const p1 = w1.proportion;
  const p2 = w2.proportion;
  const difference = p1 - p2;
  const lower = difference - Math.hypot(p1 - w1.ci.lower, w2.ci.upper - p2);
  const upper = difference + Math.hypot(w1.ci.upper - p1, p2 - w2.ci.lower);
  return {
    kind: 'value',
    difference,
    proportion1: p1,
    proportion2: p2,
    ci: { lower: clamp(lower, -1, 1), upper: clamp(upper, -1, 1), level: confidenceLevel },
    method: 'newcombe-hybrid-score',
  };
}
