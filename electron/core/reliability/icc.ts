// Intraclass correlations ICC(2,1) and ICC(3,1) (Shrout & Fleiss 1979) with F-based 95% intervals
// (McGraw & Wong 1996), from the two-way ANOVA of n targets (clips) × k judges (coders).
//
// Shrout & Fleiss (1979), with BMS, JMS, EMS the between-targets, between-judges and residual
// mean squares of the two-way layout:
//   ICC(2,1) = (BMS − EMS) / (BMS + (k − 1) EMS + k (JMS − EMS) / n)     random judges, absolute agreement
//   ICC(3,1) = (BMS − EMS) / (BMS + (k − 1) EMS)                          fixed judges, consistency
// McGraw & Wong (1996) intervals, α = 0.05, F_q(d1, d2) the q-quantile of F:
//   ICC(3,1) = ICC(C,1): F0 = BMS/EMS, FL = F0 / F_.975(n−1, (n−1)(k−1)), FU = F0 · F_.975((n−1)(k−1), n−1),
//            interval [(FL − 1)/(FL + k − 1), (FU − 1)/(FU + k − 1)].
//   ICC(2,1) = ICC(A,1): with ρ̂ = ICC(2,1), a = kρ̂/(n(1 − ρ̂)), b = 1 + kρ̂(n − 1)/(n(1 − ρ̂)) and the
//            Satterthwaite df v = (a JMS + b EMS)² / ((a JMS)²/(k − 1) + (b EMS)²/((n − 1)(k − 1))),
//            F* = F_.975(n − 1, v), F_* = F_.975(v, n − 1),
//            lower = n (BMS − F* EMS) / (F* (k JMS + (kn − k − n) EMS) + n BMS),
//            upper = n (F_* BMS − EMS) / (k JMS + (kn − k − n) EMS + n F_* BMS).
// These are the intervals psych::ICC and irr::icc print.
import type { ConfusionMatrix } from './confusion';
import { fQuantile } from './fdist';
import type { IccEstimate, Statistic } from '../../common/contract';
import { defined, finite, undefinedStatistic } from './statistic';

export interface TwoWayAnova {
  /** Targets (clips), counting weights. */
  readonly n: number;
  /** Judges (coders). */
  readonly k: number;
  readonly bms: number;
  readonly jms: number;
  readonly ems: number;
}

/** A target's ratings (one per judge) and how many identical targets it stands for. */
export interface WeightedTarget {
  readonly ratings: ArrayLike<number>;
  readonly weight: number;
}

/**
 * Two-way ANOVA mean squares, one (finite) rating per target and judge. Sums of squares are computed from
 * deviations about the means (not Σx² − (Σx)²/N), so no variance is lost to cancellation, and a
 * sum below 1e-12 of the total is taken as exactly 0.
 */
export function twoWayAnova(targets: readonly WeightedTarget[]): Statistic<TwoWayAnova> {
  const k = targets[0]?.ratings.length ?? 0;
  let n = 0;
  for (const t of targets) if (t.weight > 0) n += t.weight;
  if (n < 2) return undefinedStatistic('too_few_items', 'an ANOVA-based ICC needs at least two clips');
  if (k < 2) return undefinedStatistic('too_few_items', 'an ICC needs at least two coders');

  const colMeans = new Float64Array(k);
  let grand = 0;
  for (const t of targets) {
    for (let j = 0; j < k; j++) colMeans[j]! += t.weight * (t.ratings[j] as number);
  }
  for (let j = 0; j < k; j++) {
    grand += colMeans[j]!;
    colMeans[j]! /= n;
  }
  grand /= n * k;

  let ssRows = 0;
  let ssError = 0;
  let ssTotal = 0;
  for (const t of targets) {
    if (t.weight <= 0) continue;
    let rowMean = 0;
    for (let j = 0; j < k; j++) rowMean += t.ratings[j] as number;
    rowMean /= k;
    ssRows += t.weight * k * (rowMean - grand) ** 2;
    for (let j = 0; j < k; j++) {
      const x = t.ratings[j] as number;
      ssTotal += t.weight * (x - grand) ** 2;
      ssError += t.weight * (x - rowMean - colMeans[j]! + grand) ** 2;
    }
  }
  let ssCols = 0;
  for (let j = 0; j < k; j++) ssCols += n * (colMeans[j]! - grand) ** 2;

  if (!(ssTotal > 0)) return undefinedStatistic('no_variance', 'every rating is the same, so there is no variance to partition');
  const snap = (ss: number): number => (ss <= 1e-12 * ssTotal ? 0 : ss);
  return defined({
    n,
    k,
    bms: snap(ssRows) / (n - 1),
    jms: snap(ssCols) / (k - 1),
    ems: snap(ssError) / ((n - 1) * (k - 1)),
  });
}

/** ANOVA of two coders' ratings held in a confusion matrix: one weighted target per non-empty cell. */
export function anovaFromConfusion(m: ConfusionMatrix): Statistic<TwoWayAnova> {
  const targets: WeightedTarget[] = [];
  for (let i = 0; i < m.k; i++) {
    for (let j = 0; j < m.k; j++) {
      const c = m.counts[i * m.k + j]!;
      if (c > 0) targets.push({ ratings: [m.values[i]!, m.values[j]!], weight: c });
    }
  }
  return twoWayAnova(targets);
}

/** A targets × judges ratings matrix (rows = clips), as in Shrout & Fleiss's Table 2. */
export function anovaFromRatings(rows: ReadonlyArray<ArrayLike<number>>): Statistic<TwoWayAnova> {
  return twoWayAnova(rows.map((ratings) => ({ ratings, weight: 1 })));
}

function interval(lo: number, hi: number): Statistic<readonly [number, number]> {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) {
    return undefinedStatistic('degenerate_interval', 'the F-based interval breaks down for these data (an F quantile is infinite)');
  }
  return defined([lo, hi] as const);
}

/** ICC(2,1): two-way random effects, absolute agreement, single rater (Shrout & Fleiss 1979). */
export function icc21(a: Statistic<TwoWayAnova>): Statistic<IccEstimate> {
  if (!a.defined) return a;
  const { n, k, bms, jms, ems } = a.value;
  const denominator = bms + (k - 1) * ems + (k * (jms - ems)) / n;
  if (!(denominator > 0)) {
    return undefinedStatistic('no_variance', 'no variance between clips or coders beyond the residual, so ICC(2,1) is 0/0');
  }
  const rho = finite((bms - ems) / denominator, 'ICC(2,1)');
  if (ems === 0) return defined({ value: rho, ci95: undefinedStatistic('no_residual_variance', 'residual variance is 0, so the F ratio is infinite') });
  const a1 = (k * rho) / (n * (1 - rho));
  const b1 = 1 + (k * rho * (n - 1)) / (n * (1 - rho));
  const v = (a1 * jms + b1 * ems) ** 2 / ((a1 * jms) ** 2 / (k - 1) + (b1 * ems) ** 2 / ((n - 1) * (k - 1)));
  if (!(v > 0) || !Number.isFinite(v)) {
    return defined({ value: rho, ci95: undefinedStatistic('degenerate_interval', 'the Satterthwaite degrees of freedom are not positive') });
  }
  const fStar = fQuantile(0.975, n - 1, v);
  const fLow = fQuantile(0.975, v, n - 1);
  const c = k * jms + (k * n - k - n) * ems;
  const lower = (n * (bms - fStar * ems)) / (fStar * c + n * bms);
  const upper = (n * (fLow * bms - ems)) / (c + n * fLow * bms);
  return defined({ value: rho, ci95: interval(lower, upper) });
}

/** ICC(3,1): two-way mixed effects, consistency, single rater (Shrout & Fleiss 1979). */
export function icc31(a: Statistic<TwoWayAnova>): Statistic<IccEstimate> {
  if (!a.defined) return a;
  const { n, k, bms, ems } = a.value;
  const denominator = bms + (k - 1) * ems;
  if (!(denominator > 0)) {
    return undefinedStatistic('no_variance', 'no variance between clips and no residual variance (coders differ only by a constant), so ICC(3,1) is 0/0');
  }
  const rho = finite((bms - ems) / denominator, 'ICC(3,1)');
  if (ems === 0) return defined({ value: rho, ci95: undefinedStatistic('no_residual_variance', 'residual variance is 0, so the F ratio is infinite') });
  const f0 = bms / ems;
  const dfB = n - 1;
  const dfE = (n - 1) * (k - 1);
  const fl = f0 / fQuantile(0.975, dfB, dfE);
  const fu = f0 * fQuantile(0.975, dfE, dfB);
  return defined({ value: rho, ci95: interval((fl - 1) / (fl + k - 1), (fu - 1) / (fu + k - 1)) });
}
