// Newcombe's hybrid score interval for a risk difference (method 10 of Newcombe 1998) and the
// Wilson score intervals it is built from, against the paper's worked examples and statsmodels.
import { describe, expect, it } from 'vitest';
import { newcombeDifference, proportionDifference, wilsonScore } from '../../../electron/core/analysis/stats';

// Independent figures from statsmodels 0.13.5 (Debian python3-statsmodels), produced by
//   python3 tests/unit/analysis/reference/independent.py
// i.e. confint_proportions_2indep(x1, n1, x2, n2, method="newcomb", compare="diff"), the same with
// method="wald", and proportion_confint(x1, n1, method="wilson"). The eight first rows are the
// examples (a)–(h) of Newcombe (1998), Statistics in Medicine 17:873–890, Table II, whose method 10
// column prints these figures to four decimals: (a) 0.0524 to 0.3339 and (b) 0.1705 to 0.8090 as
// also quoted by the propint R package's tests; (c) 0.0582 to 0.8062, (d) −0.0381 to 0.1926,
// (e) −0.1611 to 0.2775, (f) −0.2775 to 0.2775, (g) 0.6791 to 1.0000, (h) 0.6075 to 1.0000.
const STATSMODELS = [
  { x1: 56, n1: 70, x2: 48, n2: 80, lower: 0.05243147240236498, upper: 0.33387265403690614, wald: [0.057504899149037114, 0.342495100850963], wilson1: [0.6918335550374695, 0.8769526075163705] },
  { x1: 9, n1: 10, x2: 3, n2: 10, lower: 0.1705227239345029, upper: 0.809017973535488, wald: [0.26052427977714854, 0.9394757202228516], wilson1: [0.5958499732047614, 0.982123786904927] },
  { x1: 6, n1: 7, x2: 2, n2: 7, lower: 0.05822792748231209, upper: 0.8062496375242278, wald: [0.14811614026643027, 0.9947410025907125], wilson1: [0.4868721707256809, 0.9743203756552563] },
  { x1: 5, n1: 56, x2: 0, n2: 29, lower: -0.038137147903536936, upper: 0.19256001385511165, wald: [0.014600240442591991, 0.1639711881288366], wilson1: [0.0387421484495869, 0.19256001385511165] },
  { x1: 0, n1: 10, x2: 0, n2: 20, lower: -0.1611251580528194, upper: 0.27753279986288926, wald: [0, 0], wilson1: [0, 0.27753279986288926] },
  { x1: 0, n1: 10, x2: 0, n2: 10, lower: -0.27753279986288926, upper: 0.27753279986288926, wald: [0, 0], wilson1: [0, 0.27753279986288926] },
  { x1: 10, n1: 10, x2: 0, n2: 20, lower: 0.6790860371419145, upper: 1, wald: [1, 1], wilson1: [0.7224672001371106, 1] },
  { x1: 10, n1: 10, x2: 0, n2: 10, lower: 0.6075093504305241, upper: 1, wald: [1, 1], wilson1: [0.7224672001371106, 1] },
  // The n = 5 per arm: Wald −15 to 95 points; hybrid score −16 to 73.
  { x1: 3, n1: 5, x2: 1, n2: 5, lower: -0.16261479448193844, upper: 0.726436164874867, wald: [-0.15436152973987144, 0.9543615297398713], wilson1: [0.2307242812760129, 0.8823792257673522] },
] as const;

const PUBLISHED_TABLE_II: readonly (readonly [number, number, number, number, string, string])[] = [
  [56, 70, 48, 80, '0.0524', '0.3339'],
  [9, 10, 3, 10, '0.1705', '0.8090'],
  [6, 7, 2, 7, '0.0582', '0.8062'],
  [5, 56, 0, 29, '-0.0381', '0.1926'],
  [0, 10, 0, 20, '-0.1611', '0.2775'],
  [0, 10, 0, 10, '-0.2775', '0.2775'],
  [10, 10, 0, 20, '0.6791', '1.0000'],
  [10, 10, 0, 10, '0.6075', '1.0000'],
];

describe('newcombeDifference (hybrid score, Newcombe 1998 method 10)', () => {
  it('prints the worked examples of Newcombe (1998) Table II to four decimals', () => {
    for (const [x1, n1, x2, n2, lo, hi] of PUBLISHED_TABLE_II) {
      const d = newcombeDifference(x1, n1, x2, n2);
      if (d.kind !== 'value') throw new Error(d.message);
      expect([d.ci.lower.toFixed(4).replace('-0.0000', '0.0000'), d.ci.upper.toFixed(4)], `${x1}/${n1} vs ${x2}/${n2}`).toEqual([lo, hi]);
    }
    const a = newcombeDifference(56, 70, 48, 80);
    if (a.kind !== 'value') throw new Error(a.message);
    expect(a.difference).toBeCloseTo(0.2, 14);
    expect(a.method).toBe('newcombe-hybrid-score');
  });

  it('agrees with statsmodels to 1e-12, the Wald interval and the Wilson limits too', () => {
    for (const s of STATSMODELS) {
      const d = newcombeDifference(s.x1, s.n1, s.x2, s.n2);
      const w = proportionDifference(s.x1, s.n1, s.x2, s.n2);
      const one = wilsonScore(s.x1, s.n1);
      if (d.kind !== 'value' || w.kind !== 'value' || one.kind !== 'value') throw new Error('undefined');
      expect(d.ci.lower).toBeCloseTo(s.lower, 12);
      expect(d.ci.upper).toBeCloseTo(s.upper, 12);
      expect(w.ci.lower).toBeCloseTo(Math.max(-1, s.wald[0]), 12);
      expect(w.ci.upper).toBeCloseTo(Math.min(1, s.wald[1]), 12);
      expect(one.ci.lower).toBeCloseTo(s.wilson1[0], 12);
      expect(one.ci.upper).toBeCloseTo(s.wilson1[1], 12);
    }
  });

  it('does not collapse to a point when both proportions are 0 or 1, where Wald does', () => {
    const wald = proportionDifference(0, 10, 0, 10);
    const hybrid = newcombeDifference(0, 10, 0, 10);
    if (wald.kind !== 'value' || hybrid.kind !== 'value') throw new Error('undefined');
    expect(wald.ci.upper - wald.ci.lower).toBe(0);
    expect(hybrid.ci.upper - hybrid.ci.lower).toBeGreaterThan(0.5);
  });

  it('is undefined, with a reason, when an arm has no one', () => {
    expect(newcombeDifference(0, 0, 3, 10)).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
    expect(wilsonScore(0, 0)).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
  });
});
