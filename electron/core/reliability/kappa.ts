// Cohen's kappa (Cohen 1960), weighted kappa (Cohen 1968) and their large-sample standard errors
// (Fleiss, Cohen & Everitt 1969), computed from a k × k confusion matrix in O(k²).
//
// With p_ij = n_ij / n, row and column proportions p_i. and p_.j, and agreement weights w_ij
// (identity for unweighted kappa):
//   p_o = Σ w_ij p_ij,   p_e = Σ w_ij p_i. p_.j,   κ = (p_o − p_e) / (1 − p_e).
// Fleiss, Cohen & Everitt (1969), with w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij:
//   Var(κ)  = [Σ p_ij (w_ij − (w̄_i. + w̄_.j)(1 − κ))² − (κ − p_e(1 − κ))²] / (n (1 − p_e)²)
//   Var0(κ) = [Σ p_i. p_.j (w_ij − (w̄_i. + w̄_.j))² − p_e²] / (n (1 − p_e)²)     (under H0: κ = 0)
// With identity weights the first reduces to their unweighted formula. These are the "ASE" and
// "ASE under H0" of SAS PROC FREQ (AGREE) and the variances of R's vcd::Kappa (Var) and
// irr::kappa2 (Var0, used for its z).
//
// Each variance is the variance of a bounded per-item quantity f, since Σ p_ij f_ij equals
// κ − p_e(1 − κ) (resp. −p_e); it is computed in that centred form so it never goes negative.
import type { ConfusionMatrix } from './confusion';
import { marginals } from './confusion';
import type { KappaResult, Statistic } from '../../common/contract';
import { defined, finite, undefinedStatistic, Z_975 } from './statistic';
import type { WeightScheme } from './weights';
import { agreementWeights } from './weights';

/** The part of a confusion matrix kappa needs; lets callers pass a derived 2 × 2 table. */
export type CountTable = Pick<ConfusionMatrix, 'k' | 'counts' | 'n'>;

/**
 * Below this, a centred sum of squares of O(1) quantities is rounding noise, i.e. zero. Real data
 * give per-item variances many orders of magnitude larger.
 */
const ZERO_VARIANCE = 1e-13;

/** Kappa for any k × k agreement-weight matrix (row-major, w_ii = 1). */
export function kappaWithWeights(table: CountTable, weights: Float64Array): KappaResult {
  const { k, counts, n } = table;
  if (n === 0) return undefinedStatistic('no_items', 'kappa needs at least one pair of ratings');
  const { rows, cols } = marginals(table);
  const nn = n * n;

  // As Cohen (1968) writes it, κ = 1 − Σ v p_o / Σ v p_c with disagreement weights v = 1 − w, and in
  // counts: κ = 1 − Σ v·(n·n_ij) / Σ v·(n_i. n_.j). Both products are exact integers, so perfect
  // agreement gives exactly 1 (v_ii = 0) and a coder who never varies exactly 0 (the two sums
  // then have identical terms), instead of 1 ± 2e-16.
  let observedDisagreement = 0;
  let chanceDisagreement = 0;
  for (let i = 0; i < k; i++) {
    const ri = rows[i]!;
    for (let j = 0; j < k; j++) {
      const v = 1 - weights[i * k + j]!;
      if (v === 0) continue;
      observedDisagreement += v * (n * counts[i * k + j]!);
      chanceDisagreement += v * (ri * cols[j]!);
    }
  }
  if (chanceDisagreement <= 1e-12 * nn) {
    return undefinedStatistic(
      'expected_agreement_one',
      'chance-expected agreement is 1 (both coders used a single, identical category), so kappa is 0/0',
    );
  }
  const kappa = finite(1 - observedDisagreement / chanceDisagreement, 'kappa');
  const po = 1 - observedDisagreement / nn;
  const pe = 1 - chanceDisagreement / nn;

  // w̄_i. = Σ_j p_.j w_ij and w̄_.j = Σ_i p_i. w_ij.
  const rowBar = new Float64Array(k);
  const colBar = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = weights[i * k + j]!;
      rowBar[i]! += (cols[j]! / n) * w;
      colBar[j]! += (rows[i]! / n) * w;
    }
  }

  const oneMinusKappa = 1 - kappa;
  const meanAlt = kappa - pe * oneMinusKappa;
  const meanNull = -pe;
  let sumAlt = 0;
  let sumNull = 0;
  for (let i = 0; i < k; i++) {
    const pi = rows[i]! / n;
    for (let j = 0; j < k; j++) {
      const w = weights[i * k + j]!;
      const bars = rowBar[i]! + colBar[j]!;
      const pij = counts[i * k + j]! / n;
      if (pij > 0) {
        const d = w - bars * oneMinusKappa - meanAlt;
        sumAlt += pij * d * d;
      }
      const pipj = pi * (cols[j]! / n);
      if (pipj > 0) {
        const d0 = w - bars - meanNull;
        sumNull += pipj * d0 * d0;
      }
    }
  }
  const scale = n * (1 - pe) * (1 - pe);
  const se = sumAlt <= ZERO_VARIANCE ? 0 : finite(Math.sqrt(sumAlt / scale), 'SE');
  const se0 = sumNull <= ZERO_VARIANCE ? 0 : finite(Math.sqrt(sumNull / scale), 'SE0');

  const rawLo = kappa - Z_975 * se;
  const rawHi = kappa + Z_975 * se;
  // A bound past ±1 by rounding alone (1e-16) is not worth flagging as clipped.
  const clipped = rawLo < -1 - 1e-12 || rawHi > 1 + 1e-12;
  const clamp = (x: number): number => Math.min(1, Math.max(-1, x));
  const ci95: readonly [number, number] = [clamp(rawLo), clamp(rawHi)];
  const z: Statistic<number> =
    se0 === 0
      ? undefinedStatistic('zero_null_variance', 'the standard error under H0 is 0 (a coder who never varies), so z is undefined')
      : { defined: true, value: finite(kappa / se0, 'z') };

  return defined({ kappa, observedAgreement: po, expectedAgreement: pe, n, se, ci95, clipped, se0, z });
}

/** Cohen's (1960) unweighted kappa with SEs. */
export function cohenKappa(m: ConfusionMatrix): KappaResult {
  return kappaWithWeights(m, agreementWeights(m.positions, 'unweighted'));
}

/** Weighted kappa (Cohen 1968) with linear (Cicchetti–Allison) or quadratic (Fleiss–Cohen) weights. */
export function weightedKappa(m: ConfusionMatrix, scheme: WeightScheme): KappaResult {
  return kappaWithWeights(m, agreementWeights(m.positions, scheme));
}
