import { describe, expect, it } from 'vitest';
import type { SessionRecording } from '../../../electron/core/fidelity/sampling';
import type { AdherenceScore, AdherenceSummary } from '../../../electron/core/fidelity/summary';
import { ACCEPTABLE_ADHERENCE_RULE, summarizeAdherence } from '../../../electron/core/fidelity/summary';
import { CoreError } from '../../../electron/common/result';

function session(id: string, clinician: string, sessionNumber: number): SessionRecording {
  return { id, clinician, sessionNumber };
}

function scoresFor(sessions: readonly SessionRecording[], adherence: readonly number[]): AdherenceScore[] {
  return adherence.map((a, i) => ({ sessionId: sessions[i]!.id, adherence: a }));
}

function proportionOf(summary: AdherenceSummary): { p: number; lower: number; upper: number } {
  const r = summary.acceptableProportion;
  if (r.kind !== 'value') throw new Error(r.message);
  return { p: r.proportion, lower: r.ci.lower, upper: r.ci.upper };
}

function expectBadInput(run: () => unknown): void {
  expect(run).toThrow(CoreError);
  try {
    run();
  } catch (error) {
    expect((error as CoreError).code).toBe('bad_input');
  }
}

const twenty = Array.from({ length: 20 }, (_, i) => session(`s${i}`, i < 12 ? 'maya' : 'noor', (i % 4) + 1));

describe('summarizeAdherence', () => {
  it('gives 95% (75.1%–99.9%) acceptable for 19 of 20, with mean and range', () => {
    const adherence = [...Array<number>(19).fill(4), 2];
    const summary = summarizeAdherence(twenty, scoresFor(twenty, adherence));
    expect(summary.rule).toBe(ACCEPTABLE_ADHERENCE_RULE);
    expect(summary.overall).toMatchObject({ sampled: 20, scored: 20, acceptable: 19 });
    const { p, lower, upper } = proportionOf(summary.overall);
    expect(p).toBe(0.95);
    expect(lower).toBeCloseTo(0.7512672, 6);
    expect(upper).toBeCloseTo(0.9987349, 6);
    expect(summary.overall.meanAdherence).toEqual({ kind: 'value', value: (19 * 4 + 2) / 20 });
    expect(summary.overall.adherenceRange).toEqual({ kind: 'value', min: 2, max: 4 });
  });

  it('treats a score of exactly 3 as acceptable', () => {
    const summary = summarizeAdherence(twenty.slice(0, 3), scoresFor(twenty, [3, 2.5, 5]));
    expect(summary.overall.acceptable).toBe(2);
  });

  it('handles all acceptable and none acceptable with the exact limits at the edges', () => {
    const all = proportionOf(summarizeAdherence(twenty, scoresFor(twenty, Array<number>(20).fill(5))).overall);
    expect(all).toMatchObject({ p: 1, upper: 1 });
    expect(all.lower).toBeCloseTo(0.025 ** (1 / 20), 14); // 0.8316
    const none = proportionOf(summarizeAdherence(twenty, scoresFor(twenty, Array<number>(20).fill(1))).overall);
    expect(none).toMatchObject({ p: 0, lower: 0 });
    expect(none.upper).toBeCloseTo(1 - 0.025 ** (1 / 20), 14); // 0.1684
  });

  it('reports an empty sample as undefined statistics, not NaN', () => {
    const summary = summarizeAdherence([], []);
    expect(summary.overall).toMatchObject({ sampled: 0, scored: 0, acceptable: 0 });
    expect(summary.overall.acceptableProportion).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
    expect(summary.overall.meanAdherence).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
    expect(summary.overall.adherenceRange).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
    expect(summary.byClinician).toEqual([]);
    expect(summary.bySessionNumber).toEqual([]);
    expect(JSON.stringify(summary)).not.toMatch(/NaN|Infinity|null/);
  });

  it('counts unscored sampled sessions as sampled but not in the percentage', () => {
    const summary = summarizeAdherence(twenty.slice(0, 5), scoresFor(twenty, [4, 2]));
    expect(summary.overall).toMatchObject({ sampled: 5, scored: 2, acceptable: 1 });
    expect(proportionOf(summary.overall).p).toBe(0.5);
  });

  it('breaks down by clinician and by session number, in order', () => {
    const sampled = [
      session('a', 'zoe', 2),
      session('b', 'amir', 1),
      session('c', 'amir', 2),
      session('d', 'zoe', 10),
      session('e', 'amir', 1),
    ];
    const summary = summarizeAdherence(sampled, [
      { sessionId: 'a', adherence: 5 },
      { sessionId: 'b', adherence: 2 },
      { sessionId: 'c', adherence: 3 },
      { sessionId: 'd', adherence: 1 },
    ]);
    expect(summary.byClinician.map((g) => [g.clinician, g.sampled, g.scored, g.acceptable])).toEqual([
      ['amir', 3, 2, 1],
      ['zoe', 2, 2, 1],
    ]);
    expect(summary.bySessionNumber.map((g) => [g.sessionNumber, g.sampled, g.scored, g.acceptable])).toEqual([
      [1, 2, 1, 0],
      [2, 2, 2, 2],
      [10, 1, 1, 0],
    ]);
    const amir = summary.byClinician[0]!;
    expect(amir.meanAdherence).toEqual({ kind: 'value', value: 2.5 });
    expect(amir.adherenceRange).toEqual({ kind: 'value', min: 2, max: 3 });
    // Session number 1 has one unscored and one scored session.
    const first = summary.bySessionNumber[0]!;
    expect(proportionOf(first)).toMatchObject({ p: 0, lower: 0 });
    expect(proportionOf(first).upper).toBeCloseTo(0.975, 12); // x = 0, n = 1: 1 − 0.025
  });

  it('rejects out-of-scale, duplicate and unsampled scores', () => {
    const sampled = twenty.slice(0, 2);
    expectBadInput(() => summarizeAdherence(sampled, [{ sessionId: 's0', adherence: 0 }]));
    expectBadInput(() => summarizeAdherence(sampled, [{ sessionId: 's0', adherence: 6 }]));
    expectBadInput(() => summarizeAdherence(sampled, [{ sessionId: 's0', adherence: Number.NaN }]));
    expectBadInput(() =>
      summarizeAdherence(sampled, [
        { sessionId: 's0', adherence: 3 },
        { sessionId: 's0', adherence: 4 },
      ]),
    );
    expectBadInput(() => summarizeAdherence(sampled, [{ sessionId: 's9', adherence: 3 }]));
    expectBadInput(() => summarizeAdherence([...sampled, sampled[0]!], []));
  });
});
