// Per-coder bias: does one coder score systematically higher or lower than the others? A coder who
// rates half a point above everyone can still reach a good weighted kappa, so the lead needs the
// mean difference itself, with its uncertainty.
//
// The unit is the clip. For coder X on a clip that others also rated, d = x − mean(others' scores);
// against the gold standard, d = x − master score. Clips are independent units, the several
// co-coders of one clip are not, which is why differences are averaged within a clip first. Then
// d̄ = Σ d / n with the t interval d̄ ± t(0.975, n − 1) · s / √n, s² = Σ (d − d̄)² / (n − 1) — the
// same interval as Bland & Altman's (1986) bias (blandAltman.ts), of which this is the many-coder
// generalisation (with one co-coder it is exactly their bias of X − B).
import type { CoderBias, Interval95 } from '../../common/contract';
import { tidy, tQuantile975 } from './blandAltman';
import { defined, finite, undefinedStatistic } from './statistic';

/** One clip of coder X: X's score and the others' (co-coders', or the one master score). */
export interface BiasUnit {
  readonly score: number;
  readonly others: readonly number[];
}

/** Too few pairs, with the count, in the words the screens print after "undefined: ". */
export function tooFewPairs(n: number, needed: number): string {
  return `too few pairs (n = ${n}${needed > 2 ? `; at least ${needed} needed` : ''})`;
}

/** The mean difference of coder X from the others, with its 95% t interval. */
export function coderBias(units: readonly BiasUnit[]): CoderBias {
  const differences = units.filter((u) => u.others.length > 0).map((u) => u.score - u.others.reduce((s, x) => s + x, 0) / u.others.length);
  const n = differences.length;
  if (n === 0) {
    const none = undefinedStatistic('no_items', 'no clips rated by this coder and another rater');
    return { n, mean: none, ci95: none };
  }
  const mean = finite(differences.reduce((s, d) => s + d, 0) / n, 'mean difference');
  if (n < 2) return { n, mean: defined(tidy(mean)), ci95: undefinedStatistic('too_few_items', tooFewPairs(n, 2)) };
  let ss = 0;
  for (const d of differences) ss += (d - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  // Every clip differs by the same amount: a zero-width interval would claim a certainty two or three
  // clips cannot give, so there is none.
  if (sd < 1e-12) return { n, mean: defined(tidy(mean)), ci95: undefinedStatistic('no_variance', `every difference is the same (n = ${n}); no interval`) };
  const half = (tQuantile975(n - 1) * sd) / Math.sqrt(n);
  const ci95: Interval95 = [finite(mean - half, 'lower limit'), finite(mean + half, 'upper limit')];
  return { n, mean: defined(tidy(mean)), ci95: defined(ci95) };
}
