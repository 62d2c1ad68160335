import { describe, expect, it } from 'vitest';
import { proportionDifference, riskRatio } from '../../../electron/core/analysis/stats';

const Z95 = 1.959963984540054;

describe('riskRatio (Katz log method)', () => {
  it('gives RR 1.94 (0.67–5.63) for 9 of 17 vs 3 of 11', () => {
    const r = riskRatio(9, 17, 3, 11);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.ratio).toBeCloseTo(9 / 17 / (3 / 11), 14);
    expect(r.ratio.toFixed(2)).toBe('1.94');
    expect(r.ci.lower.toFixed(2)).toBe('0.67');
    expect(r.ci.upper.toFixed(2)).toBe('5.63');
    const se = Math.sqrt(1 / 9 - 1 / 17 + 1 / 3 - 1 / 11);
    expect(r.logStandardError).toBeCloseTo(se, 14);
    expect(r.ci.lower).toBeCloseTo(r.ratio * Math.exp(-Z95 * se), 12);
    expect(r.ci.upper).toBeCloseTo(r.ratio * Math.exp(Z95 * se), 12);
    expect(r.method).toBe('katz-log');
  });

  it('is exactly 1 with a zero-width interval when everyone in both groups has the event', () => {
    const r = riskRatio(5, 5, 8, 8);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.ratio).toBe(1);
    expect(r.ci.lower).toBe(1);
    expect(r.ci.upper).toBe(1);
  });

  it('reports zero cells as undefined with a reason, never NaN or Infinity', () => {
    for (const [a, n1, c, n2] of [
      [0, 10, 3, 10],
      [3, 10, 0, 10],
      [0, 10, 0, 10],
    ] as const) {
      const r = riskRatio(a, n1, c, n2);
      expect(r.kind).toBe('undefined');
      if (r.kind === 'undefined') expect(r.reason).toBe('zero-cell');
      expect(JSON.stringify(r)).not.toMatch(/NaN|Infinity|null/);
    }
  });

  it('reports an empty group as undefined', () => {
    const r = riskRatio(0, 0, 3, 10);
    expect(r.kind).toBe('undefined');
    if (r.kind === 'undefined') expect(r.reason).toBe('no-observations');
  });

  it('rejects impossible counts', () => {
    expect(() => riskRatio(11, 10, 3, 10)).toThrow(RangeError);
    expect(() => riskRatio(1, 10, -3, 10)).toThrow(RangeError);
  });
});

describe('proportionDifference (Wald)', () => {
  it('matches the formula for 9 of 17 vs 3 of 11', () => {
    const r = proportionDifference(9, 17, 3, 11);
    if (r.kind !== 'value') throw new Error(r.message);
    const p1 = 9 / 17;
    const p2 = 3 / 11;
    const se = Math.sqrt((p1 * (1 - p1)) / 17 + (p2 * (1 - p2)) / 11);
    expect(r.difference).toBeCloseTo(p1 - p2, 14);
    expect(r.standardError).toBeCloseTo(se, 14);
    expect(r.ci.lower).toBeCloseTo(p1 - p2 - Z95 * se, 12);
    expect(r.ci.upper).toBeCloseTo(p1 - p2 + Z95 * se, 12);
    // 0.257 (−0.098 to 0.611), by hand: SE = √(0.014654 + 0.018029) = 0.18078
    expect(r.difference.toFixed(3)).toBe('0.257');
    expect(r.ci.lower.toFixed(3)).toBe('-0.098');
    expect(r.ci.upper.toFixed(3)).toBe('0.611');
  });

  it('truncates limits to [−1, 1]', () => {
    const r = proportionDifference(9, 10, 1, 10);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.difference).toBeCloseTo(0.8, 14);
    expect(r.ci.upper).toBe(1);
    expect(r.ci.lower).toBeCloseTo(0.8 - Z95 * Math.sqrt(0.018), 12);
  });

  it('collapses to a point when both proportions are 0 or 1 (the documented Wald weakness)', () => {
    const r = proportionDifference(10, 10, 0, 10);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.difference).toBe(1);
    expect(r.standardError).toBe(0);
    expect([r.ci.lower, r.ci.upper]).toEqual([1, 1]);
  });

  it('reports an empty group as undefined', () => {
    const r = proportionDifference(3, 10, 0, 0);
    expect(r.kind).toBe('undefined');
    if (r.kind === 'undefined') expect(r.reason).toBe('no-observations');
  });
});
