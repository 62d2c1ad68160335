import { describe, expect, it } from 'vitest';
import { createSeededRandomSource } from '../../../electron/core/random';
import type { SessionRecording } from '../../../electron/core/fidelity/sampling';
import { describeSamplingRule, sampleSessions, stratumTarget } from '../../../electron/core/fidelity/sampling';
import { CoreError } from '../../../electron/common/result';

/** `count` sessions of one clinician, numbered 1..8 in rotation, ids `${clinician}-${i}`. */
function sessionsOf(clinician: string, count: number, from = 0): SessionRecording[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return { id: `${clinician}-${String(i).padStart(3, '0')}`, clinician, sessionNumber: (i % 8) + 1 };
  });
}

const CASELOAD = [...sessionsOf('ana', 1), ...sessionsOf('ben', 3), ...sessionsOf('cleo', 12), ...sessionsOf('dev', 25)];

function ids(sessions: readonly SessionRecording[]): string[] {
  return sessions.map((s) => s.id);
}

function expectBadInput(run: () => unknown): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe('bad_input');
    return;
  }
  throw new Error('expected a CoreError');
}

describe('stratumTarget (ceil(fraction × n), at least 1, at most n)', () => {
  it.each([
    [0, 0.1, 0],
    [1, 0.1, 1],
    [9, 0.1, 1],
    [10, 0.1, 1],
    [11, 0.1, 2],
    [20, 0.1, 2],
    [21, 0.1, 3],
    [100, 0.07, 7], // 0.07 × 100 is 7.000000000000001 in floating point
    [3, 0.5, 2],
    [5, 1, 5],
    [30, 0.1, 3],
  ])('n = %i at %f → %i', (n, fraction, target) => {
    expect(stratumTarget(n, fraction)).toBe(target);
  });
});

describe('describeSamplingRule', () => {
  it('states the rule in words the report can show', () => {
    const byClinician = describeSamplingRule(0.1);
    expect(byClinician).toContain('Per clinician: ceil(10% × n), at least 1 and at most n');
    expect(byClinician).toContain('shortfall');
    expect(describeSamplingRule(0.125, true)).toContain('Per clinician and session number: ceil(12.5% × n)');
  });
});

describe('sampleSessions', () => {
  it('represents every clinician with sessions, at the stated rate', () => {
    const sample = sampleSessions(CASELOAD, createSeededRandomSource('audit'));
    expect(sample.strata.map((s) => [s.clinician, s.sessions, s.target, s.newlyPicked])).toEqual([
      ['ana', 1, 1, 1],
      ['ben', 3, 1, 1],
      ['cleo', 12, 2, 2],
      ['dev', 25, 3, 3],
    ]);
    expect(sample.picked).toHaveLength(7);
    expect(new Set(sample.picked.map((s) => s.clinician))).toEqual(new Set(['ana', 'ben', 'cleo', 'dev']));
    for (const pick of sample.picked) expect(CASELOAD).toContainEqual(pick);
    expect(sample.rule).toBe(describeSamplingRule(0.1));
    expect(sample.stratifiedBy).toBe('clinician');
    expect(sample.fraction).toBe(0.1);
  });

  it('gives the same sample for the same seed and input, whatever the input order', () => {
    const first = sampleSessions(CASELOAD, createSeededRandomSource('audit'));
    const again = sampleSessions(CASELOAD, createSeededRandomSource('audit'));
    const reversed = sampleSessions(CASELOAD.slice().reverse(), createSeededRandomSource('audit'));
    expect(again).toEqual(first);
    expect(reversed).toEqual(first);
  });

  it('gives a different sample for a different seed', () => {
    const many = sessionsOf('eve', 200);
    const a = ids(sampleSessions(many, createSeededRandomSource('seed-a')).picked);
    const b = ids(sampleSessions(many, createSeededRandomSource('seed-b')).picked);
    expect(a).toHaveLength(20);
    expect(b).not.toEqual(a);
  });

  it('picks uniformly within a stratum across seeds (χ², 10 sessions, 1 pick)', () => {
    const stratum = sessionsOf('fay', 10);
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 3000; seed++) {
      const [pick] = sampleSessions(stratum, createSeededRandomSource(`seed-${seed}`)).picked;
      if (!pick) throw new Error('expected a pick');
      counts.set(pick.id, (counts.get(pick.id) ?? 0) + 1);
    }
    expect(counts.size).toBe(10);
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - 300) ** 2 / 300, 0);
    expect(chi2).toBeLessThan(27.88); // χ²(9) upper 0.1% point
  });

  it('stratifies by clinician and session number on request', () => {
    const sessions = [...sessionsOf('gus', 16), ...sessionsOf('hal', 3)];
    const sample = sampleSessions(sessions, createSeededRandomSource('by-number'), { stratifyBySessionNumber: true });
    expect(sample.stratifiedBy).toBe('clinician and session number');
    // gus has 2 sessions at each of numbers 1–8; hal has one each at 1–3.
    expect(sample.strata.map((s) => `${s.clinician}#${s.sessionNumber}:${s.sessions}`)).toEqual([
      ...Array.from({ length: 8 }, (_, i) => `gus#${i + 1}:2`),
      'hal#1:1',
      'hal#2:1',
      'hal#3:1',
    ]);
    expect(sample.strata.every((s) => s.newlyPicked === 1)).toBe(true);
    for (const stratum of sample.strata) {
      const picksHere = sample.picked.filter(
        (p) => p.clinician === stratum.clinician && p.sessionNumber === stratum.sessionNumber,
      );
      expect(picksHere).toHaveLength(1);
    }
  });

  it('takes everything at fraction 1 and nothing from no sessions', () => {
    expect(sampleSessions(CASELOAD, createSeededRandomSource('all'), { fraction: 1 }).picked).toHaveLength(CASELOAD.length);
    const empty = sampleSessions([], createSeededRandomSource('none'));
    expect(empty.picked).toEqual([]);
    expect(empty.strata).toEqual([]);
  });

  it('orders picks by clinician, session number and id', () => {
    const sample = sampleSessions(CASELOAD, createSeededRandomSource('order'), { fraction: 0.5 });
    const sorted = sample.picked
      .slice()
      .sort((a, b) => (a.clinician < b.clinician ? -1 : a.clinician > b.clinician ? 1 : a.sessionNumber - b.sessionNumber || (a.id < b.id ? -1 : 1)));
    expect(sample.picked).toEqual(sorted);
  });

  it('rejects invalid input with bad_input', () => {
    const random = createSeededRandomSource('invalid');
    expectBadInput(() => sampleSessions(CASELOAD, random, { fraction: 0 }));
    expectBadInput(() => sampleSessions(CASELOAD, random, { fraction: 1.5 }));
    expectBadInput(() => sampleSessions(CASELOAD, random, { fraction: Number.NaN }));
    expectBadInput(() => sampleSessions([...CASELOAD, CASELOAD[0]!], random));
    expectBadInput(() => sampleSessions([{ id: 'x', clinician: '', sessionNumber: 1 }], random));
    expectBadInput(() =>
      sampleSessions(CASELOAD, random, { previous: { consideredIds: ['ana-000'], pickedIds: ['ben-000'] } }),
    );
  });
});

describe('sampleSessions, incrementally', () => {
  const firstBatch = [...sessionsOf('ivy', 15), ...sessionsOf('jon', 4)];
  const round1 = sampleSessions(firstBatch, createSeededRandomSource('trial', 'round 1'));

  it('keeps earlier picks and draws only the shortfall, from the new sessions', () => {
    const secondBatch = [...firstBatch, ...sessionsOf('ivy', 10, 15), ...sessionsOf('kim', 5)];
    const round2 = sampleSessions(secondBatch, createSeededRandomSource('trial', 'round 2'), { previous: round1.next });

    // Every earlier pick survives.
    for (const id of round1.next.pickedIds) expect(round2.next.pickedIds).toContain(id);
    // ivy: 15 → 25 sessions, target 2 → 3: one new pick, from the 10 new sessions.
    const ivy = round2.strata.find((s) => s.clinician === 'ivy');
    expect(ivy).toMatchObject({ sessions: 25, newSessions: 10, target: 3, previouslyPicked: 2, newlyPicked: 1 });
    // jon: unchanged, nothing drawn. kim: new clinician, drawn at the same rate.
    expect(round2.strata.find((s) => s.clinician === 'jon')).toMatchObject({ target: 1, previouslyPicked: 1, newlyPicked: 0 });
    expect(round2.strata.find((s) => s.clinician === 'kim')).toMatchObject({ target: 1, previouslyPicked: 0, newlyPicked: 1 });

    const considered1 = new Set(round1.next.consideredIds);
    expect(round2.newlyPicked).toHaveLength(2);
    for (const pick of round2.newlyPicked) expect(considered1.has(pick.id)).toBe(false);
    expect(round2.picked).toHaveLength(round1.picked.length + 2);
    expect(round2.next.consideredIds).toHaveLength(secondBatch.length);
  });

  it('draws nothing when no sessions were added', () => {
    const again = sampleSessions(firstBatch, createSeededRandomSource('trial', 'round 2'), { previous: round1.next });
    expect(again.newlyPicked).toEqual([]);
    expect(ids(again.picked)).toEqual(ids(round1.picked));
  });

  it('samples sessions added later at the same rate, uniformly among the new ones', () => {
    // 10 old + 10 new sessions: target 1 → 2, so exactly one new session is drawn each time.
    const old = sessionsOf('lee', 10);
    const fresh = sessionsOf('lee', 10, 10);
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) {
      const first = sampleSessions(old, createSeededRandomSource(`s${seed}`, 'round 1'));
      const second = sampleSessions([...old, ...fresh], createSeededRandomSource(`s${seed}`, 'round 2'), {
        previous: first.next,
      });
      expect(second.newlyPicked).toHaveLength(1);
      const [pick] = second.newlyPicked;
      expect(ids(fresh)).toContain(pick?.id);
      counts.set(pick!.id, (counts.get(pick!.id) ?? 0) + 1);
    }
    const chi2 = [...counts.values()].reduce((s, o) => s + (o - 200) ** 2 / 200, 0);
    expect(counts.size).toBe(10);
    expect(chi2).toBeLessThan(27.88);
  });

  it('reports withdrawn picks and tops up from earlier sessions only when new ones cannot cover it', () => {
    const picked = round1.next.pickedIds.filter((id) => id.startsWith('jon'));
    expect(picked).toHaveLength(1);
    const withoutJonPick = firstBatch.filter((s) => s.id !== picked[0]);
    const round2 = sampleSessions(withoutJonPick, createSeededRandomSource('trial', 'round 2'), { previous: round1.next });
    expect(round2.withdrawnPickIds).toEqual(picked);
    expect(round2.strata.find((s) => s.clinician === 'jon')).toMatchObject({
      sessions: 3,
      newSessions: 0,
      target: 1,
      previouslyPicked: 0,
      newlyPicked: 1,
      drawnFromEarlierSessions: 1,
    });
    expect(round2.next.pickedIds).not.toContain(picked[0]);
  });

  it('keeps all earlier picks even if the fraction is lowered', () => {
    const lowered = sampleSessions(firstBatch, createSeededRandomSource('trial', 'round 2'), {
      fraction: 0.05,
      previous: round1.next,
    });
    expect(ids(lowered.picked)).toEqual(ids(round1.picked));
    expect(lowered.newlyPicked).toEqual([]);
  });
});
