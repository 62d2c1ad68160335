// The two-rater report assembled from paired scores: the same numbers as reliabilityReport, plus
// heatmap data, Bland–Altman, disagreements, the verdict and drift — all consistent with each other.
import { describe, expect, it } from 'vitest';

import { reliabilityReport } from '../../../electron/core/reliability';
import { buildPairReport, dimensionCutoffs, type PairReport } from '../../../electron/core/reliability/pairReport';
import { EAS, randomPairs } from './naiveReference';
import { input, paired, SENSITIVITY } from './pairFixtures';

function build(...args: Parameters<typeof input>): PairReport {
  const r = buildPairReport(input(...args));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('the two-rater report', () => {
  // Correlated random pairs plus three planted disagreements of 1.5, 2 and 3 points.
  const pairs = [...randomPairs(EAS, 32, 21, { noise: 2 }), [2, 5] as const, [6, 4] as const, [3, 4.5] as const];
  const report = build(paired(pairs));

  it('holds exactly the statistics of reliabilityReport over the full scale, with the cut-off from the categories', () => {
    expect(dimensionCutoffs(SENSITIVITY)).toEqual([5.5]);
    const reference = reliabilityReport(pairs, EAS, { cutoffs: [5.5] });
    expect(reference.ok && report.statistics).toEqual(reference.ok && reference.value);
    expect(report.n).toBe(35);
    expect(report.statistics.categories.values).toHaveLength(13);
  });

  it('gives the confusion matrix as rows of coder A for a heatmap', () => {
    expect(report.confusion.values).toEqual([1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7]);
    const total = report.confusion.counts.flat().reduce((s, c) => s + c, 0);
    expect(total).toBe(35);
    const [a, b] = pairs[0]!;
    const i = report.confusion.values.indexOf(a);
    const j = report.confusion.values.indexOf(b);
    expect(report.confusion.counts[i]![j]).toBe(pairs.filter(([x, y]) => x === a && y === b).length);
    expect(report.confusion.max).toBe(Math.max(...report.confusion.counts.flat()));
  });

  it('lists disagreements of at least the chosen size, largest first, with both notes', () => {
    const withNotes = build(paired(pairs, { notes: (i) => [`A note ${i}`, `B note ${i}`] }), { disagreementSize: 1.5 });
    const expected = pairs.filter(([a, b]) => Math.abs(a - b) >= 1.5).length;
    expect(expected).toBeGreaterThanOrEqual(3);
    expect(withNotes.disagreements).toHaveLength(expected);
    expect(withNotes.disagreements[0]!.difference).toBe(-3);
    const sizes = withNotes.disagreements.map((d) => Math.abs(d.difference));
    expect([...sizes].sort((x, y) => y - x)).toEqual(sizes);
    const first = withNotes.disagreements[0]!;
    expect(first.difference).toBe(first.a.score - first.b.score);
    expect(first.a.note).toMatch(/^A note/);
    expect(first.b.note).toMatch(/^B note/);
    // Size 0 lists every pair that is not an exact agreement.
    const all = build(paired(pairs), { disagreementSize: 0 });
    expect(all.disagreements).toHaveLength(pairs.filter(([a, b]) => a !== b).length);
  });

  it('orders pairs by the later submission and reports the period', () => {
    const shuffled = [...paired(pairs)].reverse();
    const r = build(shuffled);
    expect(r.pairs.map((p) => p.clip)).toEqual(paired(pairs).map((p) => p.clip));
    expect(r.period).toEqual({ first: '2026-02-01T00:00:00.000Z', last: paired(pairs)[34]!.at });
    expect(r.drift.map((b) => b.n)).toEqual([10, 10, 10, 5]);
  });

  it('judges the criterion kappa', () => {
    const k = report.statistics.kappa.linear;
    expect(report.verdict.kappa).toBe(k.defined ? k.value.kappa : null);
    expect(report.verdict.outcome).toBe(k.defined && k.value.kappa >= 0.7 ? 'pass' : 'fail');
    const perfect = build(paired(pairs.map(([a]) => [a, a] as const)));
    expect(perfect.verdict.outcome).toBe('pass');
    expect(perfect.verdict.kappa).toBe(1);
    expect(perfect.disagreements).toEqual([]);
    expect(perfect.blandAltman.bias).toEqual({ defined: true, value: 0 });
  });

  it('is complete, with reasons, for no pairs at all', () => {
    const empty = build([]);
    expect(empty.n).toBe(0);
    expect(empty.period).toBeNull();
    expect(empty.statistics.kappa.linear).toMatchObject({ defined: false, reason: 'no_items' });
    expect(empty.verdict.outcome).toBe('insufficient');
    expect(empty.drift).toEqual([]);
    expect(empty.blandAltman.bias).toMatchObject({ defined: false });
    expect(JSON.stringify(empty)).not.toMatch(/NaN|Infinity/);
  });

  it('refuses a score off the scale', () => {
    const bad = paired([[7.5, 7]]);
    const r = buildPairReport(input(bad));
    expect(r.ok).toBe(false);
  });
});
