// Bland–Altman agreement of two coders on the scale's own units: per clip the mean of the two
// ratings and their difference (A − B); the bias (mean difference) and the 95% limits of agreement.
//
// Bland JM, Altman DG (1986). Statistical methods for assessing agreement between two methods of
// clinical measurement. Lancet i(8476):307–310:
//   d_i = a_i − b_i,  d̄ = Σ d_i / n,  s = √(Σ (d_i − d̄)² / (n − 1)),  limits = d̄ ± 1.96 s.
//   95% CI of the bias: d̄ ± t(0.975, n − 1) · s / √n;
//   95% CI of each limit: limit ± t(0.975, n − 1) · √(3 s² / n)  (their "precision of the limits").
// 1.96 is theirs (not 1.95996…), so limits match the paper and common software to the printed digit.
import { fQuantile } from './fdist';
import type { BlandAltman } from '../../common/contract';
import { defined, finite, undefinedStatistic } from './statistic';

/**
 * Rounds to 12 significant digits, so that on a 0.1-step scale 0.3 − 0.1 is 0.2, not
 * 0.19999999999999998 (scale values themselves are exact to that precision; see scale.ts).
 */
export function tidy(x: number): number {
  return Number(x.toPrecision(12));
}

/** Bland & Altman's multiplier for the limits of agreement. */
export const LIMITS_MULTIPLIER = 1.96;

/** t(0.975, df) from the F quantile: t² with df degrees of freedom is F(1, df). */
export function tQuantile975(df: number): number {
  return Math.sqrt(fQuantile(0.95, 1, df));
}

export function blandAltman(pairs: ReadonlyArray<{ readonly label: string; readonly a: number; readonly b: number }>): BlandAltman {
  const n = pairs.length;
  const points = pairs.map((p) => ({ label: p.label, a: p.a, b: p.b, mean: tidy((p.a + p.b) / 2), difference: tidy(p.a - p.b) }));
  if (n === 0) {
    const none = undefinedStatistic('no_items', 'a Bland–Altman analysis needs at least one pair of ratings');
    return { n, points, bias: none, biasCi95: none, sd: none, lower: none, upper: none, lowerCi95: none, upperCi95: none };
  }
  let sum = 0;
  for (const p of points) sum += p.difference;
  const bias = finite(sum / n, 'bias');
  if (n < 2) {
    const few = undefinedStatistic('too_few_items', 'the spread of the differences needs at least two pairs');
    return { n, points, bias: defined(bias), biasCi95: few, sd: few, lower: few, upper: few, lowerCi95: few, upperCi95: few };
  }
  // Two passes: the centred sum of squares cannot go negative by cancellation.
  let ss = 0;
  for (const p of points) ss += (p.difference - bias) ** 2;
  const sd = finite(Math.sqrt(ss / (n - 1)), 'SD of differences');
  const t = tQuantile975(n - 1);
  const biasHalf = (t * sd) / Math.sqrt(n);
  const limitHalf = t * Math.sqrt((3 * sd * sd) / n);
  const lower = bias - LIMITS_MULTIPLIER * sd;
  const upper = bias + LIMITS_MULTIPLIER * sd;
  return {
    n,
    points,
    bias: defined(bias),
    biasCi95: defined([bias - biasHalf, bias + biasHalf] as const),
    sd: defined(sd),
    lower: defined(lower),
    upper: defined(upper),
    lowerCi95: defined([lower - limitHalf, lower + limitHalf] as const),
    upperCi95: defined([upper - limitHalf, upper + limitHalf] as const),
  };
}
