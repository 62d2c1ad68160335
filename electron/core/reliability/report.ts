// Everything a reliability lead reports for two coders, from one pass over the pairs: the matrix
// is built once over the full scale and every statistic is O(k²) from it.
import type { Result } from '../../common/result';
import { fail, ok } from '../../common/result';
import { agreementSummary, cutoffKappa } from './agreement';
import { alphaFromConfusion } from './alpha';
import type { CategoryMode, ReliabilityReport, Scale } from '../../common/contract';
import type { ConfusionMatrix, RatingPairs } from './confusion';
import { buildConfusionMatrix, observedCategories } from './confusion';
import { gwetAC } from './gwet';
import { anovaFromConfusion, icc21, icc31 } from './icc';
import { cohenKappa, weightedKappa } from './kappa';

export interface ReliabilityOptions {
  /** 'scale' (default): every point of the scale is a category. 'observed': only values that occur. */
  readonly categories?: CategoryMode;
  /** Cut-offs for dichotomised kappa: a rating ≥ cutoff counts as "at or above" (e.g. 5.5). */
  readonly cutoffs?: readonly number[];
}

/**
 * The report from a full-category confusion matrix (from buildConfusionMatrix in 'scale' mode, or
 * a published table). Agreement, ICC, alpha and cut-off kappa do not depend on the category mode;
 * kappa and Gwet's AC are computed over the mode's categories.
 */
export function reportFromConfusion(full: ConfusionMatrix, options: ReliabilityOptions = {}): Result<ReliabilityReport> {
  const cutoffs = options.cutoffs ?? [];
  const badCutoff = cutoffs.find((c) => !Number.isFinite(c));
  if (badCutoff !== undefined) return fail('bad_input', `cut-off ${badCutoff} is not a finite number`);
  const m = options.categories === 'observed' && full.mode !== 'observed' ? observedCategories(full) : full;
  const anova = anovaFromConfusion(full);
  return ok({
    n: full.n,
    categories: { mode: m.mode, values: m.values },
    agreement: agreementSummary(full),
    kappa: {
      unweighted: cohenKappa(m),
      linear: weightedKappa(m, 'linear'),
      quadratic: weightedKappa(m, 'quadratic'),
    },
    icc21: icc21(anova),
    icc31: icc31(anova),
    alphaOrdinal: alphaFromConfusion(full, 'ordinal'),
    alphaInterval: alphaFromConfusion(full, 'interval'),
    ac1: gwetAC(m, 'unweighted'),
    ac2Linear: gwetAC(m, 'linear'),
    ac2Quadratic: gwetAC(m, 'quadratic'),
    cutoffs: cutoffs.map((c) => cutoffKappa(full, c)),
  });
}

/** The full report for two coders' paired ratings on a scale. */
export function reliabilityReport(pairs: RatingPairs, scale: Scale, options: ReliabilityOptions = {}): Result<ReliabilityReport> {
  const full = buildConfusionMatrix(pairs, scale);
  if (!full.ok) return full;
  return reportFromConfusion(full.value, options);
}
