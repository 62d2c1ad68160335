// Random and edge cases: every statistic of the report is checked against the naive reference in
// naiveReference.ts, which loops over raw pairs instead of using the confusion matrix.
import { describe, expect, it } from 'vitest';

import type { CategoryMode, KappaResult, ReliabilityReport, Scale, Statistic, WeightScheme } from '../../../electron/core/reliability';
import { reliabilityReport, reportToJson, scaleCategories } from '../../../electron/core/reliability';
import type { NaiveKappa, Pair } from './naiveReference';
import { EAS, naiveAlpha, naiveGwet, naiveIcc, naiveKappa, naiveWeight, naiveWithin, positionOf, randomPairs } from './naiveReference';

interface Case {
  name: string;
  scale: Scale;
  pairs: Pair[];
  mode?: CategoryMode;
}

const cases: Case[] = [
  { name: 'uniform random, 13-point EAS scale, n = 60', scale: EAS, pairs: randomPairs(EAS, 60, 1) },
  { name: 'correlated coders, EAS scale, n = 150', scale: EAS, pairs: randomPairs(EAS, 150, 2, { noise: 2 }) },
  { name: 'correlated coders, EAS scale, observed mode', scale: EAS, pairs: randomPairs(EAS, 150, 2, { noise: 2 }), mode: 'observed' },
  {
    name: 'half-point scale, interior 2.5, 3 and 4.5 never used (scale mode)',
    scale: EAS,
    pairs: randomPairs(EAS, 80, 3, { allowed: [1, 1.5, 2, 3.5, 4, 5, 5.5, 6, 6.5, 7], noise: 2 }),
  },
  {
    name: 'half-point scale, interior 2.5, 3 and 4.5 never used (observed mode)',
    scale: EAS,
    pairs: randomPairs(EAS, 80, 3, { allowed: [1, 1.5, 2, 3.5, 4, 5, 5.5, 6, 6.5, 7], noise: 2 }),
    mode: 'observed',
  },
  { name: '1–5 in whole points, n = 40', scale: { min: 1, max: 5, step: 1 }, pairs: randomPairs({ min: 1, max: 5, step: 1 }, 40, 4, { noise: 1 }) },
  { name: '0–1 in steps of 0.1 (inexact binary fractions)', scale: { min: 0, max: 1, step: 0.1 }, pairs: randomPairs({ min: 0, max: 1, step: 0.1 }, 70, 5, { noise: 2 }) },
  { name: 'binary 0/1 scale', scale: { min: 0, max: 1, step: 1 }, pairs: randomPairs({ min: 0, max: 1, step: 1 }, 30, 6) },
  { name: 'skewed: nearly everything 6.5–7', scale: EAS, pairs: randomPairs(EAS, 90, 7, { allowed: [6, 6.5, 7, 7, 7, 7, 6.5], noise: 1 }) },
  { name: 'negative ends, −3 to 3 in halves', scale: { min: -3, max: 3, step: 0.5 }, pairs: randomPairs({ min: -3, max: 3, step: 0.5 }, 50, 8, { noise: 3 }) },
  { name: 'n = 1, different values', scale: EAS, pairs: [[3, 5.5]] },
  { name: 'n = 1, same value (chance agreement 1)', scale: EAS, pairs: [[4, 4]] },
  { name: 'n = 2, disagreeing both ways', scale: EAS, pairs: [[2, 6], [6, 2]] },
  { name: 'n = 2, agreeing', scale: EAS, pairs: [[2, 2], [6, 6]] },
  { name: 'n = 2, one agreement one miss', scale: EAS, pairs: [[2, 2], [6, 5.5]] },
  { name: 'perfect agreement over many categories', scale: EAS, pairs: scaleCategories(EAS).flatMap((v) => [[v, v] as const, [v, v] as const]) },
  { name: 'coder A never varies (always 4)', scale: EAS, pairs: randomPairs(EAS, 40, 9).map(([, b]) => [4, b] as const) },
  { name: 'coder B never varies (always 6.5), observed mode', scale: EAS, pairs: randomPairs(EAS, 40, 10).map(([a]) => [a, 6.5] as const), mode: 'observed' },
  { name: 'both coders constant and equal', scale: EAS, pairs: Array.from({ length: 12 }, () => [5, 5] as const) },
  { name: 'both coders constant but different (3 vs 5)', scale: EAS, pairs: Array.from({ length: 12 }, () => [3, 5] as const) },
  { name: 'systematic offset: B = A + 1', scale: EAS, pairs: randomPairs(EAS, 30, 11, { allowed: [1, 2, 3, 4, 5, 6] }).map(([a]) => [a, a + 1] as const) },
  { name: 'opposite coders: B = 8 − A', scale: EAS, pairs: randomPairs(EAS, 30, 12).map(([a]) => [a, 8 - a] as const) },
  { name: 'single-point scale', scale: { min: 3, max: 3, step: 1 }, pairs: [[3, 3], [3, 3], [3, 3]] },
  { name: 'large-ish random EAS, n = 400', scale: EAS, pairs: randomPairs(EAS, 400, 13, { noise: 3 }) },
];

function expectClose(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance);
}

function checkKappa(result: KappaResult, naive: NaiveKappa | null): void {
  if (naive === null) {
    expect(result.defined).toBe(false);
    return;
  }
  if (!result.defined) throw new Error(`module says undefined (${result.reason}) but the naive kappa is ${naive.kappa}`);
  const k = result.value;
  expectClose(k.kappa, naive.kappa);
  expectClose(k.se, naive.se, 1e-6);
  expectClose(k.se0, naive.se0, 1e-6);
  if (naive.se0 > 1e-6) expectClose(k.z.value ?? Number.NaN, naive.kappa / naive.se0, 1e-6);
  const lo = naive.kappa - 1.959963984540054 * naive.se;
  const hi = naive.kappa + 1.959963984540054 * naive.se;
  expectClose(k.ci95[0], Math.max(-1, lo), 1e-6);
  expectClose(k.ci95[1], Math.min(1, hi), 1e-6);
  // The naive SE carries ~1e-8 of rounding noise where the true SE is 0; judge clipping only
  // where that noise cannot decide it.
  const ambiguous = Math.abs(lo + 1) < 1e-6 || Math.abs(hi - 1) < 1e-6;
  if (!ambiguous) expect(k.clipped).toBe(lo < -1 || hi > 1);
}

function checkScalar(s: Statistic<number>, naive: number | null, tolerance = 1e-9): void {
  if (naive === null) {
    expect(s.defined).toBe(false);
    return;
  }
  if (!s.defined) throw new Error(`module says undefined (${s.reason}) but the naive value is ${naive}`);
  expectClose(s.value, naive, tolerance);
}

/** Every number anywhere in the JSON form is finite: undefined statistics are explicit nulls. */
function expectNoNonFinite(report: ReliabilityReport, scale: Scale): void {
  const walk = (x: unknown): void => {
    if (typeof x === 'number') expect(Number.isFinite(x)).toBe(true);
    else if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') Object.values(x).forEach(walk);
  };
  walk(reportToJson(report, { scale, skipped: 0 }));
}

describe('report agrees with a naive pair-by-pair implementation', () => {
  it.each(cases)('$name', ({ scale, pairs, mode = 'scale' }) => {
    const result = reliabilityReport(pairs, scale, { categories: mode, cutoffs: [5.5] });
    if (!result.ok) throw new Error(result.error.message);
    const report = result.value;
    expect(report.n).toBe(pairs.length);
    expectNoNonFinite(report, scale);

    const pos = positionOf(pairs, mode);
    const categories = mode === 'scale' ? scaleCategories(scale) : [...new Set(pairs.flat())].sort((x, y) => x - y);
    expect(report.categories.values).toEqual(categories);
    const lo = categories[0]!;
    const hi = categories[categories.length - 1]!;
    const weight = (s: WeightScheme) => naiveWeight(s, pos, lo, hi);

    checkKappa(report.kappa.unweighted, naiveKappa(pairs, weight('unweighted')));
    checkKappa(report.kappa.linear, naiveKappa(pairs, weight('linear')));
    checkKappa(report.kappa.quadratic, naiveKappa(pairs, weight('quadratic')));

    checkScalar(report.agreement.exact, naiveWithin(pairs, 0));
    checkScalar(report.agreement.withinHalf, naiveWithin(pairs, 0.5));
    checkScalar(report.agreement.withinOne, naiveWithin(pairs, 1));

    checkScalar(report.ac1, naiveGwet(pairs, categories, weight('unweighted')));
    checkScalar(report.ac2Linear, naiveGwet(pairs, categories, weight('linear')));
    checkScalar(report.ac2Quadratic, naiveGwet(pairs, categories, weight('quadratic')));

    checkScalar(report.alphaOrdinal, naiveAlpha(pairs, 'ordinal'));
    checkScalar(report.alphaInterval, naiveAlpha(pairs, 'interval'));

    const icc = naiveIcc(pairs);
    for (const [stat, value, ci] of [
      [report.icc21, icc.icc21, icc.ci21],
      [report.icc31, icc.icc31, icc.ci31],
    ] as const) {
      checkScalar(stat.defined ? { defined: true, value: stat.value.value } : stat, value, 1e-8);
      if (stat.defined && ci !== null) {
        if (!Number.isFinite(ci[0]) || !Number.isFinite(ci[1])) {
          // The textbook formula yields NaN (an infinite F quantile): we must say why, not print it.
          expect(stat.value.ci95).toMatchObject({ defined: false, reason: 'degenerate_interval' });
          continue;
        }
        if (!stat.value.ci95.defined) throw new Error(`ICC interval undefined: ${stat.value.ci95.message}`);
        expectClose(stat.value.ci95.value[0], ci[0], 1e-7);
        expectClose(stat.value.ci95.value[1], ci[1], 1e-7);
      }
    }

    const dichotomised = pairs.map(([a, b]) => [a >= 5.5 ? 1 : 0, b >= 5.5 ? 1 : 0] as const);
    checkKappa(report.cutoffs[0]!.kappa, naiveKappa(dichotomised, (x, y) => (x === y ? 1 : 0)));
  });
});
