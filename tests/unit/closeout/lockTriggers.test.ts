// The lock in the database itself (migration 3): once a study_lock row exists, coded data cannot
// change through any path, and the end-of-study records are append-only.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate } from '../../../db/migrate';
import { lockTriggersSql } from '../../../db/migrations/sql';
import { MIGRATIONS } from '../../../db/migrations';
import { asSqliteDb, openDatabase, type Db } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { insertEmergencyUnblinding, insertLock, insertUnblinding } from '../../../db/repositories/closeout';
import { insertStudy } from '../../../db/repositories/study';
import { deleteDraft, insertBlindingGuess, insertRating, upsertDraft } from '../../../db/repositories/ratings';
import { buildExport, gatherExportInput } from '../../../electron/core/closeout';
import { closeoutStatus, lockStudy } from '../../../electron/core/closeout/lock';
import { assertStudyUnlocked, isStudyLocked } from '../../../electron/core/study/lockState';
import { seedAssignment } from '../../support/seed';
import { tempDir } from '../../support/tempStudy';

let db: Db;
let cleanup: () => void;
let seeded: ReturnType<typeof seedAssignment>;
const at = '2024-01-01T00:00:00.000Z';
const content = { scores: { sensitivity: 4 }, notes: {}, overallNote: '', unscorable: null };
const draft = { scores: { sensitivity: 4 }, notes: {}, overallNote: '', unscorable: null };

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openDatabase(path.join(t.dir, 'study.sqlite'));
  seeded = seedAssignment(db);
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('after the lock, the database refuses', () => {
  beforeEach(() => {
    insertRating(db, { ...content, assignmentId: seeded.assignmentId, version: 1, amendsId: null, amendmentReason: null, submittedAt: at, secondsSpent: 1 });
    upsertDraft(db, seeded.assignmentId, draft, 1, at);
    insertLock(db, { lockedAt: at, lockedBy: 'manager', exceptions: [] });
  });

  it('new ratings and amendments', () => {
    expect(() =>
      insertRating(db, { ...content, assignmentId: seeded.assignmentId, version: 2, amendsId: 1, amendmentReason: 'late', submittedAt: at, secondsSpent: 1 }),
    ).toThrow(/the study is locked: ratings can no longer change/);
  });

  it('drafts, blinding guesses and assignments', () => {
    expect(() => upsertDraft(db, seeded.assignmentId, draft, 1, at)).toThrow(/drafts can no longer change/);
    expect(() => deleteDraft(db, seeded.assignmentId)).toThrow(/drafts can no longer change/);
    expect(() => insertBlindingGuess(db, { assignmentId: seeded.assignmentId, arm: 'control', timepoint: 'T1', at })).toThrow(/blinding_guesses can no longer change/);
    expect(() => insertAssignment(db, { clipId: seeded.clipId, coderId: seeded.coderId, position: 2, purpose: 'reliability', createdAt: at })).toThrow(/assignments can no longer change/);
    expect(() => db.prepare('UPDATE assignments SET position = 9').run()).toThrow(/assignments can no longer change/);
  });

  it('any change to the lock itself, and emergency unblindings', () => {
    expect(() => db.prepare("UPDATE study_lock SET locked_by = 'x'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM study_lock').run()).toThrow(/cannot be lifted/);
    expect(() => insertLock(db, { lockedAt: at, lockedBy: 'again', exceptions: [] })).toThrow();
    expect(() => insertEmergencyUnblinding(db, { clipId: seeded.clipId, unblindedAt: at, unblindedBy: 'm', reason: 'a long enough reason' })).toThrow(/unblind the whole study/);
  });

  it('in core too, with a readable error', () => {
    expect(isStudyLocked(db)).toBe(true);
    expect(() => assertStudyUnlocked(db, 'consensus scores')).toThrow(/locked on 2024-01-01T00:00:00.000Z by manager: consensus scores can no longer change/);
    expect(() => lockStudy(db, 'manager')).toThrow(/already locked/);
  });

  it('the same for a table added later, through lockTriggersSql', () => {
    db.exec(`CREATE TABLE later_scores (id INTEGER PRIMARY KEY, score REAL) STRICT; ${lockTriggersSql('later_scores')}`);
    expect(() => db.prepare('INSERT INTO later_scores (score) VALUES (1)').run()).toThrow(/later_scores can no longer change/);
    expect(() => lockTriggersSql('x; DROP TABLE ratings')).toThrow(/not a table name/);
  });
});

describe('the unblinding records', () => {
  it('refuse an unblinding before the lock, a short reason, and any change', () => {
    const row = { unblindedAt: at, unblindedBy: 'manager', reason: 'Primary analysis after lock', commitment: 'a'.repeat(64) };
    expect(() => insertUnblinding(db, row)).toThrow(/lock the study before unblinding/);
    insertLock(db, { lockedAt: at, lockedBy: 'manager', exceptions: [] });
    expect(() => insertUnblinding(db, { ...row, reason: 'short' })).toThrow(/CHECK/);
    insertUnblinding(db, row);
    expect(() => db.prepare("UPDATE unblinding SET reason = 'something else entirely'").run()).toThrow(/cannot be changed/);
    expect(() => db.prepare('DELETE FROM unblinding').run()).toThrow(/cannot be deleted/);
  });

  it('keep emergency unblindings before the lock, permanently', () => {
    insertEmergencyUnblinding(db, { clipId: seeded.clipId, unblindedAt: at, unblindedBy: 'm', reason: 'a long enough reason' });
    expect(() => db.prepare('DELETE FROM emergency_unblindings').run()).toThrow(/permanent/);
    expect(closeoutStatus(db).emergencyUnblindings).toEqual([{ code: 'ABCD-EFGH', unblindedAt: at, unblindedBy: 'm', reason: 'a long enough reason' }]);
  });
});

describe('locking', () => {
  it('needs every unsubmitted assignment confirmed, by clip code and coder', () => {
    expect(closeoutStatus(db).unsubmitted).toEqual([{ code: 'ABCD-EFGH', coder: 'coder-ABCD-EFGH', purpose: 'primary', kind: 'outcome', hasDraft: false }]);
    expect(() => lockStudy(db, 'manager')).toThrow(/1 assigned rating is not submitted: ABCD-EFGH \(coder-ABCD-EFGH\)/);
    expect(() => lockStudy(db, 'manager', { confirmedExceptions: [{ code: 'ABCD-EFGH', coder: 'someone else' }] })).toThrow(/not submitted/);
    const lock = lockStudy(db, 'manager', { confirmedExceptions: [{ code: 'ABCD-EFGH', coder: 'CODER-abcd-efgh' }] });
    expect(lock.exceptions).toEqual([{ code: 'ABCD-EFGH', coder: 'coder-ABCD-EFGH', purpose: 'primary', kind: 'outcome' }]);
    const audit = db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'study.lock'").get() as { actor: string; detail: string };
    expect(audit.actor).toBe('manager');
    expect(JSON.parse(audit.detail)).toEqual({ exceptions: lock.exceptions });
  });
});

describe('a study from before consensus existed', () => {
  it('exports without consensus columns, and says so', () => {
    const t = tempDir();
    const old = asSqliteDb(new Database(path.join(t.dir, 'old.sqlite')));
    try {
      old.pragma('foreign_keys = ON');
      migrate(old, MIGRATIONS.slice(0, 3));
      insertStudy(old, 'Old study', at);
      seedAssignment(old);
      const doc = buildExport(gatherExportInput(old, null), { layout: 'tidy', fileName: 'old.csv' });
      expect(doc.columns).not.toContain('consensus_score');
      expect(doc.columns).toContain('emergency_unblinded');
      expect(doc.rows).toBe(2);
      expect(doc.dictionary).toMatch(/no consensus scores/);
      const current = buildExport(gatherExportInput(db, null), { layout: 'tidy', fileName: 'new.csv' });
      expect(current.columns).toEqual(expect.arrayContaining(['consensus_score', 'consensus_reason']));
    } finally {
      old.close();
      t.cleanup();
    }
  });
});
