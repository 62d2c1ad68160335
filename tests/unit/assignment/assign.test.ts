import { describe, expect, it } from 'vitest';
import { createSeededRandomSource } from '../../../electron/core/random';
import { apportion, interleaveQueues, planAssignment, type AssignableClip } from '../../../electron/core/assignment/assign';

function clips(n: number): AssignableClip[] {
  const strata = ['intervention|T1', 'intervention|T2', 'control|T1', 'control|T2'];
  return Array.from({ length: n }, (_, i) => ({ code: `C${String(i).padStart(4, '0')}`, stratum: strata[i % 4]! }));
}

const coders = ['ann', 'bob', 'cem'];

describe('planAssignment', () => {
  it('gives every clip exactly one primary coder, balanced per stratum and overall', () => {
    const input = clips(120);
    const plan = planAssignment(input, { coders, doubleFraction: 0.2, random: createSeededRandomSource('s1', 'assign') });
    const primary = plan.filter((p) => p.purpose === 'primary');
    expect(primary).toHaveLength(120);
    expect(new Set(primary.map((p) => p.code)).size).toBe(120);
    const stratumOf = new Map(input.map((c) => [c.code, c.stratum]));
    for (const stratum of new Set(input.map((c) => c.stratum))) {
      const counts = coders.map((c) => primary.filter((p) => p.coder === c && stratumOf.get(p.code) === stratum).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  });

  it('double-codes round(fraction × N) clips, stratified, with a different second coder', () => {
    const input = clips(120);
    const plan = planAssignment(input, { coders, doubleFraction: 0.2, random: createSeededRandomSource('s1', 'assign') });
    const reliability = plan.filter((p) => p.purpose === 'reliability');
    expect(reliability).toHaveLength(24);
    const stratumOf = new Map(input.map((c) => [c.code, c.stratum]));
    const perStratum = new Map<string, number>();
    for (const r of reliability) perStratum.set(stratumOf.get(r.code)!, (perStratum.get(stratumOf.get(r.code)!) ?? 0) + 1);
    expect([...perStratum.values()]).toEqual([6, 6, 6, 6]);
    for (const r of reliability) {
      const first = plan.find((p) => p.code === r.code && p.purpose === 'primary')!;
      expect(r.coder).not.toBe(first.coder);
    }
    const perCoder = coders.map((c) => reliability.filter((r) => r.coder === c).length);
    expect(Math.max(...perCoder) - Math.min(...perCoder)).toBeLessThanOrEqual(1);
  });

  it('with two coders, double-checks as many of one coder’s clips as of the other’s', () => {
    for (const seed of ['a', 'b', 'c', 'd']) {
      const plan = planAssignment(clips(8), { coders: ['ann', 'bob'], doubleFraction: 0.25, random: createSeededRandomSource(seed) });
      const reliability = plan.filter((p) => p.purpose === 'reliability');
      expect(reliability.map((r) => r.coder).sort()).toEqual(['ann', 'bob']);
    }
  });

  it('numbers each queue 1..n and interleaves strata (no stratum runs in a block)', () => {
    const input = clips(120);
    const plan = planAssignment(input, { coders, doubleFraction: 0.2, random: createSeededRandomSource('s1', 'assign') });
    const stratumOf = new Map(input.map((c) => [c.code, c.stratum]));
    for (const coder of coders) {
      const queue = plan.filter((p) => p.coder === coder).sort((a, b) => a.position - b.position);
      expect(queue.map((q) => q.position)).toEqual(queue.map((_, i) => i + 1));
      // A block layout would change stratum at most 3 times; a shuffle changes it far more often.
      const changes = queue.slice(1).filter((q, i) => stratumOf.get(q.code) !== stratumOf.get(queue[i]!.code)).length;
      expect(changes).toBeGreaterThan(queue.length / 2);
    }
  });

  it('reproduces the same assignment from the same seed, and a different one from another', () => {
    const input = clips(60);
    const a = planAssignment(input, { coders, doubleFraction: 0.2, random: createSeededRandomSource('seed-A', 'assign') });
    const b = planAssignment([...input].reverse(), { coders, doubleFraction: 0.2, random: createSeededRandomSource('seed-A', 'assign') });
    const c = planAssignment(input, { coders, doubleFraction: 0.2, random: createSeededRandomSource('seed-B', 'assign') });
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('appends later recordings after existing work without touching it', () => {
    const first = clips(40);
    const plan1 = planAssignment(first, { coders, doubleFraction: 0.2, random: createSeededRandomSource('s', 'round 1') });
    const stratumOf = new Map(clips(60).map((c) => [c.code, c.stratum]));
    const existing = plan1.map((p) => ({ ...p, stratum: stratumOf.get(p.code)! }));
    const plan2 = planAssignment(clips(60), { coders, doubleFraction: 0.2, random: createSeededRandomSource('s', 'round 2'), existing });
    const newCodes = new Set(plan2.map((p) => p.code));
    for (const c of first) expect(newCodes.has(c.code)).toBe(false);
    expect(plan2.filter((p) => p.purpose === 'primary')).toHaveLength(20);
    for (const coder of coders) {
      const before = Math.max(0, ...plan1.filter((p) => p.coder === coder).map((p) => p.position));
      const after = plan2.filter((p) => p.coder === coder).map((p) => p.position).sort((x, y) => x - y);
      expect(after).toEqual(after.map((_, i) => before + i + 1));
    }
    // Totals stay balanced across both rounds.
    const totals = coders.map((c) => [...plan1, ...plan2].filter((p) => p.coder === c).length);
    expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(2);
  });

  it('refuses impossible requests clearly', () => {
    const random = createSeededRandomSource('x');
    expect(() => planAssignment(clips(4), { coders: [], doubleFraction: 0, random })).toThrow(/coder/);
    expect(() => planAssignment(clips(4), { coders: ['a'], doubleFraction: 0.2, random })).toThrow(/two coders/);
    expect(() => planAssignment(clips(4), { coders: ['a', 'a'], doubleFraction: 0, random })).toThrow(/twice/);
    expect(() => planAssignment(clips(4), { coders, doubleFraction: 1.5, random })).toThrow(/between 0 and 1/);
  });
});

describe('apportion (largest remainder)', () => {
  it('hands out exactly the total, each stratum the floor or ceiling of its share', () => {
    const sizes = new Map([
      ['a', 7],
      ['b', 5],
      ['c', 3],
    ]);
    const out = apportion(sizes, 3);
    expect([...out.values()].reduce((x, y) => x + y, 0)).toBe(3);
    for (const [k, size] of sizes) {
      const share = (3 * size) / 15;
      expect(out.get(k)).toBeGreaterThanOrEqual(Math.floor(share));
      expect(out.get(k)).toBeLessThanOrEqual(Math.ceil(share));
    }
  });
});

describe('interleaveQueues', () => {
  it('mixes a new wave into work not yet begun, over the same positions, reproducibly', () => {
    // Positions 1–4 begun (not given), 5–20 not yet begun; 20 new clips at 21–40.
    const untouched = Array.from({ length: 16 }, (_, i) => ({ code: `OLD${i}`, coder: 'ann', position: i + 5 }));
    const plan = Array.from({ length: 20 }, (_, i) => ({ code: `NEW${i}`, coder: 'ann', position: i + 21, purpose: 'primary' as const }));
    const a = interleaveQueues(untouched, plan, createSeededRandomSource('mix'));
    const b = interleaveQueues(untouched, plan, createSeededRandomSource('mix'));
    expect([...a]).toEqual([...b]);
    expect([...a.values()].sort((x, y) => x - y)).toEqual(Array.from({ length: 36 }, (_, i) => i + 5));
    // The new wave does not sit as a block at the end: old clips land after new ones.
    const newest = Math.min(...plan.map((p) => a.get(`ann\u0000${p.code}`)!));
    const oldLast = Math.max(...untouched.map((u) => a.get(`ann\u0000${u.code}`)!));
    expect(oldLast).toBeGreaterThan(newest);
  });
});
