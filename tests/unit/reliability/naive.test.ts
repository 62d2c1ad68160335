// Random and edge cases checked against an independent, deliberately naive implementation written
// here: it loops over the raw pairs (O(n²) for chance terms), never builds a confusion matrix or
// marginal totals, and takes weights straight from the rating values.
import { describe, expect, it } from 'vitest';

import type { CategoryMode, KappaResult, ReliabilityReport, Scale, Statistic, WeightScheme } from '../../../electron/core/reliability';
import { fQuantile, reliabilityReport, reportToJson, scaleCategories } from '../../../electron/core/reliability';

type Pair = readonly [number, number];

// ---------------------------------------------------------------------------------------------
// Naive reference implementation
// ---------------------------------------------------------------------------------------------

/** Category positions for weights: the value itself ('scale'), or its rank among observed values. */
function positionOf(pairs: readonly Pair[], mode: CategoryMode): (v: number) => number {
  if (mode === 'scale') return (v) => v;
  const distinct = [...new Set(pairs.flat())].sort((x, y) => x - y);
  return (v) => distinct.indexOf(v) + 1;
}

function naiveWeight(scheme: WeightScheme, pos: (v: number) => number, lo: number, hi: number): (x: number, y: number) => number {
  const range = pos(hi) - pos(lo);
  return (x, y) => {
    if (x === y) return 1;
    if (scheme === 'unweighted' || range === 0) return 0;
    const d = Math.abs(pos(x) - pos(y)) / range;
    return scheme === 'linear' ? 1 - d : 1 - d * d;
  };
}

interface NaiveKappa {
  kappa: number;
  se: number;
  se0: number;
}

function naiveKappa(pairs: readonly Pair[], w: (x: number, y: number) => number): NaiveKappa | null {
  const n = pairs.length;
  if (n === 0) return null;
  let po = 0;
  for (const [a, b] of pairs) po += w(a, b) / n;
  let pe = 0;
  for (const [a] of pairs) for (const [, b] of pairs) pe += w(a, b) / (n * n);
  if (1 - pe < 1e-12) return null;
  const kappa = (po - pe) / (1 - pe);
  // Row and column mean weights, looped over the raw pairs (cached per distinct value).
  const cacheA = new Map<number, number>();
  const cacheB = new Map<number, number>();
  const barA = (x: number): number => {
    if (!cacheA.has(x)) cacheA.set(x, pairs.reduce((s, [, b]) => s + w(x, b), 0) / n);
    return cacheA.get(x)!;
  };
  const barB = (y: number): number => {
    if (!cacheB.has(y)) cacheB.set(y, pairs.reduce((s, [a]) => s + w(a, y), 0) / n);
    return cacheB.get(y)!;
  };
  let sum = 0;
  for (const [a, b] of pairs) sum += (w(a, b) - (barA(a) + barB(b)) * (1 - kappa)) ** 2 / n;
  let sum0 = 0;
  for (const [a] of pairs) for (const [, b] of pairs) sum0 += (w(a, b) - barA(a) - barB(b)) ** 2 / (n * n);
  const denom = n * (1 - pe) ** 2;
  return {
    kappa,
    se: Math.sqrt(Math.max(0, (sum - (kappa - pe * (1 - kappa)) ** 2) / denom)),
    se0: Math.sqrt(Math.max(0, (sum0 - pe * pe) / denom)),
  };
}

function naiveWithin(pairs: readonly Pair[], tolerance: number): number {
  return pairs.filter(([a, b]) => Math.abs(a - b) <= tolerance + 1e-9).length / pairs.length;
}

function naiveGwet(pairs: readonly Pair[], categories: readonly number[], w: (x: number, y: number) => number): number | null {
  const n = pairs.length;
  const q = categories.length;
  if (n === 0 || q < 2) return null;
  let pa = 0;
  for (const [a, b] of pairs) pa += w(a, b) / n;
  let tw = 0;
  for (const x of categories) for (const y of categories) tw += w(x, y);
  let spread = 0;
  for (const c of categories) {
    const pi = pairs.reduce((s, [a, b]) => s + (a === c ? 1 : 0) + (b === c ? 1 : 0), 0) / (2 * n);
    spread += pi * (1 - pi);
  }
  const pe = (tw / (q * (q - 1))) * spread;
  return 1 - pe < 1e-12 ? null : (pa - pe) / (1 - pe);
}

/** Two coders, no missing values: α = 1 − (N − 1) Σ_u 2δ²(a_u, b_u) / Σ_{v,v'} δ²(v, v'), N = 2n. */
function naiveAlpha(pairs: readonly Pair[], metric: 'ordinal' | 'interval'): number | null {
  const all = pairs.flat();
  const N = all.length;
  const memo = new Map<string, number>();
  const delta = (c: number, k: number): number => {
    if (metric === 'interval') return (c - k) ** 2;
    if (c === k) return 0;
    const key = `${c}|${k}`;
    const hit = memo.get(key);
    if (hit !== undefined) return hit;
    const lo = Math.min(c, k);
    const hi = Math.max(c, k);
    const between = all.filter((v) => v >= lo && v <= hi).length;
    const nc = all.filter((v) => v === c).length;
    const nk = all.filter((v) => v === k).length;
    const d = (between - (nc + nk) / 2) ** 2;
    memo.set(key, d);
    return d;
  };
  let observed = 0;
  for (const [a, b] of pairs) observed += 2 * delta(a, b);
  let expected = 0;
  for (const v of all) for (const u of all) expected += delta(v, u);
  if (N === 0 || expected <= 1e-12) return null;
  return 1 - ((N - 1) * observed) / expected;
}

interface NaiveIcc {
  icc21: number | null;
  icc31: number | null;
  ci21: [number, number] | null;
  ci31: [number, number] | null;
}

/** Textbook two-way ANOVA on the n × 2 layout, Shrout & Fleiss ICCs, McGraw & Wong intervals. */
function naiveIcc(pairs: readonly Pair[]): NaiveIcc {
  const none: NaiveIcc = { icc21: null, icc31: null, ci21: null, ci31: null };
  const n = pairs.length;
  const k = 2;
  if (n < 2) return none;
  const grand = pairs.reduce((s, [a, b]) => s + a + b, 0) / (n * k);
  const meanA = pairs.reduce((s, [a]) => s + a, 0) / n;
  const meanB = pairs.reduce((s, [, b]) => s + b, 0) / n;
  const sst = pairs.reduce((s, [a, b]) => s + (a - grand) ** 2 + (b - grand) ** 2, 0);
  const ssr = pairs.reduce((s, [a, b]) => s + k * ((a + b) / 2 - grand) ** 2, 0);
  const ssc = n * ((meanA - grand) ** 2 + (meanB - grand) ** 2);
  const sse = Math.max(0, sst - ssr - ssc);
  if (sst < 1e-9) return none;
  const bms = ssr / (n - 1);
  const jms = ssc / (k - 1);
  const ems = sse / ((n - 1) * (k - 1));
  const d21 = bms + (k - 1) * ems + (k * (jms - ems)) / n;
  const d31 = bms + (k - 1) * ems;
  const icc21 = d21 > 1e-9 ? (bms - ems) / d21 : null;
  const icc31 = d31 > 1e-9 ? (bms - ems) / d31 : null;
  let ci31: [number, number] | null = null;
  let ci21: [number, number] | null = null;
  if (ems > 1e-9 && icc31 !== null) {
    const f0 = bms / ems;
    const fl = f0 / fQuantile(0.975, n - 1, n - 1);
    const fu = f0 * fQuantile(0.975, n - 1, n - 1);
    ci31 = [(fl - 1) / (fl + 1), (fu - 1) / (fu + 1)];
  }
  if (ems > 1e-9 && icc21 !== null) {
    const r = icc21;
    const a = (k * r) / (n * (1 - r));
    const b = 1 + (k * r * (n - 1)) / (n * (1 - r));
    const v = (a * jms + b * ems) ** 2 / ((a * jms) ** 2 / (k - 1) + (b * ems) ** 2 / ((n - 1) * (k - 1)));
    const fs = fQuantile(0.975, n - 1, v);
    const fl = fQuantile(0.975, v, n - 1);
    const c = k * jms + (k * n - k - n) * ems;
    ci21 = [(n * (bms - fs * ems)) / (fs * c + n * bms), (n * (fl * bms - ems)) / (c + n * fl * bms)];
  }
  return { icc21, icc31, ci21, ci31 };
}

// ---------------------------------------------------------------------------------------------
// Cases
// ---------------------------------------------------------------------------------------------

/** mulberry32: a tiny seeded generator so every case is reproducible. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EAS: Scale = { min: 1, max: 7, step: 0.5 };

function randomPairs(scale: Scale, n: number, seed: number, opts: { allowed?: number[]; noise?: number } = {}): Pair[] {
  const rand = seeded(seed);
  const cats = opts.allowed ?? scaleCategories(scale);
  const pick = (): number => cats[Math.floor(rand() * cats.length)]!;
  return Array.from({ length: n }, () => {
    const a = pick();
    if (opts.noise === undefined) return [a, pick()] as const;
    // b near a: move a few positions within the allowed set.
    const i = cats.indexOf(a) + Math.round((rand() * 2 - 1) * opts.noise);
    return [a, cats[Math.max(0, Math.min(cats.length - 1, i))]!] as const;
  });
}

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
