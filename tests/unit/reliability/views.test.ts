// Every pair report the core can build, however degenerate the data, fits the boundary's declared
// view (electron/common/contract/reliability/): dispatch would refuse anything else. No NaN, no ±∞,
// no undefined: an undefined statistic is `{ defined: false, value: null, reason, message }`, and
// the report survives a JSON round trip (the study server's transport) unchanged.
import { describe, expect, it } from 'vitest';

import { pairReport, type DimensionScale, type PairedScores } from '../../../electron/common/contract';
import { buildPairReport } from '../../../electron/core/reliability/pairReport';
import type { Pair } from './naiveReference';
import { EAS, randomPairs } from './naiveReference';
import { input, SENSITIVITY } from './pairFixtures';

const ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const code = (i: number): string => {
  const digits = Array.from({ length: 8 }, (_, d) => ALPHABET[Math.floor(i / ALPHABET.length ** d) % ALPHABET.length]!).join('');
  return `${digits.slice(0, 4)}-${digits.slice(4)}`;
};

function paired(pairs: readonly Pair[]): PairedScores[] {
  return pairs.map(([a, b], i) => {
    const at = new Date(Date.UTC(2026, 1, 1) + i * 3_600_000).toISOString();
    return {
      clip: code(i),
      a: { score: a, note: '', overallNote: '', markers: [], sourceId: 2 * i + 1, version: 1, submittedAt: at },
      b: { score: b, note: 'n', overallNote: '', markers: [], sourceId: 2 * i + 2, version: 1, submittedAt: at },
      at,
      consensus: i % 3 === 0 ? { score: a, version: 1, reason: 'agreed', decidedBy: 'lead', decidedAt: at } : null,
    };
  });
}

const twoPoint: DimensionScale = { id: 'present', label: 'Present', min: 0, max: 1, step: 1, categories: [{ from: 0, label: 'no' }, { from: 1, label: 'yes' }] };
const onePoint: DimensionScale = { id: 'flat', label: 'Flat', min: 3, max: 3, step: 1, categories: [{ from: 3, label: 'only' }] };
const tenths: DimensionScale = { id: 'tenths', label: 'Tenths', min: 0, max: 1, step: 0.1, categories: [{ from: 0, label: 'low' }, { from: 0.5, label: 'high' }] };

const CASES: readonly { name: string; pairs: Pair[]; dimension?: DimensionScale; drift?: { batchSize: number; step: number } }[] = [
  { name: 'no pairs', pairs: [] },
  { name: 'one pair', pairs: [[4, 5]] },
  { name: 'one pair in agreement', pairs: [[4, 4]] },
  { name: 'two pairs, different', pairs: [[1, 7], [7, 1]] },
  { name: 'every score the same', pairs: Array.from({ length: 12 }, () => [5, 5] as const) },
  { name: 'a coder who never varies', pairs: randomPairs(EAS, 30, 3).map(([, b]) => [4, b] as const) },
  { name: 'perfect agreement', pairs: [[1, 1], [3.5, 3.5], [7, 7], [5.5, 5.5]] },
  { name: 'a constant difference', pairs: [[2, 3], [4, 5], [5, 6], [6, 7]] },
  { name: 'all on one side of the cut-off', pairs: [[1, 2], [2, 3], [3, 1], [4.5, 5]] },
  { name: 'a two-point scale', pairs: [[0, 1], [1, 1], [0, 0]], dimension: twoPoint },
  { name: 'a one-point scale', pairs: [[3, 3], [3, 3]], dimension: onePoint },
  { name: 'a 0.1-step scale', pairs: randomPairs({ min: 0, max: 1, step: 0.1 }, 25, 11), dimension: tenths },
  { name: 'a rolling drift window', pairs: randomPairs(EAS, 23, 5, { noise: 2 }), drift: { batchSize: 5, step: 2 } },
  { name: 'drift batches of two', pairs: [[4, 4], [4, 4], [5, 5]], drift: { batchSize: 2, step: 2 } },
  ...[1, 2, 3, 4, 5, 6].map((seed) => ({ name: `random EAS, seed ${seed}`, pairs: randomPairs(EAS, 5 + seed * 17, seed, { noise: seed % 3 }) })),
];

describe('every pair report fits its declared view', () => {
  for (const c of CASES) {
    it(c.name, () => {
      const built = buildPairReport(input(paired(c.pairs), { dimension: c.dimension ?? SENSITIVITY, ...(c.drift ? { drift: c.drift } : {}), disagreementSize: 0 }));
      if (!built.ok) throw new Error(built.error.message);
      const shaped = pairReport.safeParse(built.value);
      expect(shaped.success, JSON.stringify(shaped.error?.issues.slice(0, 3))).toBe(true);
      expect(JSON.parse(JSON.stringify(built.value))).toEqual(built.value);
    });
  }

  it('a NaN where a number belongs is refused, not sent', () => {
    const built = buildPairReport(input(paired([[4, 5], [5, 5]])));
    if (!built.ok) throw new Error(built.error.message);
    expect(pairReport.safeParse({ ...built.value, disagreementSize: Number.NaN }).success).toBe(false);
    expect(pairReport.safeParse({ ...built.value, confusion: { ...built.value.confusion, max: Infinity } }).success).toBe(false);
  });
});
