import { describe, expect, it } from 'vitest';
import { hedgesG, hedgesGFromValues, mean, range, standardDeviation } from '../../../electron/core/analysis/stats';

const Z95 = 1.959963984540054;

describe('descriptive statistics', () => {
  it('computes mean, n − 1 SD and range', () => {
    const values = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(values)).toEqual({ kind: 'value', value: 5 });
    const sd = standardDeviation(values);
    if (sd.kind !== 'value') throw new Error(sd.message);
    expect(sd.value).toBeCloseTo(Math.sqrt(32 / 7), 14); // Σ(x − 5)² = 32
    expect(range(values)).toEqual({ kind: 'value', min: 2, max: 9 });
  });

  it('keeps precision for values far from zero (two-pass variance)', () => {
    const sd = standardDeviation([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]);
    if (sd.kind !== 'value') throw new Error(sd.message);
    expect(sd.value).toBeCloseTo(Math.sqrt(30), 9);
  });

  it('reports empty and single-value inputs as undefined', () => {
    expect(mean([]).kind).toBe('undefined');
    expect(range([]).kind).toBe('undefined');
    const sdEmpty = standardDeviation([]);
    const sdOne = standardDeviation([3]);
    expect(sdEmpty.kind === 'undefined' && sdEmpty.reason).toBe('no-observations');
    expect(sdOne.kind === 'undefined' && sdOne.reason).toBe('too-few-observations');
  });

  it('rejects non-finite values', () => {
    expect(() => mean([1, Number.NaN])).toThrow(RangeError);
    expect(() => range([1, Infinity])).toThrow(RangeError);
  });
});

describe("Hedges' g", () => {
  it('gives g = −0.66 (−1.38 to 0.07) for 67 ± 10 (n = 19) vs 74 ± 11 (n = 13)', () => {
    const r = hedgesG({ n: 19, mean: 67, sd: 10 }, { n: 13, mean: 74, sd: 11 });
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.g.toFixed(2)).toBe('-0.66');
    expect(r.ci.lower.toFixed(2)).toBe('-1.38');
    expect(r.ci.upper.toFixed(2)).toBe('0.07');
    // Each step by hand.
    const pooled = Math.sqrt((18 * 100 + 12 * 121) / 30);
    const j = 1 - 3 / (4 * 32 - 9);
    const g = (j * -7) / pooled;
    const se = Math.sqrt(32 / (19 * 13) + (g * g) / 64);
    expect(r.pooledSd).toBeCloseTo(pooled, 14);
    expect(r.d).toBeCloseTo(-7 / pooled, 14);
    expect(r.correction).toBeCloseTo(j, 14);
    expect(r.g).toBeCloseTo(g, 14);
    expect(r.standardError).toBeCloseTo(se, 14);
    expect(r.ci.lower).toBeCloseTo(g - Z95 * se, 12);
    expect(r.ci.upper).toBeCloseTo(g + Z95 * se, 12);
  });

  it('gives the same result from raw values as from their summaries', () => {
    const a = [3, 5, 7]; // mean 5, sd 2
    const b = [1, 2, 3, 4]; // mean 2.5, sd √(5/3)
    const fromValues = hedgesGFromValues(a, b);
    const fromSummary = hedgesG({ n: 3, mean: 5, sd: 2 }, { n: 4, mean: 2.5, sd: Math.sqrt(5 / 3) });
    if (fromValues.kind !== 'value' || fromSummary.kind !== 'value') throw new Error('expected values');
    expect(fromValues.g).toBeCloseTo(fromSummary.g, 14);
    expect(fromValues.ci.lower).toBeCloseTo(fromSummary.ci.lower, 14);
    expect(fromValues.ci.upper).toBeCloseTo(fromSummary.ci.upper, 14);
    // s_pooled² = (2·4 + 3·5/3) / 5 = 2.6; J = 1 − 3/19
    expect(fromValues.g).toBeCloseTo((1 - 3 / 19) * (2.5 / Math.sqrt(2.6)), 14);
  });

  it('flips sign when the groups are swapped', () => {
    const ab = hedgesGFromValues([1, 2, 3, 5], [4, 6, 7, 9]);
    const ba = hedgesGFromValues([4, 6, 7, 9], [1, 2, 3, 5]);
    if (ab.kind !== 'value' || ba.kind !== 'value') throw new Error('expected values');
    expect(ab.g).toBeCloseTo(-ba.g, 14);
    expect(ab.ci.lower).toBeCloseTo(-ba.ci.upper, 14);
  });

  it('uses a single observation in one group (its SD carries no information)', () => {
    const r = hedgesGFromValues([10], [1, 2, 3]);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.pooledSd).toBeCloseTo(Math.sqrt(2 / 2), 14);
  });

  it('reports empty groups, too few observations and zero variance as undefined', () => {
    const empty = hedgesGFromValues([], [1, 2, 3]);
    const tooFew = hedgesGFromValues([1], [2]);
    const flat = hedgesGFromValues([3, 3, 3], [4, 4]);
    expect(empty.kind === 'undefined' && empty.reason).toBe('no-observations');
    expect(tooFew.kind === 'undefined' && tooFew.reason).toBe('too-few-observations');
    expect(flat.kind === 'undefined' && flat.reason).toBe('zero-variance');
    for (const r of [empty, tooFew, flat]) expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null/);
  });

  it('equal scores on a 0.1-step scale are zero variance, not rounding noise divided into a huge g', () => {
    // The mean of [0.3, 0.3, 0.3] rounds to 0.29999999999999993: without the exact check the pooled
    // SD was ~5e-17 and g ~1.3e16.
    const flat = hedgesGFromValues([0.3, 0.3, 0.3], [0.1, 0.1, 0.1]);
    expect(flat.kind === 'undefined' && flat.reason).toBe('zero-variance');
    const spread = hedgesGFromValues([0.3, 0.3, 0.4], [0.1, 0.1, 0.1]);
    expect(spread.kind).toBe('value');
    if (spread.kind === 'value') expect(Math.abs(spread.g)).toBeLessThan(10);
  });

  it('rejects invalid summaries', () => {
    expect(() => hedgesG({ n: 2.5, mean: 1, sd: 1 }, { n: 3, mean: 1, sd: 1 })).toThrow(RangeError);
    expect(() => hedgesG({ n: 3, mean: 1, sd: -1 }, { n: 3, mean: 1, sd: 1 })).toThrow(RangeError);
  });
});
