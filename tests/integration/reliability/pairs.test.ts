// Two raters' pairs from a real study database: latest versions, unscorable and pending clips,
// the date range on the later submission, outcome vs training clips, and the settings.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { allAuditRows } from '../../../db/repositories/audit';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { reliabilityReport } from '../../../electron/core/reliability';
import {
  clipForReview,
  doubleCodedPairs,
  recordGoldScores,
  reliabilityForPair,
  reliabilitySettings,
  setReliabilitySettings,
} from '../../../electron/core/reliability/study';
import { day, reliabilityFixture, type Fixture } from './fixture';

let f: Fixture;
let anna: number;
let ben: number;
const EAS = { min: 1, max: 7, step: 0.5 };

// Twelve double-coded outcome clips: [anna, ben] on sensitivity, submitted on days i and i + 1.
const SCORES: [number, number][] = [
  [5, 5],
  [4.5, 5],
  [3, 3],
  [6, 4],
  [2, 2.5],
  [7, 6.5],
  [5.5, 5.5],
  [4, 4],
  [3.5, 2],
  [6, 6],
  [1.5, 1.5],
  [5, 6],
];

let codes: string[];

beforeEach(() => {
  f = reliabilityFixture();
  anna = f.user('anna');
  ben = f.user('ben');
  codes = SCORES.map(([a, b], i) => {
    const c = f.clip();
    f.rate(f.assign(c.id, anna), { sensitivity: a, non_intrusiveness: 5 }, { at: day(i), notes: { sensitivity: `anna on ${i}` } });
    f.rate(f.assign(c.id, ben, 'reliability'), { sensitivity: b, non_intrusiveness: 5 }, { at: day(i + 1), overallNote: `ben overall ${i}` });
    return c.code;
  });
});
afterEach(() => f.close());

function expectedStatistics(pairs: readonly (readonly [number, number])[]) {
  const r = reliabilityReport(pairs, EAS, { cutoffs: [5.5] });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('pairs from the study', () => {
  it('uses every clip both coders submitted, on the dimension asked, over the full scale', () => {
    const report = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(report.n).toBe(12);
    expect(report.raterA).toBe('anna');
    expect(report.raterB).toBe('ben');
    expect(report.statistics).toEqual(expectedStatistics(SCORES));
    expect(report.exclusions).toEqual({ unscorable: 0, missingScore: 0, pending: 0 });
    expect(report.pairs.map((p) => p.clip)).toEqual(codes);
    expect(report.pairs[3]!.at).toBe(day(4)); // the later of the two submissions
  });

  it("uses each coder's latest version, not the first", () => {
    const c = f.clip();
    const a = f.assign(c.id, anna);
    f.rate(a, { sensitivity: 2, non_intrusiveness: 5 }, { at: day(20) });
    f.rate(a, { sensitivity: 6, non_intrusiveness: 5 }, { at: day(21), amendmentReason: 'misread the scale' });
    f.rate(f.assign(c.id, ben), { sensitivity: 6, non_intrusiveness: 5 }, { at: day(20) });
    const report = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    const pair = report.pairs.find((p) => p.clip === c.code)!;
    expect(pair.a).toMatchObject({ score: 6, version: 2 });
    expect(pair.at).toBe(day(21));
    expect(report.statistics).toEqual(expectedStatistics([...SCORES, [6, 6]]));
  });

  it('leaves out and counts unscorable clips and clips not yet submitted by both', () => {
    const unscorable = f.clip();
    f.rate(f.assign(unscorable.id, anna), { sensitivity: 4, non_intrusiveness: 4 }, { at: day(30) });
    f.rate(f.assign(unscorable.id, ben), {}, { at: day(30), unscorable: { reason: 'video_quality', detail: '' } });
    const halfDone = f.clip();
    f.rate(f.assign(halfDone.id, anna), { sensitivity: 4, non_intrusiveness: 4 });
    f.assign(halfDone.id, ben);
    const notStarted = f.clip();
    f.assign(notStarted.id, anna);
    f.assign(notStarted.id, ben);
    const single = f.clip(); // anna only: not double-coded, counted nowhere
    f.rate(f.assign(single.id, anna), { sensitivity: 4, non_intrusiveness: 4 });
    const report = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(report.n).toBe(12);
    expect(report.exclusions).toEqual({ unscorable: 1, missingScore: 0, pending: 2 });
  });

  it('filters on the later submission, with whole days in UTC', () => {
    // Clip 3 is submitted on days 3 (anna) and 4 (ben): it belongs to day 4.
    const upTo3 = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', to: day(3).slice(0, 10) });
    expect(upTo3.pairs.map((p) => p.clip)).toEqual(codes.slice(0, 3));
    const from4 = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', from: day(4).slice(0, 10) });
    expect(from4.pairs.map((p) => p.clip)).toEqual(codes.slice(3));
    expect(from4.range).toEqual({ from: day(4).slice(0, 10), to: null });
    const instant = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', from: day(4), to: day(4) });
    expect(instant.pairs.map((p) => p.clip)).toEqual([codes[3]]);
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', from: '2026-02-30' })).toThrow(/not a date/);
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', from: '2026-02-05T10:00' })).toThrow(/zone/);
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', from: '2026-03-01', to: '2026-02-01' })).toThrow(
      /before it starts/,
    );
  });

  it('lists disagreements with both coders’ notes, for the lead', () => {
    const report = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(report.disagreements.map((d) => [d.clip, d.difference])).toEqual([
      [codes[3], 2],
      [codes[8], 1.5],
      [codes[11], -1],
    ]);
    expect(report.disagreements[0]!.a.note).toBe('anna on 3');
    expect(report.disagreements[0]!.b.overallNote).toBe('ben overall 3');
  });

  it('keeps outcome and training clips apart', () => {
    const t = f.clip('training');
    f.rate(f.assign(t.id, anna), { sensitivity: 1, non_intrusiveness: 1 });
    f.rate(f.assign(t.id, ben), { sensitivity: 7, non_intrusiveness: 7 });
    expect(reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' }).n).toBe(12);
    const training = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity', clips: 'training' });
    expect(training.n).toBe(1);
    expect(training.clipKind).toBe('training');
  });

  it('refuses the same coder twice, an unknown coder and an unknown dimension', () => {
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ANNA' }, dimension: 'sensitivity' })).toThrow(/two different raters/);
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'nobody' }, dimension: 'sensitivity' })).toThrow(/no user called "nobody"/);
    expect(() => reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'warmth' })).toThrow(/not a dimension/);
  });

  it('compares a coder with the gold standard on training clips', () => {
    const g1 = f.goldClip('EAS-T01');
    const g2 = f.goldClip('EAS-T02');
    const g3 = f.goldClip('EAS-T03');
    recordGoldScores(
      f.db,
      [
        { clip: 'EAS-T01', dimension: 'sensitivity', score: 5 },
        { clip: 'EAS-T02', dimension: 'sensitivity', score: 3 },
        { clip: 'EAS-T03', dimension: 'sensitivity', score: 6.5 },
      ],
      { source: 'EAS trainers' },
      'lea',
    );
    f.rate(f.assign(g1.id, anna), { sensitivity: 5.5, non_intrusiveness: 5 }, { at: day(2) });
    f.rate(f.assign(g2.id, anna), { sensitivity: 3, non_intrusiveness: 5 }, { at: day(3) });
    f.assign(g3.id, anna);
    const report = reliabilityForPair(f.db, { a: 'anna', b: { gold: true }, dimension: 'sensitivity' });
    expect(report.raterB).toBe('gold standard');
    expect(report.clipKind).toBe('training');
    expect(report.pairs.map((p) => [p.a.score, p.b.score, p.at])).toEqual([
      [5.5, 5, day(2)],
      [3, 3, day(3)],
    ]);
    expect(report.exclusions.pending).toBe(1);
    // Gold on a dimension without master scores: no pairs.
    expect(reliabilityForPair(f.db, { a: 'anna', b: { gold: true }, dimension: 'non_intrusiveness' }).n).toBe(0);
  });
});

describe('what the screens pick from', () => {
  it('lists the pairs of coders who share clips, with how many both submitted', () => {
    const cleo = f.user('cleo');
    const c = f.clip();
    f.rate(f.assign(c.id, anna), { sensitivity: 4, non_intrusiveness: 4 });
    f.assign(c.id, cleo);
    expect(doubleCodedPairs(f.db)).toEqual([
      { a: 'anna', b: 'ben', assigned: 12, submitted: 12 },
      { a: 'anna', b: 'cleo', assigned: 1, submitted: 0 },
    ]);
    expect(doubleCodedPairs(f.db, 'training')).toEqual([]);
  });

  it('gives the lead a clip to re-watch by its code and blinded file only', () => {
    expect(clipForReview(f.db, codes[0]!)).toEqual({ code: codes[0], mediaFile: `${codes[0]}.mp4`, durationSeconds: 60, frameRate: 25 });
    expect(() => clipForReview(f.db, 'ZZZZ-ZZZZ')).toThrow(/no clip/);
  });
});

describe('reliability settings', () => {
  it('default to linear kappa >= 0.70 and apply to the report; changes are audit-logged', () => {
    expect(reliabilitySettings(f.db).criterion).toEqual({ weights: 'linear', threshold: 0.7, basis: 'estimate', minPairs: 10 });
    const before = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(before.verdict.criterion.weights).toBe('linear');
    const next = setReliabilitySettings(f.db, { criterion: { weights: 'quadratic', threshold: 0.8 }, driftBatchSize: 5, disagreementSize: 2 }, 'lea');
    expect(next.criterion).toEqual({ weights: 'quadratic', threshold: 0.8, basis: 'estimate', minPairs: 10 });
    expect(next.driftStep).toBe(5); // disjoint batches stay disjoint
    const after = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(after.verdict.criterion.threshold).toBe(0.8);
    expect(after.driftOptions).toEqual({ batchSize: 5, step: 5 });
    expect(after.drift.map((b) => b.n)).toEqual([5, 5, 2]);
    expect(after.disagreements).toHaveLength(1);
    const audit = allAuditRows(f.db).filter((r) => r.action === 'reliability.settings');
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ before: { criterion: { threshold: 0.7 } }, after: { criterion: { threshold: 0.8 } } });
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('refuses invalid settings and leaves the old ones', () => {
    expect(() => setReliabilitySettings(f.db, { criterion: { threshold: 2 } }, 'lea')).toThrow(/Reliability settings/);
    expect(() => setReliabilitySettings(f.db, { driftBatchSize: 5, driftStep: 6 }, 'lea')).toThrow(/step/);
    expect(reliabilitySettings(f.db).criterion.threshold).toBe(0.7);
  });
});
