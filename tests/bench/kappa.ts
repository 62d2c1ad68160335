// Benchmark: weighted kappa with SE and 95% CI for 1,000,000 random pairs on the 13-point EAS scale
// (1–7 in half points): one typed-array pass to build the 13 × 13 matrix, then O(k²) statistics.
// Prints the median over several runs, and its ratio to a baseline in the same process (one plain
// pass summing the same two columns), so the number means something on any machine.
//
//   npx tsx tests/bench/kappa.ts
import { pathToFileURL } from 'node:url';

import type { Scale } from '../../electron/core/reliability';
import { buildConfusionMatrix, reliabilityReport, scaleCategories, weightedKappa } from '../../electron/core/reliability';

const PAIRS = 1_000_000;
const RUNS = 9;
const WARMUP = 2;
const EAS: Scale = { min: 1, max: 7, step: 0.5 };

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

/** Two coders who mostly agree within a point, as in a real reliability set. */
function randomPairs(n: number, seed: number): { a: Float64Array; b: Float64Array } {
  const rand = seeded(seed);
  const points = scaleCategories(EAS);
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const ia = Math.floor(rand() * points.length);
    const ib = Math.min(points.length - 1, Math.max(0, ia + Math.round((rand() * 2 - 1) * 2)));
    a[i] = points[ia]!;
    b[i] = points[ib]!;
  }
  return { a, b };
}

function median(xs: number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  return s[Math.floor(s.length / 2)]!;
}

function time(fn: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) fn();
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    fn();
    out.push(performance.now() - t0);
  }
  return out;
}

export async function benchKappa(): Promise<void> {
  const pairs = randomPairs(PAIRS, 20240601);
  let sink = 0;

  const baseline = time(() => {
    let s = 0;
    for (let i = 0; i < PAIRS; i++) s += pairs.a[i]! + pairs.b[i]!;
    sink += s;
  });

  const weighted = time(() => {
    const m = buildConfusionMatrix(pairs, EAS);
    if (!m.ok) throw new Error(m.error.message);
    const k = weightedKappa(m.value, 'linear');
    if (!k.defined) throw new Error(k.message);
    sink += k.value.kappa + k.value.se + k.value.ci95[0];
  });

  const report = time(() => {
    const r = reliabilityReport(pairs, EAS, { cutoffs: [5.5] });
    if (!r.ok) throw new Error(r.error.message);
    sink += r.value.n;
  });

  const base = median(baseline);
  const line = (label: string, runs: number[]): string => {
    const m = median(runs);
    return `${label.padEnd(58)} median ${m.toFixed(2).padStart(7)} ms   (${(m / base).toFixed(1)}× baseline)`;
  };
  console.log(`kappa bench: ${PAIRS.toLocaleString('en')} pairs, 13-point scale, median of ${RUNS} runs after ${WARMUP} warm-up`);
  console.log(`${'baseline: one pass summing both columns'.padEnd(58)} median ${base.toFixed(2).padStart(7)} ms`);
  console.log(line('matrix + linear weighted kappa + SE + 95% CI', weighted));
  console.log(line('full reliability report (kappas, ICC, alpha, AC, cut-off)', report));
  if (!Number.isFinite(sink)) console.log('(unreachable)');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchKappa();
}
