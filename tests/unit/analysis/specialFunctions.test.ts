import { describe, expect, it } from 'vitest';
import {
  inverseRegularizedIncompleteBeta,
  lnGamma,
  normalCdf,
  normalQuantile,
  regularizedIncompleteBeta,
  twoSidedZ,
} from '../../../electron/core/analysis/stats';
import { binomialUpperTail, logFactorial } from './binomialReference';

describe('lnGamma', () => {
  it('matches log factorials summed term by term', () => {
    for (const n of [1, 2, 3, 5, 10, 20, 50, 100, 170]) {
      expect(lnGamma(n + 1)).toBeCloseTo(logFactorial(n), 10);
    }
  });

  it('matches Γ(1/2) = √π and Γ(3/2) = √π / 2', () => {
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(lnGamma(1.5)).toBeCloseTo(0.5 * Math.log(Math.PI) - Math.log(2), 13);
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // Γ(0.1) = 9.513507698668732
  });

  it('rejects non-positive arguments', () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
    expect(() => lnGamma(-1)).toThrow(RangeError);
  });
});

describe('regularizedIncompleteBeta', () => {
  it('matches closed forms for unit parameters', () => {
    for (const x of [0.001, 0.1, 0.37, 0.5, 0.9, 0.999]) {
      expect(regularizedIncompleteBeta(x, 1, 1)).toBeCloseTo(x, 14);
      expect(regularizedIncompleteBeta(x, 3, 1)).toBeCloseTo(x ** 3, 14);
      expect(regularizedIncompleteBeta(x, 1, 4)).toBeCloseTo(1 - (1 - x) ** 4, 14);
    }
  });

  it('satisfies I_x(a, b) = 1 − I_{1−x}(b, a)', () => {
    for (const [x, a, b] of [
      [0.3, 2.5, 7],
      [0.8, 12, 3],
      [0.05, 0.5, 0.5],
    ] as const) {
      expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(1 - regularizedIncompleteBeta(1 - x, b, a), 14);
    }
  });

  it('equals the binomial upper tail P(X ≥ k) = I_p(k, n − k + 1), summed independently', () => {
    for (const n of [1, 5, 20, 60, 200]) {
      for (const k of [1, Math.ceil(n / 3), n]) {
        for (const p of [0.01, 0.2, 0.5, 0.77, 0.99]) {
          expect(regularizedIncompleteBeta(p, k, n - k + 1)).toBeCloseTo(binomialUpperTail(k, n, p), 12);
        }
      }
    }
  });

  it('returns the end points exactly', () => {
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('rejects arguments outside the domain', () => {
    expect(() => regularizedIncompleteBeta(-0.1, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
    expect(() => inverseRegularizedIncompleteBeta(1.5, 1, 1)).toThrow(RangeError);
  });
});

describe('inverseRegularizedIncompleteBeta', () => {
  it('inverts the CDF across shapes and tails', () => {
    for (const [a, b] of [
      [1, 1],
      [0.5, 0.5],
      [19, 2],
      [2, 19],
      [150, 400],
    ] as const) {
      for (const p of [1e-6, 0.025, 0.5, 0.975, 1 - 1e-6]) {
        const x = inverseRegularizedIncompleteBeta(p, a, b);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThanOrEqual(1);
        // Near 1 the spacing of doubles limits how well x can be represented (for Beta(½, ½) at
        // p = 1 − 1e-6, 1 − x ≈ 2.5e-12 carries only ~4 significant digits), hence 1e-10.
        expect(regularizedIncompleteBeta(x, a, b)).toBeCloseTo(p, 10);
      }
    }
  });

  it('has the closed form quantile x = p^(1/a) when b = 1', () => {
    expect(inverseRegularizedIncompleteBeta(0.025, 20, 1)).toBeCloseTo(0.025 ** (1 / 20), 13);
  });
});

describe('normal distribution', () => {
  it('matches tabulated CDF values', () => {
    expect(normalCdf(0)).toBe(0.5);
    expect(normalCdf(1)).toBeCloseTo(0.8413447460685429, 14);
    expect(normalCdf(-1.959963984540054)).toBeCloseTo(0.025, 14);
    expect(normalCdf(-3) / 0.0013498980316301).toBeCloseTo(1, 12);
    expect(normalCdf(-10) / 7.61985302416047e-24).toBeCloseTo(1, 10);
  });

  it('matches tabulated quantiles', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963984540054, 12);
    expect(normalQuantile(0.995)).toBeCloseTo(2.5758293035489, 12);
    expect(normalQuantile(0.05)).toBeCloseTo(-1.6448536269514722, 12);
    expect(normalQuantile(0.5)).toBe(0);
    expect(twoSidedZ(0.95)).toBeCloseTo(1.959963984540054, 12);
    expect(twoSidedZ(0.9)).toBeCloseTo(1.6448536269514722, 12);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(0)).toThrow(RangeError);
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});
