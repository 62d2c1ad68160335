// Consensus scores: recorded with a reason, versioned, immutable, audit-logged; the originals stay;
// refused after the data lock (by core and by the database); exported beside the originals.
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { allAuditRows } from '../../../db/repositories/audit';
import { ratingHistory } from '../../../db/repositories/ratings';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import {
  CONSENSUS_EXPORT_COLUMNS,
  consensusExportCsv,
  consensusExportRows,
  consensusHistoryOf,
  currentConsensusScores,
  recordConsensus,
  reliabilityForPair,
} from '../../../electron/core/reliability/study';
import { day, reliabilityFixture, type Fixture } from './fixture';

let f: Fixture;
let lead: { id: number; name: string };
let clip: { id: number; code: string };
let annaRating: number;
let benRating: number;

beforeEach(() => {
  f = reliabilityFixture();
  const anna = f.user('anna');
  const ben = f.user('ben');
  lead = { id: f.user('lea', 'reliability'), name: 'lea' };
  clip = f.clip();
  annaRating = f.rate(f.assign(clip.id, anna), { sensitivity: 3, non_intrusiveness: 5 }, { at: day(1) });
  benRating = f.rate(f.assign(clip.id, ben, 'reliability'), { sensitivity: 5.5, non_intrusiveness: 5 }, { at: day(2) });
});
afterEach(() => f.close());

const input = (over: Partial<{ clip: string; dimension: string; score: number; reason: string }> = {}) => ({
  clip: clip.code,
  dimension: 'sensitivity',
  score: 4.5,
  reason: 'Re-watched together: sensitive in play, missed two bids at 03:10',
  ...over,
});

describe('consensus', () => {
  it('records a score with its reason; both originals stay exactly as submitted', () => {
    const before = JSON.stringify([ratingHistory(f.db, 1), ratingHistory(f.db, 2)]);
    const record = recordConsensus(f.db, lead, input());
    expect(record).toMatchObject({ clip: clip.code, dimension: 'sensitivity', version: 1, supersedesId: null, score: 4.5, decidedBy: 'lea' });
    expect([...record.ratings].sort()).toEqual([annaRating, benRating].sort());
    expect(JSON.stringify([ratingHistory(f.db, 1), ratingHistory(f.db, 2)])).toBe(before);
    const audit = allAuditRows(f.db).filter((r) => r.action === 'reliability.consensus');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.actor).toBe('lea');
    expect(audit[0]!.reason).toBe(input().reason);
    expect(JSON.parse(audit[0]!.detail)).toMatchObject({ clip: clip.code, dimension: 'sensitivity', score: 4.5, version: 1 });
    expect(verifyAuditChain(f.db).ok).toBe(true);
  });

  it('keeps every version: a later consensus points to the one it replaces', () => {
    const first = recordConsensus(f.db, lead, input());
    const second = recordConsensus(f.db, lead, input({ score: 5, reason: 'Second viewing with the master coder' }));
    expect(second).toMatchObject({ version: 2, supersedesId: first.id, score: 5 });
    expect(consensusHistoryOf(f.db, clip.code, 'sensitivity').map((c) => [c.version, c.score])).toEqual([
      [1, 4.5],
      [2, 5],
    ]);
    expect(currentConsensusScores(f.db).map((c) => [c.clip, c.dimension, c.score])).toEqual([[clip.code, 'sensitivity', 5]]);
    // The report shows the current consensus beside the disagreement.
    const report = reliabilityForPair(f.db, { a: 'anna', b: { coder: 'ben' }, dimension: 'sensitivity' });
    expect(report.disagreements[0]!.consensus).toMatchObject({ score: 5, version: 2, decidedBy: 'lea' });
  });

  it('cannot be changed or deleted, not even by raw SQL, nor fork its versions', () => {
    const first = recordConsensus(f.db, lead, input());
    expect(() => f.db.prepare('UPDATE consensus SET score = 7 WHERE id = ?').run(first.id)).toThrow(/immutable|locked/);
    expect(() => f.db.prepare('DELETE FROM consensus').run()).toThrow(/immutable|locked/);
    const insert = f.db.prepare(
      `INSERT INTO consensus (clip_id, dimension, version, supersedes_id, score, reason, ratings, decided_by, decided_at)
       VALUES (?, 'sensitivity', ?, ?, 5, 'a reason', '[]', ?, ?)`,
    );
    expect(() => insert.run(clip.id, 3, first.id, lead.id, day(3))).toThrow(/latest consensus/);
    expect(() => insert.run(clip.id, 1, null, lead.id, day(3))).toThrow(/UNIQUE/);
    expect(() =>
      f.db
        .prepare(`INSERT INTO consensus (clip_id, dimension, version, score, reason, ratings, decided_by, decided_at) VALUES (?, 'sensitivity', 1, 5, '  ', '[]', ?, ?)`)
        .run(f.clip().id, lead.id, day(3)),
    ).toThrow(/CHECK/);
  });

  it('refuses a missing reason, a score off the scale, an unknown clip or dimension, and a clip without two ratings', () => {
    expect(() => recordConsensus(f.db, lead, input({ reason: '  ' }))).toThrow(/reason/);
    expect(() => recordConsensus(f.db, lead, input({ score: 4.25 }))).toThrow(/not on the scale/);
    expect(() => recordConsensus(f.db, lead, input({ score: 8 }))).toThrow(/not on the scale/);
    expect(() => recordConsensus(f.db, lead, input({ dimension: 'warmth' }))).toThrow(/not a dimension/);
    expect(() => recordConsensus(f.db, lead, input({ clip: 'ZZZZ-ZZZZ' }))).toThrow(/no outcome clip/);
    const single = f.clip();
    f.rate(f.assign(single.id, f.user('cleo')), { sensitivity: 3, non_intrusiveness: 3 });
    expect(() => recordConsensus(f.db, lead, input({ clip: single.code }))).toThrow(/two submitted ratings/);
    expect(currentConsensusScores(f.db)).toEqual([]);
  });

  it('is for outcome clips only', () => {
    const t = f.clip('training');
    expect(() => recordConsensus(f.db, lead, input({ clip: t.code }))).toThrow(/no outcome clip/);
    expect(() =>
      f.db
        .prepare(`INSERT INTO consensus (clip_id, dimension, version, score, reason, ratings, decided_by, decided_at) VALUES (?, 'sensitivity', 1, 5, 'reason', '[]', ?, ?)`)
        .run(t.id, lead.id, day(3)),
    ).toThrow(/outcome clips only/);
  });

  it('is refused once the study is locked, by core and by the database', () => {
    recordConsensus(f.db, lead, input());
    f.db.prepare("INSERT INTO study_lock (id, locked_at, locked_by, exceptions) VALUES (1, ?, 'manager', '[]')").run(day(10));
    expect(() => recordConsensus(f.db, lead, input({ score: 5 }))).toThrow(/locked/);
    try {
      recordConsensus(f.db, lead, input({ score: 5 }));
    } catch (error) {
      expect((error as { code?: string }).code).toBe('locked');
    }
    expect(() =>
      f.db
        .prepare(
          `INSERT INTO consensus (clip_id, dimension, version, supersedes_id, score, reason, ratings, decided_by, decided_at) VALUES (?, 'sensitivity', 2, 1, 5, 'reason', '[]', ?, ?)`,
        )
        .run(clip.id, lead.id, day(11)),
    ).toThrow(/locked/);
    expect(consensusHistoryOf(f.db, clip.code, 'sensitivity')).toHaveLength(1);
  });

  it('exports originals and consensus side by side', () => {
    recordConsensus(f.db, lead, input());
    const rows = consensusExportRows(f.db, ['sensitivity', 'non_intrusiveness']);
    expect(rows.map((r) => [r.dimension, r.source, r.rater, r.score])).toEqual([
      ['sensitivity', 'rating', 'anna', 3],
      ['sensitivity', 'rating', 'ben', 5.5],
      ['sensitivity', 'consensus', 'lea', 4.5],
      ['non_intrusiveness', 'rating', 'anna', 5],
      ['non_intrusiveness', 'rating', 'ben', 5],
    ]);
    const csv = Papa.parse<Record<string, string>>(consensusExportCsv(rows), { header: true, skipEmptyLines: true });
    expect(csv.meta.fields).toEqual([...CONSENSUS_EXPORT_COLUMNS]);
    expect(csv.data[2]).toMatchObject({ clip: clip.code, source: 'consensus', score: '4.5', version: '1', reason: input().reason });
  });
});
