// The lead's overview statistics: per-coder bias against numpy/scipy, the criterion's kappa as a
// summary prints it (undefined with the count below the minimum), a row against the naive kappa,
// and drift batches sized to the data.
import { describe, expect, it } from 'vitest';
import { coCoderUnits, coderBias, criterionKappa, planDrift, summaryRow, weightedKappa, buildConfusionMatrix, type ClipScore } from '../../../electron/core/reliability';
import { DEFAULT_CRITERION } from '../../../electron/core/reliability/criterion';
import { EAS, naiveKappa, naiveWeight, positionOf, randomPairs } from './naiveReference';

// The fixture of reference/bias.py (clip → coder → score).
const RATINGS: Record<string, Record<string, number>> = {
  C01: { ann: 5.5, ben: 5.0, cat: 5.0 },
  C02: { ann: 4.0, ben: 3.5 },
  C03: { ann: 6.5, cat: 6.0 },
  C04: { ann: 3.0, ben: 3.0, cat: 2.0 },
  C05: { ben: 4.5, cat: 5.0 },
  C06: { ann: 6.0, ben: 5.5 },
  C07: { ann: 2.5, cat: 2.5 },
  C08: { ann: 5.0, ben: 4.0, cat: 4.5 },
  C09: { ben: 6.0 },
};
const SCORES: ClipScore[] = Object.entries(RATINGS).flatMap(([clip, r]) => Object.entries(r).map(([coder, score]) => ({ clip, coder, score })));

// Printed by `python3 tests/unit/reliability/reference/bias.py` (numpy 2.4.6, scipy 1.17.1:
// scipy.stats.t.interval(0.95, n − 1, loc = mean, scale = sd / √n)).
const SCIPY = {
  ann: { n: 7, mean: 0.4642857142857143, ci95: [0.25625659695351, 0.6723148316179186] },
  ben: { n: 6, mean: -0.3333333333333333, ci95: [-0.7927736516603312, 0.12610698499366452] },
  cat: { n: 6, mean: -0.20833333333333334, ci95: [-0.7438712157575655, 0.3272045490908988] },
  gold: { n: 5, mean: 0.2, ci95: [-0.5078573884911362, 0.9078573884911361] },
} as const;

describe('per-coder bias', () => {
  it('is the mean difference from the co-coders per clip, with the t interval scipy gives', () => {
    for (const coder of ['ann', 'ben', 'cat'] as const) {
      const bias = coderBias(coCoderUnits(SCORES, coder));
      expect(bias.n).toBe(SCIPY[coder].n);
      expect(bias.mean.defined && bias.mean.value).toBeCloseTo(SCIPY[coder].mean, 10);
      expect(bias.ci95.defined).toBe(true);
      if (!bias.ci95.defined) continue;
      expect(bias.ci95.value[0]).toBeCloseTo(SCIPY[coder].ci95[0], 8);
      expect(bias.ci95.value[1]).toBeCloseTo(SCIPY[coder].ci95[1], 8);
    }
  });

  it('against the master: trainee − master score per training clip', () => {
    const trainee = [2, 4.5, 6, 3.5, 5];
    const master = [2, 4.5, 6.5, 3, 4];
    const bias = coderBias(trainee.map((score, i) => ({ score, others: [master[i]!] })));
    expect(bias.n).toBe(5);
    expect(bias.mean.defined && bias.mean.value).toBeCloseTo(SCIPY.gold.mean, 12);
    expect(bias.ci95.defined && bias.ci95.value[0]).toBeCloseTo(SCIPY.gold.ci95[0], 8);
    expect(bias.ci95.defined && bias.ci95.value[1]).toBeCloseTo(SCIPY.gold.ci95[1], 8);
  });

  it('says why there is no interval instead of printing a zero-width one', () => {
    expect(coderBias([])).toMatchObject({ n: 0, mean: { defined: false, reason: 'no_items' } });
    expect(coderBias([{ score: 5, others: [4] }])).toMatchObject({ n: 1, mean: { defined: true, value: 1 }, ci95: { defined: false, message: 'too few pairs (n = 1)' } });
    const same = coderBias([
      { score: 5, others: [5] },
      { score: 3, others: [3] },
    ]);
    expect(same.ci95).toMatchObject({ defined: false, reason: 'no_variance' });
  });
});

describe("the criterion's kappa in a summary", () => {
  it('is undefined with the count below the minimum number of pairs, never 0.000 (0.000 to 0.000)', () => {
    // A trainee who gave both training clips the same score: κ is 0 with a zero-width interval.
    const m = buildConfusionMatrix(
      [
        [4, 3],
        [4, 5],
      ],
      EAS,
    );
    if (!m.ok) throw new Error(m.error.message);
    const kappa = weightedKappa(m.value, 'linear');
    expect(kappa.defined && kappa.value.ci95).toEqual([0, 0]);
    expect(criterionKappa(kappa, 2, DEFAULT_CRITERION)).toMatchObject({ defined: false, reason: 'too_few_items', message: 'too few pairs (n = 2; at least 10 needed)' });
    expect(criterionKappa(kappa, 2, { ...DEFAULT_CRITERION, minPairs: 1 })).toMatchObject({ defined: false, message: 'too few pairs (n = 2); the interval has no width' });
  });

  it('gives a row the naive linear kappa, its verdict and date range', () => {
    const pairs = randomPairs(EAS, 14, 5, { noise: 1 });
    const row = summaryRow({
      a: 'ann',
      b: 'ben',
      gold: false,
      dimension: { id: 'sensitivity', label: 'Sensitivity', ...EAS },
      pairs: pairs.map(([a, b], i) => ({ a, b, at: `2026-03-${String(10 + i).padStart(2, '0')}T09:00:00.000Z` })),
      pending: 2,
      criterion: DEFAULT_CRITERION,
    });
    const naive = naiveKappa(pairs, naiveWeight('linear', positionOf(pairs, 'scale'), EAS.min, EAS.max))!;
    expect(row.n).toBe(14);
    expect(row.statistic.defined).toBe(true);
    if (!row.statistic.defined) return;
    expect(row.statistic.value.kappa).toBeCloseTo(naive.kappa, 12);
    expect(row.statistic.value.ci95[0]).toBeCloseTo(naive.kappa - 1.959963984540054 * naive.se, 10);
    expect(row.outcome).toBe(naive.kappa >= 0.7 ? 'pass' : 'fail');
    expect(row.period).toEqual({ first: '2026-03-10T09:00:00.000Z', last: '2026-03-23T09:00:00.000Z' });
  });
});

describe('drift batches sized to the data', () => {
  it("keeps the study's batches when there are two full ones, and says when the last is partial", () => {
    expect(planDrift(40, 20, 20)).toEqual({ batchSize: 20, step: 20, note: null });
    expect(planDrift(12, 4, 4)).toEqual({ batchSize: 4, step: 4, note: null });
    expect(planDrift(50, 20, 20)).toEqual({ batchSize: 20, step: 20, note: 'Batch 3 is partial: 10 of 20 clips.' });
  });

  it('splits fewer pairs into two or three equal batches of at least five', () => {
    expect(planDrift(10, 20, 20)).toEqual({ batchSize: 5, step: 5, note: "Batches of 5 instead of the study's 20: 10 pairs are fewer than two batches of 20." });
    expect(planDrift(30, 20, 20).batchSize).toBe(10);
    expect(planDrift(13, 20, 20)).toEqual({
      batchSize: 7,
      step: 7,
      note: "Batches of 7 instead of the study's 20: 13 pairs are fewer than two batches of 20. Batch 2 is partial: 6 of 7 clips.",
    });
    expect(planDrift(30, 20, 10)).toMatchObject({ batchSize: 10, step: 5 });
  });

  it('shows one batch of every pair, and says so, when there are too few for drift', () => {
    expect(planDrift(7, 20, 20)).toEqual({ batchSize: 7, step: 7, note: '7 pairs: too few to see drift (that needs at least 10); one batch of every pair is shown.' });
    expect(planDrift(0, 20, 20)).toEqual({ batchSize: 2, step: 2, note: null });
  });
});
