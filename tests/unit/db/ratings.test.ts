import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import { insertRating, ratingHistory } from '../../../db/repositories/ratings';
import { seedAssignment } from '../../support/seed';
import { tempDir } from '../../support/tempStudy';

let db: Db;
let cleanup: () => void;
let assignmentId: number;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'study.sqlite'));
  assignmentId = seedAssignment(db).assignmentId;
});
afterEach(() => {
  db.close();
  cleanup();
});

const base = { amendsId: null, amendmentReason: null, submittedAt: '2026-01-01T00:00:00.000Z', secondsSpent: 12, notes: {}, overallNote: '', unscorable: null };

describe('submitted ratings in the database', () => {
  it('cannot be updated, not even by raw SQL', () => {
    const id = insertRating(db, { ...base, assignmentId, version: 1, scores: { sensitivity: 5 } });
    expect(() => db.prepare("UPDATE ratings SET scores = '{\"sensitivity\":7}' WHERE id = ?").run(id)).toThrow(/immutable/);
    expect(() => db.prepare('UPDATE ratings SET submitted_at = ? WHERE id = ?').run('x', id)).toThrow(/immutable/);
    expect(ratingHistory(db, assignmentId)[0]?.scores).toEqual({ sensitivity: 5 });
  });

  it('cannot be deleted', () => {
    const id = insertRating(db, { ...base, assignmentId, version: 1, scores: { sensitivity: 5 } });
    expect(() => db.prepare('DELETE FROM ratings WHERE id = ?').run(id)).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM ratings').run()).toThrow(/immutable/);
    expect(ratingHistory(db, assignmentId)).toHaveLength(1);
  });

  it('are amended by a new row that points to the original and carries a reason; the original stays', () => {
    const first = insertRating(db, { ...base, assignmentId, version: 1, scores: { sensitivity: 5 } });
    insertRating(db, { ...base, assignmentId, version: 2, amendsId: first, amendmentReason: 'misread the scale', scores: { sensitivity: 5.5 } });
    const history = ratingHistory(db, assignmentId);
    expect(history.map((r) => [r.version, r.scores['sensitivity'], r.amendsId])).toEqual([
      [1, 5, null],
      [2, 5.5, first],
    ]);
  });

  it('refuse an amendment without a reason, or one that skips or forks versions', () => {
    const first = insertRating(db, { ...base, assignmentId, version: 1, scores: { sensitivity: 5 } });
    expect(() => insertRating(db, { ...base, assignmentId, version: 2, amendsId: first, amendmentReason: '  ', scores: { sensitivity: 6 } })).toThrow(
      /CHECK/,
    );
    expect(() => insertRating(db, { ...base, assignmentId, version: 3, amendsId: first, amendmentReason: 'x', scores: { sensitivity: 6 } })).toThrow(
      /latest version/,
    );
    expect(() => insertRating(db, { ...base, assignmentId, version: 1, scores: { sensitivity: 6 } })).toThrow(/UNIQUE/);
  });
});
