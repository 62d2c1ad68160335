import { describe, expect, it } from 'vitest';

import {
  buildConfusionMatrix,
  checkScale,
  cutoffKappa,
  fQuantile,
  lnGamma,
  parseScale,
  regularizedBeta,
  scaleCategories,
  scaleIndexOf,
  scalePointCount,
} from '../../../electron/core/reliability';

describe('scale category sets in integer steps', () => {
  it('1–7 in half points has 13 points, exactly', () => {
    const values = scaleCategories({ min: 1, max: 7, step: 0.5 });
    expect(values).toHaveLength(13);
    expect(values).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
  });

  it('0–1 in tenths does not drift (0.1 + 0.2 ≠ 0.3 in binary)', () => {
    const values = scaleCategories({ min: 0, max: 1, step: 0.1 });
    expect(values).toHaveLength(11);
    expect(values[3]).toBe(0.3);
    expect(values[7]).toBe(0.7);
    expect(scaleIndexOf({ min: 0, max: 1, step: 0.1 }, 0.1 + 0.2)).toBe(3);
  });

  it('finds step indices and rejects values off or between points', () => {
    const eas = { min: 1, max: 7, step: 0.5 };
    expect(scaleIndexOf(eas, 1)).toBe(0);
    expect(scaleIndexOf(eas, 5.5)).toBe(9);
    expect(scaleIndexOf(eas, 7)).toBe(12);
    expect(scaleIndexOf(eas, 0.5)).toBeNull();
    expect(scaleIndexOf(eas, 7.5)).toBeNull();
    expect(scaleIndexOf(eas, 5.25)).toBeNull();
    expect(scaleIndexOf(eas, Number.NaN)).toBeNull();
    expect(scaleIndexOf(eas, Number.POSITIVE_INFINITY)).toBeNull();
  });

  it('checks and parses scales', () => {
    expect(checkScale({ min: 1, max: 7, step: 0.5 }).ok).toBe(true);
    expect(checkScale({ min: 1, max: 7, step: 0.35 }).ok).toBe(false);
    expect(checkScale({ min: 1, max: 7, step: 0.4 }).ok).toBe(true); // 15 steps exactly
    expect(checkScale({ min: 7, max: 1, step: 1 }).ok).toBe(false);
    expect(checkScale({ min: 1, max: 7, step: 0 }).ok).toBe(false);
    expect(checkScale({ min: 0, max: 1e300, step: 1e299 }).ok).toBe(false);
    expect(checkScale({ min: 0, max: 1e6, step: 1 }).ok).toBe(false); // too many points
    expect(scalePointCount({ min: 3, max: 3, step: 1 })).toBe(1);
    expect(parseScale('1:7:0.5')).toEqual({ ok: true, value: { min: 1, max: 7, step: 0.5 } });
    expect(parseScale('-3:3:.5')).toEqual({ ok: true, value: { min: -3, max: 3, step: 0.5 } });
    expect(parseScale('1-7-0.5').ok).toBe(false);
    expect(parseScale('1:seven:1').ok).toBe(false);
  });

  it("keeps an unused interior point in the 'scale' table and drops it in 'observed'", () => {
    const pairs = [
      [1, 1],
      [2, 3],
      [3, 3],
    ] as const;
    const scale = { min: 1, max: 4, step: 0.5 };
    const full = buildConfusionMatrix(pairs, scale);
    const observed = buildConfusionMatrix(pairs, scale, { categories: 'observed' });
    if (!full.ok || !observed.ok) throw new Error('should build');
    expect(full.value.k).toBe(7);
    expect(observed.value.k).toBe(3);
    expect(observed.value.values).toEqual([1, 2, 3]);
    expect(observed.value.positions).toEqual([1, 2, 3]);
    expect(Array.from(observed.value.counts)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1]);
  });

  it('cut-off kappa dichotomises at ≥ cutoff, and is undefined when all ratings fall on one side', () => {
    const m = buildConfusionMatrix(
      [
        [5.5, 6],
        [5, 5.5],
        [3, 2],
        [7, 7],
      ],
      { min: 1, max: 7, step: 0.5 },
    );
    if (!m.ok) throw new Error('should build');
    const c = cutoffKappa(m.value, 5.5);
    expect(c.table).toEqual([
      [1, 1],
      [0, 2],
    ]);
    expect(cutoffKappa(m.value, 1).kappa).toMatchObject({ defined: false, reason: 'expected_agreement_one' });
  });
});

describe('F quantiles against closed forms', () => {
  it('ln Γ matches factorials and Γ(1/2) = √π', () => {
    expect(lnGamma(10)).toBeCloseTo(Math.log(362880), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });

  it('I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b', () => {
    expect(regularizedBeta(0.3, 2.5, 1)).toBeCloseTo(0.3 ** 2.5, 12);
    expect(regularizedBeta(0.3, 1, 4.5)).toBeCloseTo(1 - 0.7 ** 4.5, 12);
  });

  it('F(2, d2) has quantile (d2/2)((1 − p)^(−2/d2) − 1); F(d1, 2) follows by F(d1,d2)_p = 1 / F(d2,d1)_(1−p)', () => {
    for (const d2 of [1, 3, 7.5, 40]) {
      const exact = (d2 / 2) * ((1 - 0.975) ** (-2 / d2) - 1);
      expect(fQuantile(0.975, 2, d2) / exact).toBeCloseTo(1, 10);
      const lower = (d2 / 2) * ((1 - 0.025) ** (-2 / d2) - 1);
      expect(fQuantile(0.975, d2, 2) * lower).toBeCloseTo(1, 9);
    }
  });

  it('F(1, 1) at 0.975 equals tan²(0.975 · π/2) (the square of a Cauchy quantile)', () => {
    expect(fQuantile(0.975, 1, 1) / Math.tan((0.975 * Math.PI) / 2) ** 2).toBeCloseTo(1, 9);
  });
});
