// Training and certification: master scores (versioned, corrections need a reason), training
// clips in the trainee's queue without master scores, the verdict against the certification
// criterion, and the decision recorded and audit-logged.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { allAuditRows } from '../../../db/repositories/audit';
import { goldScoreHistory } from '../../../db/repositories/gold';
import { createSeededRandomSource } from '../../../electron/core/random';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { coderQueue } from '../../../electron/core/coding/ratings';
import {
  assignTraining,
  certificationStatus,
  certifyTrainee,
  goldStandard,
  recordGoldScores,
  setReliabilitySettings,
  trainingReport,
} from '../../../electron/core/reliability/study';
import { day, reliabilityFixture, type Fixture } from './fixture';

let f: Fixture;
let tess: number;

// Twelve gold clips: master [sensitivity, non-intrusiveness], and the trainee's scores.
const MASTER: [number, number][] = [
  [5, 6],
  [3, 3.5],
  [6.5, 7],
  [2, 2],
  [4, 5],
  [5.5, 5.5],
  [1.5, 3],
  [7, 6.5],
  [3.5, 4],
  [4.5, 4.5],
  [6, 6],
  [2.5, 2],
];
const TRAINEE: [number, number][] = MASTER.map(([s, n], i) => [s + (i % 4 === 0 ? 0.5 : 0), i % 3 === 0 ? Math.max(1, n - 2.5) : n]);

beforeEach(() => {
  f = reliabilityFixture();
  tess = f.user('tess');
  f.user('lea', 'reliability');
  MASTER.forEach((_, i) => f.goldClip(`EAS-T${String(i + 1).padStart(2, '0')}`));
  recordGoldScores(
    f.db,
    MASTER.flatMap(([s, n], i) => [
      { clip: `EAS-T${String(i + 1).padStart(2, '0')}`, dimension: 'sensitivity', score: s },
      { clip: `EAS-T${String(i + 1).padStart(2, '0')}`, dimension: 'non_intrusiveness', score: n },
    ]),
    { source: 'EAS 4th edition trainers' },
    'lea',
  );
});
afterEach(() => f.close());

function codeTheTraining(): void {
  const gold = goldStandard(f.db);
  const queue = coderQueue(f.db, tess);
  for (const item of queue.items) {
    const g = gold.find((x) => x.code === item.code)!;
    const i = Number(g.label.slice(-2)) - 1;
    const assignment = f.db.prepare('SELECT id FROM assignments WHERE coder_id = ? AND position = ?').get(tess, item.position) as { id: number };
    f.rate(assignment.id, { sensitivity: TRAINEE[i]![0], non_intrusiveness: TRAINEE[i]![1] }, { at: day(i) });
  }
}

describe('master scores', () => {
  it('are recorded per clip and dimension with their source; equal scores are left alone', () => {
    expect(goldStandard(f.db)[0]).toMatchObject({ label: 'EAS-T01', scores: { sensitivity: 5, non_intrusiveness: 6 } });
    const again = recordGoldScores(f.db, [{ clip: 'EAS-T01', dimension: 'sensitivity', score: 5 }], { source: 'EAS 4th edition trainers' }, 'lea');
    expect(again).toEqual({ added: 0, corrected: 0, unchanged: 1 });
  });

  it('are corrected only with a reason, as a new version; the old one stays', () => {
    expect(() => recordGoldScores(f.db, [{ clip: 'EAS-T01', dimension: 'sensitivity', score: 4.5 }], { source: 'trainers' }, 'lea')).toThrow(/needs a reason/);
    const fixed = recordGoldScores(f.db, [{ clip: 'EAS-T01', dimension: 'sensitivity', score: 4.5 }], { source: 'trainers', reason: 'erratum 2024' }, 'lea');
    expect(fixed).toEqual({ added: 0, corrected: 1, unchanged: 0 });
    const clipId = (f.db.prepare("SELECT clip_id FROM gold_clips WHERE label = 'EAS-T01'").get() as { clip_id: number }).clip_id;
    expect(goldScoreHistory(f.db, clipId, 'sensitivity').map((g) => [g.version, g.score, g.reason])).toEqual([
      [1, 5, null],
      [2, 4.5, 'erratum 2024'],
    ]);
    expect(() => f.db.prepare('UPDATE gold_scores SET score = 1').run()).toThrow(/immutable/);
    expect(() => f.db.prepare('DELETE FROM gold_scores').run()).toThrow(/immutable/);
  });

  it('refuse unknown clips, dimensions, off-scale scores and duplicates, all or nothing', () => {
    expect(() =>
      recordGoldScores(
        f.db,
        [
          { clip: 'EAS-T99', dimension: 'sensitivity', score: 5 },
          { clip: 'EAS-T01', dimension: 'warmth', score: 5 },
          { clip: 'EAS-T02', dimension: 'sensitivity', score: 5.25 },
        ],
        { source: 's' },
        'lea',
      ),
    ).toThrow(/EAS-T99.*warmth.*5\.25/);
    expect(() => recordGoldScores(f.db, [{ clip: 'EAS-T01', dimension: 'sensitivity', score: 5 }, { clip: 'EAS-T01', dimension: 'sensitivity', score: 6 }], { source: 's' }, 'lea')).toThrow(
      /two scores/,
    );
    expect(() => f.db.prepare("INSERT INTO gold_clips (clip_id, label, added_by, added_at) VALUES (?, 'x', 't', 't')").run(f.clip('outcome').id)).toThrow(
      /must be a training clip/,
    );
  });
});

describe('training', () => {
  it("puts the gold clips after the trainee's own work, shuffled, once; the queue shows codes only", () => {
    const own = f.clip();
    f.assign(own.id, tess);
    const first = assignTraining(f.db, 'tess', 'lea', { random: createSeededRandomSource('seed', 't') });
    expect(first.assigned).toHaveLength(12);
    const queue = coderQueue(f.db, tess);
    expect(queue.items[0]!.code).toBe(own.code);
    expect(queue.items.slice(1).map((i) => i.code)).toEqual(first.assigned);
    const labelOrder = goldStandard(f.db).map((g) => g.code);
    expect(first.assigned).not.toEqual(labelOrder);
    expect([...first.assigned].sort()).toEqual([...labelOrder].sort());
    // Nothing about master scores or training labels reaches the coder's queue.
    expect(JSON.stringify(queue)).not.toMatch(/EAS-T|trainers|master|gold/);
    const again = assignTraining(f.db, 'tess', 'lea');
    expect(again).toMatchObject({ assigned: [], alreadyAssigned: 12 });
    expect(allAuditRows(f.db).filter((r) => r.action === 'training.assign')).toHaveLength(2);
  });

  it('can give chosen clips by code or label, and only to coders', () => {
    const code = goldStandard(f.db)[1]!.code;
    expect(assignTraining(f.db, 'tess', 'lea', { clips: ['EAS-T01', code] }).assigned).toHaveLength(2);
    expect(() => assignTraining(f.db, 'tess', 'lea', { clips: ['nope'] })).toThrow(/Not gold-standard clips/);
    expect(() => assignTraining(f.db, 'lea', 'lea')).toThrow(/only coders/);
  });
});

describe('certification', () => {
  it('compares the trainee with the master and certifies when every dimension meets the criterion', () => {
    assignTraining(f.db, 'tess', 'lea');
    codeTheTraining();
    const sensitivity = trainingReport(f.db, 'tess', 'sensitivity');
    expect(sensitivity.n).toBe(12);
    expect(sensitivity.raterB).toBe('gold standard');
    expect(sensitivity.blandAltman.bias).toEqual({ defined: true, value: 1.5 / 12 });

    const preview = certifyTrainee(f.db, 'tess', 'lea');
    expect(preview.recorded).toBe(false);
    expect(preview.dimensions.map((d) => [d.dimension, d.n, d.verdict])).toEqual([
      ['sensitivity', 12, 'certified'],
      ['non_intrusiveness', 12, 'not_yet'],
    ]);
    expect(preview.verdict).toBe('not_yet');
    expect(allAuditRows(f.db).some((r) => r.action === 'training.certify')).toBe(false);

    const recorded = certifyTrainee(f.db, 'tess', 'lea', { dimensions: ['sensitivity'], record: true });
    expect(recorded).toMatchObject({ verdict: 'certified', recorded: true, master: 'gold standard' });
    const audit = allAuditRows(f.db).filter((r) => r.action === 'training.certify');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('lea');
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ trainee: 'tess', verdict: 'certified', dimensions: [{ dimension: 'sensitivity', n: 12 }] });
    expect(certificationStatus(f.db, 'tess')).toMatchObject([{ dimension: 'sensitivity', verdict: 'certified', n: 12, threshold: 0.7, weights: 'linear' }]);
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('says "not yet" before enough gold clips are coded, and follows the certification settings', () => {
    assignTraining(f.db, 'tess', 'lea');
    const none = certifyTrainee(f.db, 'tess', 'lea', { record: true });
    expect(none.verdict).toBe('not_yet');
    expect(none.dimensions[0]).toMatchObject({ n: 0, pending: 12, kappa: null });
    codeTheTraining();
    setReliabilitySettings(f.db, { certification: { threshold: 0.99 } }, 'lea');
    expect(certifyTrainee(f.db, 'tess', 'lea', { dimensions: ['sensitivity'] }).verdict).toBe('not_yet');
    setReliabilitySettings(f.db, { certification: { threshold: 0.3, weights: 'quadratic' } }, 'lea');
    const lenient = certifyTrainee(f.db, 'tess', 'lea', { record: true });
    expect(lenient.verdict).toBe('certified');
    expect(lenient.criterion).toMatchObject({ threshold: 0.3, weights: 'quadratic' });
    // The latest decision per dimension wins; earlier decisions stay on record.
    expect(certificationStatus(f.db, 'tess').map((c) => c.verdict)).toEqual(['certified', 'certified']);
    expect(() => f.db.prepare('DELETE FROM certifications').run()).toThrow(/immutable/);
  });

  it('can certify against a designated master coder instead of the gold standard', () => {
    const mara = f.user('mara');
    assignTraining(f.db, 'tess', 'lea');
    codeTheTraining();
    for (const g of goldStandard(f.db)) {
      const i = Number(g.label.slice(-2)) - 1;
      const clipId = (f.db.prepare('SELECT id FROM clips WHERE code = ?').get(g.code) as { id: number }).id;
      f.rate(f.assign(clipId, mara), { sensitivity: TRAINEE[i]![0], non_intrusiveness: TRAINEE[i]![1] }, { at: day(i) });
    }
    const outcome = certifyTrainee(f.db, 'tess', 'lea', { master: { coder: 'mara' } });
    expect(outcome.master).toBe('mara');
    expect(outcome.dimensions.map((d) => d.kappa)).toEqual([1, 1]);
    expect(outcome.verdict).toBe('certified');
  });
});
