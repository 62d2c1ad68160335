// Degenerate data: the values, or the explicit reasons, a reliability lead should see.
import { describe, expect, it } from 'vitest';

import type { CategoryMode, KappaResult, ReliabilityReport, Scale } from '../../../electron/core/reliability';
import { reliabilityReport, scaleCategories } from '../../../electron/core/reliability';
import type { Pair } from './naiveReference';
import { EAS, randomPairs } from './naiveReference';

describe('degenerate cases give the values or reasons a reliability lead would expect', () => {
  const run = (pairs: Pair[], scale: Scale = EAS, categories: CategoryMode = 'scale'): ReliabilityReport => {
    const r = reliabilityReport(pairs, scale, { categories });
    if (!r.ok) throw new Error(r.error.message);
    return r.value;
  };

  it('a coder who never varies gives kappa exactly 0 in every weighting, and z undefined', () => {
    const report = run(randomPairs(EAS, 40, 9).map(([, b]) => [4, b] as const));
    for (const k of [report.kappa.unweighted, report.kappa.linear, report.kappa.quadratic]) {
      if (!k.defined) throw new Error('kappa should be defined');
      expect(k.value.kappa).toBe(0);
      expect(k.value.z.defined).toBe(false);
      if (!k.value.z.defined) expect(k.value.z.reason).toBe('zero_null_variance');
    }
  });

  it('perfect agreement gives kappa 1 with SE 0 and the interval [1, 1]', () => {
    const report = run([[1, 1], [3.5, 3.5], [7, 7], [5.5, 5.5]]);
    const k = report.kappa.quadratic;
    if (!k.defined) throw new Error('kappa should be defined');
    expect(k.value.kappa).toBe(1);
    expect(k.value.se).toBe(0);
    expect(k.value.ci95).toEqual([1, 1]);
    expect(k.value.clipped).toBe(false);
  });

  it('both coders always giving the same single score: kappa, ICC and alpha undefined with reasons', () => {
    const report = run(Array.from({ length: 10 }, () => [5, 5] as const));
    expect(report.kappa.unweighted).toMatchObject({ defined: false, value: null, reason: 'expected_agreement_one' });
    expect(report.kappa.linear).toMatchObject({ defined: false, reason: 'expected_agreement_one' });
    expect(report.icc21).toMatchObject({ defined: false, reason: 'no_variance' });
    expect(report.icc31).toMatchObject({ defined: false, reason: 'no_variance' });
    expect(report.alphaOrdinal).toMatchObject({ defined: false, reason: 'no_expected_disagreement' });
    // Gwet's chance agreement over q = 13 points is 0 here, so AC1 is defined and 1.
    expect(report.ac1).toEqual({ defined: true, value: 1 });
    expect(report.agreement.exact).toEqual({ defined: true, value: 1 });
  });

  it('constant coders that disagree by a constant: ICC(3,1) undefined, ICC(2,1) = 0', () => {
    const report = run(Array.from({ length: 8 }, () => [3, 5] as const));
    expect(report.icc31).toMatchObject({ defined: false, reason: 'no_variance' });
    expect(report.icc21.defined && report.icc21.value.value).toBe(0);
  });

  it('no pairs at all: every statistic undefined, nothing thrown', () => {
    const report = run([]);
    expect(report.n).toBe(0);
    expect(report.kappa.unweighted).toMatchObject({ defined: false, reason: 'no_items' });
    expect(report.agreement.exact).toMatchObject({ defined: false, reason: 'no_items' });
    expect(report.icc21).toMatchObject({ defined: false, reason: 'too_few_items' });
    expect(report.alphaInterval).toMatchObject({ defined: false, reason: 'no_items' });
    expect(report.ac2Linear).toMatchObject({ defined: false, reason: 'no_items' });
  });

  it('one pair: ICCs need two clips', () => {
    const report = run([[3, 5.5]]);
    expect(report.icc21).toMatchObject({ defined: false, reason: 'too_few_items' });
    expect(report.kappa.unweighted).toMatchObject({ defined: true, value: { kappa: 0 } });
  });

  it('a single-point scale: Gwet needs two categories', () => {
    const report = run([[3, 3]], { min: 3, max: 3, step: 1 });
    expect(report.ac1).toMatchObject({ defined: false, reason: 'single_category' });
  });

  it("'scale' and 'observed' differ when an interior point is unused, and agree when none is", () => {
    const gappy = randomPairs(EAS, 80, 3, { allowed: [1, 1.5, 2, 3.5, 4, 5, 5.5, 6, 6.5, 7], noise: 2 });
    const s = run(gappy, EAS, 'scale');
    const o = run(gappy, EAS, 'observed');
    const kappa = (k: KappaResult): number => (k.defined ? k.value.kappa : Number.NaN);
    expect(kappa(s.kappa.unweighted)).toBeCloseTo(kappa(o.kappa.unweighted), 12);
    expect(Math.abs(kappa(s.kappa.linear) - kappa(o.kappa.linear))).toBeGreaterThan(1e-3);
    expect(Math.abs(kappa(s.kappa.quadratic) - kappa(o.kappa.quadratic))).toBeGreaterThan(1e-3);
    expect(s.ac1.value).not.toBeCloseTo(o.ac1.value ?? Number.NaN, 3);
    // Alpha and the ICCs do not depend on the category mode.
    expect(s.alphaOrdinal.value).toBeCloseTo(o.alphaOrdinal.value ?? Number.NaN, 12);
    expect(s.categories.values).toHaveLength(13);
    expect(o.categories.values).toHaveLength(10);

    const full = scaleCategories({ min: 1, max: 4, step: 0.5 }).map((v) => [v, Math.min(4, v + 0.5)] as const);
    const s2 = run(full, { min: 1, max: 4, step: 0.5 }, 'scale');
    const o2 = run(full, { min: 1, max: 4, step: 0.5 }, 'observed');
    expect(kappa(s2.kappa.quadratic)).toBeCloseTo(kappa(o2.kappa.quadratic), 12);
    expect(s2.ac2Linear.value).toBeCloseTo(o2.ac2Linear.value ?? Number.NaN, 12);
  });

  it('tuples and parallel columns give the same report', () => {
    const pairs = randomPairs(EAS, 100, 21, { noise: 2 });
    const columns = { a: Float64Array.from(pairs, (p) => p[0]), b: Float64Array.from(pairs, (p) => p[1]) };
    const fromTuples = reliabilityReport(pairs, EAS);
    const fromColumns = reliabilityReport(columns, EAS);
    expect(fromColumns).toEqual(fromTuples);
  });

  it('an off-scale or between-points value is an error naming the pair, not a statistic', () => {
    const off = reliabilityReport([[1, 1], [7.5, 2]], EAS);
    expect(off.ok).toBe(false);
    if (!off.ok) expect(off.error.message).toContain('pair 1');
    expect(reliabilityReport([[1, 1.25]], EAS).ok).toBe(false);
    expect(reliabilityReport([[Number.NaN, 1]], EAS).ok).toBe(false);
    expect(reliabilityReport({ a: [1, 2], b: [1] }, EAS).ok).toBe(false);
    expect(reliabilityReport([[1, 1]], EAS, { cutoffs: [Number.NaN] }).ok).toBe(false);
  });
});
