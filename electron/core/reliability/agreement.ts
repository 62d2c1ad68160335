// Percent agreement (exact and within a tolerance in scale points) and kappa at a clinical
// cut-off (e.g. EAS sensitivity ≥ 5.5 "sensitive" vs below), all from the full-scale matrix.
import type { ConfusionMatrix } from './confusion';
import type { AgreementSummary, CutoffKappa, Statistic } from '../../common/contract';
import { kappaWithWeights } from './kappa';
import { defined, undefinedStatistic } from './statistic';
import { agreementWeights } from './weights';

/** Slack for comparing differences of scale values, which are exact to ~1e-12. */
const VALUE_SLACK = 1e-9;

/** Proportion of pairs with |a − b| ≤ tolerance (in scale points). */
export function proportionWithin(m: ConfusionMatrix, tolerance: number): Statistic<number> {
  if (m.n === 0) return undefinedStatistic('no_items', 'agreement needs at least one pair of ratings');
  const { k, counts, values } = m;
  let agreeing = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (Math.abs(values[i]! - values[j]!) <= tolerance + VALUE_SLACK) agreeing += counts[i * k + j]!;
    }
  }
  return defined(agreeing / m.n);
}

export function agreementSummary(m: ConfusionMatrix): AgreementSummary {
  return { exact: proportionWithin(m, 0), withinHalf: proportionWithin(m, 0.5), withinOne: proportionWithin(m, 1) };
}

/**
 * Kappa after dichotomising both coders at `cutoff` (Cohen 1960 on the 2 × 2 table). If every
 * rating falls on one side, chance agreement is 1 and kappa is undefined.
 */
export function cutoffKappa(m: ConfusionMatrix, cutoff: number): CutoffKappa {
  const { k, counts, values } = m;
  const high = values.map((v) => v >= cutoff - VALUE_SLACK * Math.max(1, Math.abs(cutoff)));
  const cells = new Float64Array(4);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      if (c > 0) cells[(high[i] ? 2 : 0) + (high[j] ? 1 : 0)]! += c;
    }
  }
  const table: CutoffKappa['table'] = [
    [cells[0]!, cells[1]!],
    [cells[2]!, cells[3]!],
  ];
  return { cutoff, table, kappa: kappaWithWeights({ k: 2, counts: cells, n: m.n }, agreementWeights([0, 1], 'unweighted')) };
}
