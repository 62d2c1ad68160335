// An independent, deliberately naive reference for the reliability statistics, used by the tests:
// it loops over the raw pairs (O(n²) for chance terms), never builds a confusion matrix or
// marginal totals, and takes weights straight from the rating values. Only the F quantile is
// shared with the module (it is checked against closed forms in scale.test.ts).
import type { CategoryMode, Scale, WeightScheme } from '../../../electron/core/reliability';
import { fQuantile, scaleCategories } from '../../../electron/core/reliability';

export type Pair = readonly [number, number];

/** Category positions for weights: the value itself ('scale'), or its rank among observed values. */
export function positionOf(pairs: readonly Pair[], mode: CategoryMode): (v: number) => number {
  if (mode === 'scale') return (v) => v;
  const distinct = [...new Set(pairs.flat())].sort((x, y) => x - y);
  return (v) => distinct.indexOf(v) + 1;
}

export function naiveWeight(scheme: WeightScheme, pos: (v: number) => number, lo: number, hi: number): (x: number, y: number) => number {
  const range = pos(hi) - pos(lo);
  return (x, y) => {
    if (x === y) return 1;
    if (scheme === 'unweighted' || range === 0) return 0;
    const d = Math.abs(pos(x) - pos(y)) / range;
    return scheme === 'linear' ? 1 - d : 1 - d * d;
  };
}

export interface NaiveKappa {
  kappa: number;
  se: number;
  se0: number;
}

export function naiveKappa(pairs: readonly Pair[], w: (x: number, y: number) => number): NaiveKappa | null {
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

export function naiveWithin(pairs: readonly Pair[], tolerance: number): number {
  return pairs.filter(([a, b]) => Math.abs(a - b) <= tolerance + 1e-9).length / pairs.length;
}

export function naiveGwet(pairs: readonly Pair[], categories: readonly number[], w: (x: number, y: number) => number): number | null {
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
export function naiveAlpha(pairs: readonly Pair[], metric: 'ordinal' | 'interval'): number | null {
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

export interface NaiveIcc {
  icc21: number | null;
  icc31: number | null;
  ci21: [number, number] | null;
  ci31: [number, number] | null;
}

/** Textbook two-way ANOVA on the n × 2 layout, Shrout & Fleiss ICCs, McGraw & Wong intervals. */
export function naiveIcc(pairs: readonly Pair[]): NaiveIcc {
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

// Seeded data

/** mulberry32: a tiny seeded generator so every case is reproducible. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const EAS: Scale = { min: 1, max: 7, step: 0.5 };

export function randomPairs(scale: Scale, n: number, seed: number, opts: { allowed?: number[]; noise?: number } = {}): Pair[] {
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
