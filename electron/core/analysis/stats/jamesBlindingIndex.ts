// James' blinding index, one for the whole trial: a kappa-type measure of disagreement between
// guessed and true arm, weighted so that "don't know" counts as fully blinded.

import type { Arm, BlindingTable } from './blindingGuesses';
import { assertGuessCounts } from './blindingGuesses';
import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, clamp, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface JamesIndex {
  /** In [0, 1]: 0 complete unblinding, 0.5 random guessing, 1 complete blinding. */
  readonly index: number;
  readonly standardError: number;
  /** Two-sided Wald interval, truncated to [0, 1]. Unblinding is suggested if the upper limit < 0.5. */
  readonly ci: ConfidenceInterval;
  /** Proportion of all guesses that were "don't know". */
  readonly dontKnowProportion: number;
  readonly total: number;
}

const ARMS: readonly Arm[] = ['intervention', 'control'];

/**
 * James' disagreement weights for definite guesses, indexed [guess][true arm]: 0 for a correct
 * guess, 1/2 for an incorrect one ("don't know" carries weight 1 and enters through P_dk).
 */
const WEIGHTS: readonly (readonly number[])[] = [
  [0, 0.5],
  [0.5, 0],
];

/**
 * James, Bloch, Lee, Kraemer & Fuller (1996), "An index for assessing blindness in a multi-centre
 * clinical trial: disulfiram for alcohol cessation — a VA cooperative study", Statistics in Medicine
 * 15:1421–1434. With cell proportions P_ij (guess i, true arm j) over all N guesses, P_dk the
 * "don't know" proportion, P_i· the row totals of definite guesses and P'_·j the column totals of
 * definite guesses:
 *
 *   P_do = Σ w_ij P_ij / (1 − P_dk)                    observed weighted disagreement
 *   P_de = Σ w_ij P_i· P'_·j / (1 − P_dk)²             disagreement expected by chance
 *   κ_d  = (P_do − P_de) / P_de
 *   BI   = (1 + P_dk + (1 − P_dk) κ_d) / 2
 *
 * and the large-sample variance derived in the paper,
 *
 *   Var = (V₁ + V₂) / N,
 *   V₁ = Σ_ij P_ij (1 − P_dk)² [(1 − P_dk) w_ij − (1 + κ_d) Σ_r (w_rj P_r· + w_ir P'_·r)]²
 *        / (4 [Σ w_ij P_i· P'_·j]²)
 *   V₂ = P_dk(1 − P_dk) − (1 − P_dk)(1 + κ_d)(P_dk + (1 − P_dk)(1 + κ_d)/4),
 *
 * transcribed as implemented in R package BI 1.2.0 (Schwartz & Mercaldo), whose published example
 * (Houweling et al. 2014, Clinical Trials 11:547–552) the tests reproduce; the tests also check it
 * against a numerical delta-method variance.
 *
 * Edge cases: when every guess is "don't know", BI = 1 with SE 0 (James et al. 1996, p. 1425, as
 * cited by Bang et al. 2004, p. 146). When P_de = 0 (e.g. definite guesses all in one cell) κ_d
 * has no denominator and the index is reported as undefined.
 */
export function jamesBlindingIndex(
  table: BlindingTable,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<JamesIndex> {
  assertGuessCounts(table.intervention);
  assertGuessCounts(table.control);
  assertConfidenceLevel(confidenceLevel);

  // cells[i][j]: guess i, true arm j, in the order of ARMS.
  const cells = ARMS.map((guess) => ARMS.map((arm) => table[arm][guess]));
  const dontKnow = table.intervention.dontKnow + table.control.dontKnow;
  const definite = cells.flat().reduce((sum, c) => sum + c, 0);
  const total = definite + dontKnow;
  if (total === 0) return undefinedStatistic('no-observations', 'No blinding guesses were recorded.');

  const pdk = dontKnow / total;
  const z = twoSidedZ(confidenceLevel);
  if (definite === 0) {
    return {
      kind: 'value',
      index: 1,
      standardError: 0,
      ci: { lower: 1, upper: 1, level: confidenceLevel },
      dontKnowProportion: pdk,
      total,
    };
  }

  const p = cells.map((row) => row.map((c) => c / total));
  const cell = (i: number, j: number): number => p[i]?.[j] ?? 0;
  const weight = (i: number, j: number): number => WEIGHTS[i]?.[j] ?? 0;
  const guessTotal = [0, 1].map((i) => cell(i, 0) + cell(i, 1));
  const armDefiniteTotal = [0, 1].map((j) => cell(0, j) + cell(1, j));
  const guessTotalOf = (i: number): number => guessTotal[i] ?? 0;
  const armDefiniteTotalOf = (j: number): number => armDefiniteTotal[j] ?? 0;

  const q = 1 - pdk;
  let observed = 0;
  let expectedNumerator = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      observed += weight(i, j) * cell(i, j);
      expectedNumerator += weight(i, j) * guessTotalOf(i) * armDefiniteTotalOf(j);
    }
  }
  if (expectedNumerator === 0) {
    return undefinedStatistic(
      'no-expected-disagreement',
      'The definite guesses leave no disagreement expected by chance, so James\' index is undefined.',
    );
  }
  const pdo = observed / q;
  const pde = expectedNumerator / (q * q);
  const kappa = (pdo - pde) / pde;
  const index = (1 + pdk + q * kappa) / 2;

  let v1Numerator = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < 2; j++) {
      let margin = 0;
      for (let r = 0; r < 2; r++) {
        margin += weight(r, j) * guessTotalOf(r) + weight(i, r) * armDefiniteTotalOf(r);
      }
      v1Numerator += cell(i, j) * q * q * (q * weight(i, j) - (1 + kappa) * margin) ** 2;
    }
  }
  const v1 = v1Numerator / (4 * expectedNumerator * expectedNumerator);
  const v2 = pdk * q - q * (1 + kappa) * (pdk + (q * (1 + kappa)) / 4);
  // The two terms can cancel to a tiny negative number in degenerate tables; that is rounding, not
  // information, so the variance is floored at 0.
  const standardError = Math.sqrt(Math.max(0, (v1 + v2) / total));
  return {
    kind: 'value',
    index,
    standardError,
    ci: {
      lower: clamp(index - z * standardError, 0, 1),
      upper: clamp(index + z * standardError, 0, 1),
      level: confidenceLevel,
    },
    dontKnowProportion: pdk,
    total,
  };
}
