import { describe, expect, it } from 'vitest';
import type { Computed, Proportion } from '../../../electron/core/analysis/stats';
import { clopperPearson } from '../../../electron/core/analysis/stats';
import { clopperPearsonByTailInversion } from './binomialReference';

function value(result: Computed<Proportion>): Proportion {
  if (result.kind !== 'value') throw new Error(`expected a value, got ${result.reason}`);
  return result;
}

describe('clopperPearson', () => {
  // R: binom.test(19, 20)$conf.int → 0.7512672 0.9987349
  it('gives 95% (75.13%–99.87%) for 19 of 20', () => {
    const r = value(clopperPearson(19, 20));
    expect(r.proportion).toBe(0.95);
    expect(r.ci.lower).toBeCloseTo(0.7512672, 6);
    expect(r.ci.upper).toBeCloseTo(0.9987349, 6);
    expect(r.ci.level).toBe(0.95);
    expect(r.method).toBe('clopper-pearson');
  });

  // R: binom.test(14, 20)$conf.int → 0.4572108 0.8810684
  it('gives 70% (45.72%–88.11%) for 14 of 20', () => {
    const r = value(clopperPearson(14, 20));
    expect(r.proportion).toBe(0.7);
    expect(r.ci.lower).toBeCloseTo(0.4572108, 6);
    expect(r.ci.upper).toBeCloseTo(0.8810684, 6);
  });

  it('agrees with exact binomial tail inversion for every x of n ≤ 30', () => {
    for (let n = 1; n <= 30; n++) {
      for (let x = 0; x <= n; x++) {
        const r = value(clopperPearson(x, n));
        const reference = clopperPearsonByTailInversion(x, n);
        expect(Math.abs(r.ci.lower - reference.lower)).toBeLessThan(1e-10);
        expect(Math.abs(r.ci.upper - reference.upper)).toBeLessThan(1e-10);
      }
    }
  });

  it('agrees with tail inversion at other levels and larger n', () => {
    for (const [x, n, level] of [
      [3, 250, 0.95],
      [120, 400, 0.99],
      [7, 9, 0.9],
    ] as const) {
      const r = value(clopperPearson(x, n, level));
      const reference = clopperPearsonByTailInversion(x, n, level);
      expect(r.ci.lower).toBeCloseTo(reference.lower, 9);
      expect(r.ci.upper).toBeCloseTo(reference.upper, 9);
    }
  });

  it('uses the closed forms at x = 0 and x = n', () => {
    const none = value(clopperPearson(0, 20));
    expect(none.proportion).toBe(0);
    expect(none.ci.lower).toBe(0);
    expect(none.ci.upper).toBeCloseTo(1 - 0.025 ** (1 / 20), 15); // 0.1684335
    expect(none.ci.upper).toBeCloseTo(0.1684335, 6);

    const all = value(clopperPearson(20, 20));
    expect(all.proportion).toBe(1);
    expect(all.ci.lower).toBeCloseTo(0.025 ** (1 / 20), 15); // 0.8315665
    expect(all.ci.upper).toBe(1);

    const single = value(clopperPearson(1, 1));
    expect(single.ci.lower).toBeCloseTo(0.025, 15);
    expect(single.ci.upper).toBe(1);
  });

  it('reports n = 0 as undefined, not NaN', () => {
    const r = clopperPearson(0, 0);
    expect(r.kind).toBe('undefined');
    if (r.kind === 'undefined') {
      expect(r.reason).toBe('no-observations');
      expect(r.message.length).toBeGreaterThan(0);
    }
  });

  it('rejects impossible counts and levels', () => {
    expect(() => clopperPearson(5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(-1, 4)).toThrow(RangeError);
    expect(() => clopperPearson(1.5, 4)).toThrow(RangeError);
    expect(() => clopperPearson(1, 4, 1)).toThrow(RangeError);
    expect(() => clopperPearson(1, 4, 0)).toThrow(RangeError);
  });
});
