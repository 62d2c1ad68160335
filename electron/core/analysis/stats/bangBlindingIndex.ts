// Bang's blinding index, one per arm: how far correct guesses exceed incorrect ones beyond chance.

import type { Arm, BlindingTable, GuessCounts } from './blindingGuesses';
import { assertGuessCounts, otherArm } from './blindingGuesses';
import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, clamp, undefinedStatistic } from './estimate';
import { twoSidedZ } from './normal';

export interface BangIndex {
  readonly arm: Arm;
  /** In [−1, 1]: 1 all correct (unblinded), 0 random guessing, −1 all wrong (opposite guessing). */
  readonly index: number;
  readonly standardError: number;
  /** Two-sided Wald interval, truncated to [−1, 1]. */
  readonly ci: ConfidenceInterval;
  readonly correct: number;
  readonly incorrect: number;
  readonly dontKnow: number;
}

/**
 * Bang, Ni & Davis (2004), "Assessment of blinding in clinical trials", Controlled Clinical Trials
 * 25:143–156. For the units truly in `arm`, with n = correct + incorrect + don't know:
 *
 *   BI = (2 · correct / (correct + incorrect) − 1) · (correct + incorrect) / n
 *      = (correct − incorrect) / n = p_c − p_i
 *   Var(BI) = [p_c(1 − p_c) + p_i(1 − p_i) + 2 p_c p_i] / n     (multinomial variance of p_c − p_i)
 *
 * which is what R package BI 1.2.0 (Schwartz & Mercaldo) computes. Bang et al. recommend reading
 * the one-sided limit in the direction of interest; the two-sided interval here contains both.
 * When every guess is "don't know" the first form is 0/0; we report undefined, as BI does (NaN),
 * rather than a 0 with a zero-width interval that would overstate certainty.
 */
export function bangBlindingIndex(
  counts: GuessCounts,
  arm: Arm,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): Computed<BangIndex> {
  assertGuessCounts(counts);
  assertConfidenceLevel(confidenceLevel);
  const correct = counts[arm];
  const incorrect = counts[otherArm(arm)];
  const dontKnow = counts.dontKnow;
  const n = correct + incorrect + dontKnow;
  if (n === 0) return undefinedStatistic('no-observations', `No blinding guesses for the ${arm} arm.`);
  if (correct + incorrect === 0) {
    return undefinedStatistic('no-definite-guesses', `Every guess for the ${arm} arm was "don't know".`);
  }
  const pc = correct / n;
  const pi = incorrect / n;
  const index = pc - pi;
  const standardError = Math.sqrt((pc * (1 - pc) + pi * (1 - pi) + 2 * pc * pi) / n);
  const z = twoSidedZ(confidenceLevel);
  return {
    kind: 'value',
    arm,
    index,
    standardError,
    ci: {
      lower: clamp(index - z * standardError, -1, 1),
      upper: clamp(index + z * standardError, -1, 1),
      level: confidenceLevel,
    },
    correct,
    incorrect,
    dontKnow,
  };
}

export function bangBlindingIndices(
  table: BlindingTable,
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): { readonly intervention: Computed<BangIndex>; readonly control: Computed<BangIndex> } {
  return {
    intervention: bangBlindingIndex(table.intervention, 'intervention', confidenceLevel),
    control: bangBlindingIndex(table.control, 'control', confidenceLevel),
  };
}
