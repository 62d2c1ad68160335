// When two coders "agree well enough": a weighted kappa against a threshold, and the study's
// reliability settings that configure it. Pure.
//
// The default is linear-weighted kappa ≥ 0.70 on the point estimate. Linear (Cicchetti–Allison)
// weights are the stricter choice on a 13-point scale: quadratic (Fleiss–Cohen) weighted kappa is
// asymptotically the ICC (Fleiss & Cohen 1973) and runs higher whenever disagreements are small,
// so a threshold written for "kappa" is not silently loosened. A study may choose quadratic, or
// ask the lower end of the 95% CI to clear the threshold.
import type { CriterionKappa, KappaResult, ReliabilityCriterion, ReliabilityReport, ReliabilitySettings, Statistic, Verdict } from '../../common/contract';
import { tooFewPairs } from './bias';
import { defined, undefinedStatistic } from './statistic';

// The schemas and types are the boundary's (electron/common/contract/reliability/settings.ts); the
// CLI names the patch type from here.
export type { ReliabilitySettingsPatch } from '../../common/contract';

export const DEFAULT_CRITERION: ReliabilityCriterion = { weights: 'linear', threshold: 0.7, basis: 'estimate', minPairs: 10 };

export const DEFAULT_RELIABILITY_SETTINGS: ReliabilitySettings = {
  criterion: DEFAULT_CRITERION,
  certification: DEFAULT_CRITERION,
  driftBatchSize: 20,
  driftStep: 20,
  disagreementSize: 1,
};

const fmt = (x: number): string => x.toFixed(3);

/** The verdict for one weighted kappa (from a report, a drift batch or a certification). */
export function judgeKappa(kappa: KappaResult, n: number, criterion: ReliabilityCriterion): Verdict {
  const label = `${criterion.weights} weighted kappa`;
  const base = { criterion, n };
  if (n < criterion.minPairs) {
    return {
      ...base,
      outcome: 'insufficient',
      kappa: kappa.defined ? kappa.value.kappa : null,
      ci95: kappa.defined ? kappa.value.ci95 : null,
      compared: null,
      message: `${n} pair${n === 1 ? '' : 's'}; at least ${criterion.minPairs} are needed for a verdict`,
    };
  }
  if (!kappa.defined) {
    return { ...base, outcome: 'insufficient', kappa: null, ci95: null, compared: null, message: `${label} is undefined: ${kappa.message}` };
  }
  const { kappa: k, ci95 } = kappa.value;
  const compared = criterion.basis === 'estimate' ? k : ci95[0];
  const what = criterion.basis === 'estimate' ? `${label} ${fmt(k)}` : `the lower 95% limit of ${label} (${fmt(ci95[0])})`;
  const pass = compared >= criterion.threshold;
  return {
    ...base,
    outcome: pass ? 'pass' : 'fail',
    kappa: k,
    ci95,
    compared,
    message: `${what} is ${pass ? 'at or above' : 'below'} the threshold ${fmt(criterion.threshold)}`,
  };
}

/** The verdict of a full report, on the kappa the criterion names. */
export function judgeReport(report: ReliabilityReport, criterion: ReliabilityCriterion): Verdict {
  return judgeKappa(report.kappa[criterion.weights], report.n, criterion);
}

/**
 * The criterion's kappa as summaries print it (the lead's overview, training progress): below the
 * criterion's minimum number of pairs there is no figure to print — κ on two clips, with a
 * large-sample interval, reads "0.000 (0.000 to 0.000)" and means nothing — so it is undefined with
 * the count. The full pair report still shows every number it can compute.
 */
export function criterionKappa(kappa: KappaResult, n: number, criterion: ReliabilityCriterion): Statistic<CriterionKappa> {
  const needed = Math.max(2, criterion.minPairs);
  if (n < needed) return undefinedStatistic(n === 0 ? 'no_items' : 'too_few_items', tooFewPairs(n, needed));
  if (!kappa.defined) return kappa;
  // A zero-width interval short of perfect agreement (a rater who gave every clip one score) is
  // the same emptiness at any n the minimum lets through.
  const [lower, upper] = kappa.value.ci95;
  if (upper - lower < 1e-12 && kappa.value.kappa < 1) return undefinedStatistic('degenerate_interval', `${tooFewPairs(n, needed)}; the interval has no width`);
  return defined({ kappa: kappa.value.kappa, ci95: kappa.value.ci95 });
}
