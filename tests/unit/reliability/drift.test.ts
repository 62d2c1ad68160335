// Drift batches: windows, ordering, and each batch's kappa against an independent computation.
import { describe, expect, it } from 'vitest';

import { driftWindows, kappaDrift, type DriftPoint } from '../../../electron/core/reliability/drift';
import { EAS, naiveKappa, naiveWeight, positionOf, randomPairs, type Pair } from './naiveReference';

function points(pairs: readonly Pair[], start = Date.UTC(2026, 0, 1)): DriftPoint[] {
  return pairs.map(([a, b], i) => ({ a, b, at: new Date(start + i * 3_600_000).toISOString(), label: `c${String(i).padStart(3, '0')}` }));
}

describe('drift windows', () => {
  it('cuts disjoint batches and keeps the tail as a partial batch', () => {
    expect(driftWindows(0, 5, 5)).toEqual([]);
    expect(driftWindows(3, 5, 5)).toEqual([{ start: 0, end: 3 }]);
    expect(driftWindows(10, 5, 5)).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 10 },
    ]);
    expect(driftWindows(12, 5, 5)).toEqual([
      { start: 0, end: 5 },
      { start: 5, end: 10 },
      { start: 10, end: 12 },
    ]);
  });

  it('moves a rolling window by its step and ends it on the last clip', () => {
    expect(driftWindows(8, 5, 2)).toEqual([
      { start: 0, end: 5 },
      { start: 2, end: 7 },
      { start: 3, end: 8 },
    ]);
    expect(driftWindows(9, 5, 2)).toEqual([
      { start: 0, end: 5 },
      { start: 2, end: 7 },
      { start: 4, end: 9 },
    ]);
  });
});

describe('kappa drift', () => {
  const pairs = randomPairs(EAS, 47, 11, { noise: 2 });

  it("gives each batch the weighted kappa of its own clips, in time order, over the scale's full categories", () => {
    const shuffled = points(pairs).reverse(); // input order must not matter
    const result = kappaDrift(shuffled, EAS, { batchSize: 10, weights: 'quadratic', threshold: 0.7 });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.map((b) => [b.index, b.first, b.last, b.n, b.partial])).toEqual([
      [1, 1, 10, 10, false],
      [2, 11, 20, 10, false],
      [3, 21, 30, 10, false],
      [4, 31, 40, 10, false],
      [5, 41, 47, 7, true],
    ]);
    for (const b of result.value) {
      const slice = pairs.slice(b.first - 1, b.last);
      const reference = naiveKappa(slice, naiveWeight('quadratic', positionOf(slice, 'scale'), EAS.min, EAS.max));
      expect(b.kappa.defined).toBe(reference !== null);
      if (!b.kappa.defined || reference === null) continue;
      expect(b.kappa.value.kappa).toBeCloseTo(reference.kappa, 12);
      expect(b.kappa.value.se).toBeCloseTo(reference.se, 12);
      expect(b.meetsThreshold).toBe(b.kappa.value.kappa >= 0.7);
      expect(b.from).toBe(points(pairs)[b.first - 1]!.at);
      expect(b.to).toBe(points(pairs)[b.last - 1]!.at);
    }
  });

  it('breaks ties in time by label, so batches are reproducible', () => {
    const same = pairs.slice(0, 6).map(([a, b], i) => ({ a, b, at: '2026-01-01T00:00:00.000Z', label: `z${5 - i}` }));
    const r1 = kappaDrift(same, EAS, { batchSize: 3, weights: 'linear', threshold: 0.7 });
    const r2 = kappaDrift([...same].reverse(), EAS, { batchSize: 3, weights: 'linear', threshold: 0.7 });
    expect(r1).toEqual(r2);
  });

  it('reports an undefined batch kappa with its reason, not NaN', () => {
    const constant = points([
      [4, 4],
      [4, 4],
      [4, 4],
    ]);
    const result = kappaDrift(constant, EAS, { batchSize: 3, weights: 'linear', threshold: 0.7 });
    expect(result.ok && result.value[0]!.kappa).toMatchObject({ defined: false, reason: 'expected_agreement_one' });
    expect(result.ok && result.value[0]!.meetsThreshold).toBeNull();
  });

  it('refuses a batch below 2 or a step outside 1…batch', () => {
    expect(kappaDrift([], EAS, { batchSize: 1, weights: 'linear', threshold: 0.7 }).ok).toBe(false);
    expect(kappaDrift([], EAS, { batchSize: 5, step: 6, weights: 'linear', threshold: 0.7 }).ok).toBe(false);
    expect(kappaDrift([], EAS, { batchSize: 5, step: 0, weights: 'linear', threshold: 0.7 }).ok).toBe(false);
    expect(kappaDrift([], EAS, { batchSize: 5, weights: 'linear', threshold: 0.7 })).toEqual({ ok: true, value: [] });
  });
});
