// Ratings coded elsewhere: the file is checked whole against the study (rows named in every
// message), and a clean file lands whole, as version-1 ratings through the coding path.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { insertClip } from '../../../db/repositories/clips';
import { insertStudy } from '../../../db/repositories/study';
import { insertUser } from '../../../db/repositories/users';
import { checkRatingsCsv, importRatings, parseCodedTime } from '../../../electron/core/closeout';
import { tempDir } from '../../support/tempStudy';

let db: Db;
let cleanup: () => void;
const at = '2024-01-01T00:00:00.000Z';
const csv = (s: string) => Buffer.from(s, 'utf8');

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'study.sqlite'));
  insertStudy(db, 'Import study', at);
  const ann = insertUser(db, { name: 'ann', role: 'coder', passwordHash: 'scrypt$1$1$1$x$y', createdAt: at });
  insertUser(db, { name: 'bob', role: 'coder', passwordHash: 'scrypt$1$1$1$x$y', createdAt: at });
  ['AAAA-2222', 'BBBB-3333'].forEach((code, i) => {
    const clipId = insertClip(db, { code, kind: 'outcome', mediaFile: `${code}.mp4`, sha256: 'a'.repeat(64), durationSeconds: 10, frameRate: 25, width: 1, height: 1, createdAt: at });
    insertAssignment(db, { clipId, coderId: ann, position: i + 1, purpose: 'primary', createdAt: at });
  });
});
afterEach(() => {
  db.close();
  cleanup();
});

const codes = (problems: readonly { code: string }[]) => problems.map((p) => p.code);
const count = () => (db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number }).n;

describe('checking a ratings file', () => {
  it('names a missing or unknown column', () => {
    const { problems } = checkRatingsCsv(db, csv('clip_code,coder,score,colour\nAAAA-2222,ann,4,red\n'));
    expect(codes(problems)).toEqual(['missing_column', 'unknown_column']);
    expect(problems[1]).toMatchObject({ row: 1, column: 'colour' });
  });

  it('requires every dimension of a rating, one coding time, no empty cells, and real past times', () => {
    const { problems } = checkRatingsCsv(
      db,
      csv(
        [
          'clip_code,coder,dimension,score,submitted_at',
          'AAAA-2222,ann,sensitivity,4,2024-02-01',
          'BBBB-3333,ann,sensitivity,4,2024-02-01',
          'BBBB-3333,ann,non_intrusiveness,5,2024-02-02',
          ',ann,sensitivity,4,',
          'AAAA-2222,bob,sensitivity,4,2099-01-01',
          'AAAA-2222,ann,non_intrusiveness,8,2024-02-30',
        ].join('\n'),
      ),
    );
    expect(problems.map((p) => [p.row, p.code])).toEqual([
      [2, 'missing_dimension'],
      [3, 'conflicting_time'],
      [5, 'empty_value'],
      [6, 'not_assigned'],
      [6, 'bad_time'],
      [7, 'off_scale'],
      [7, 'bad_time'],
    ]);
    expect(problems[0]!.message).toMatch(/ann's rating of clip AAAA-2222 \(row 2\) has no non_intrusiveness score/);
    expect(problems.find((p) => p.row === 6 && p.code === 'bad_time')!.message).toMatch(/in the future/);
    expect(problems.find((p) => p.row === 7 && p.code === 'bad_time')!.message).toMatch(/real calendar date/);
  });

  it('says when the file has no ratings', () => {
    expect(codes(checkRatingsCsv(db, csv('clip_code,coder,dimension,score\n')).problems)).toEqual(['empty_file']);
    expect(codes(checkRatingsCsv(db, csv('')).problems)).toEqual(['empty_file']);
  });
});

describe('importing', () => {
  it('lands whole: version 1, notes per dimension, provenance in the overall note and the audit log', () => {
    const outcome = importRatings(
      db,
      csv(
        [
          'Clip code,Coder,Dimension,Score,Note,Time',
          'AAAA-2222,ANN,sensitivity,5.5,"calm, attentive",2024-02-01 09:30',
          'AAAA-2222,ann,EAS maternal non-intrusiveness,6,,2024-02-01 09:30',
        ].join('\r\n'),
      ),
      'cli:tester',
      'paper.csv',
    );
    expect(outcome).toEqual({ ok: true, value: { ratings: 1, rows: 2 } });
    const row = db.prepare('SELECT version, scores, notes, overall_note FROM ratings').get() as Record<string, string | number>;
    expect(row).toEqual({
      version: 1,
      scores: JSON.stringify({ sensitivity: 5.5, non_intrusiveness: 6 }),
      notes: JSON.stringify({ sensitivity: 'calm, attentive' }),
      overall_note: '[imported by cli:tester; coded 2024-02-01T09:30:00.000Z]',
    });
    const actions = (db.prepare('SELECT action, actor FROM audit_log ORDER BY seq').all() as { action: string; actor: string }[]);
    expect(actions).toEqual([
      { action: 'rating.submit', actor: 'ann' },
      { action: 'ratings.import', actor: 'cli:tester' },
    ]);
  });

  it('writes nothing when any row has a problem', () => {
    const outcome = importRatings(db, csv('clip_code,coder,dimension,score\nAAAA-2222,ann,sensitivity,4\nAAAA-2222,ann,non_intrusiveness,4\nBBBB-3333,ann,sensitivity,9\n'), 'x');
    expect(outcome.ok).toBe(false);
    expect(count()).toBe(0);
  });
});

describe('coding times', () => {
  it('reads ISO 8601 dates and times as UTC unless a zone is given', () => {
    expect(parseCodedTime('2024-03-27')).toEqual({ ok: true, iso: '2024-03-27T00:00:00.000Z' });
    expect(parseCodedTime('2024-03-27 14:05')).toEqual({ ok: true, iso: '2024-03-27T14:05:00.000Z' });
    expect(parseCodedTime('2024-03-27T14:05:00+02:00')).toEqual({ ok: true, iso: '2024-03-27T12:05:00.000Z' });
    expect(parseCodedTime('2024-03-27T14:05:00-0130')).toEqual({ ok: true, iso: '2024-03-27T15:35:00.000Z' });
    expect(parseCodedTime('27/03/2024').ok).toBe(false);
    expect(parseCodedTime('2024-03-27T25:00').ok).toBe(false);
  });
});
