// Risk ratio of two independent binomial proportions with a log-scale (Katz) confidence interval.

import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, assertCount, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface RiskRatio {
  /** (events1 / total1) / (events2 / total2). */
  readonly ratio: number;
  readonly risk1: number;
  readonly risk2: number;
  /** Standard error of ln(ratio). */
  readonly logStandardError: number;
  readonly ci: ConfidenceInterval;
  readonly method: 'katz-log';
}

/**
 * Katz, Baptista, Azen & Pike (1978), "Obtaining confidence intervals for the risk ratio in cohort
 * studies", Biometrics 34:469–474 — the log method:
 *
 *   SE(ln RR) = √(1/a − 1/n₁ + 1/c − 1/n₂),   CI = exp(ln RR ± z · SE)
 *
 * with a of n₁ events in group 1 and c of n₂ in group 2. A zero event count in either group makes
 * ln RR or its SE infinite; we report that as undefined rather than add an arbitrary 0.5 to the
 * cells, so the report says plainly that the ratio cannot be estimated.
 */
export function riskRatio(
  events1: number,
  total1: number,
  events2: number,
  total2: number,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<RiskRatio> {
  assertCount('events1', events1);
  assertCount('total1', total1);
  assertCount('events2', events2);
  assertCount('total2', total2);
  assertConfidenceLevel(confidenceLevel);
  if (events1 > total1 || events2 > total2) throw new RangeError('events exceed the group total');
  if (total1 === 0 || total2 === 0) {
    return undefinedStatistic('no-observations', 'A group has no participants, so the risk ratio is undefined.');
  }
  if (events1 === 0 || events2 === 0) {
    const groups = events1 === 0 && events2 === 0 ? 'Neither group has' : events1 === 0 ? 'Group 1 has no' : 'Group 2 has no';
    return undefinedStatistic('zero-cell', `${groups} events (a zero cell), so the risk ratio's log-scale interval is undefined.`);
  }
  const risk1 = events1 / total1;
  const risk2 = events2 / total2;
  const ratio = risk1 / risk2;
  const logStandardError = Math.sqrt(1 / events1 - 1 / total1 + 1 / events2 - 1 / total2);
  const z = twoSidedZ(confidenceLevel);
  const logRatio = Math.log(ratio);
  return {
    kind: 'value',
    ratio,
    risk1,
    risk2,
    logStandardError,
    ci: {
      lower: Math.exp(logRatio - z * logStandardError),
      upper: Math.exp(logRatio + z * logStandardError),
      level: confidenceLevel,
    },
    method: 'katz-log',
  };
}
