// What a coder does many times a day — open a clip, save a draft, submit, amend — must cost the same
// in a study of 6,000 clips as in one of 60 (tests/bench/scale.ts measures it). This test holds the
// cause rather than the time: every statement those calls run is planned by SQLite as index
// searches, never a scan of a table that grows with the trial. (No timings here: they belong to the
// bench.)
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { insertAssignment, progressByCoder } from '../../../db/repositories/assignments';
import { outcomeAssignments } from '../../../db/repositories/outcomeWork';
import { findClipByCode, insertClip } from '../../../db/repositories/clips';
import { insertUser } from '../../../db/repositories/users';
import { hasSealedEntries, sealedEntriesSince } from '../../../db/repositories/closeout';
import { clipView } from '../../../electron/core/coding/clipView';
import { amendRating, saveDraft, submitRating } from '../../../electron/core/coding/ratings';
import { lockReliability } from '../../../electron/core/closeout';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

// Tables that stay small whatever the trial's size: one row, or one per user.
const SMALL = new Set(['study', 'users', 'study_lock', 'login_failures', 'account_policy']);

let study: Study;
let cleanup: () => void;
let coders: { id: number; name: string }[];
let codes: string[][];

beforeEach(() => {
  const t = tempDir('blindfold-plans-');
  cleanup = t.cleanup;
  study = createStudy(path.join(t.dir, 'study'), 'Plans');
  const db = study.db;
  const at = new Date().toISOString();
  coders = ['ann', 'bob'].map((name) => ({ id: insertUser(db, { name, role: 'coder', passwordHash: 'scrypt$1$1$1$x$y', createdAt: at }), name }));
  codes = coders.map(() => []);
  for (let i = 0; i < 40; i++) {
    const code = `C${String(i).padStart(3, '0')}-TEST`;
    const clipId = insertClip(db, { code, kind: 'outcome', mediaFile: `${code}.mp4`, sha256: 'a'.repeat(64), durationSeconds: 10, frameRate: 25, width: 320, height: 240, createdAt: at });
    const c = i % 2;
    insertAssignment(db, { clipId, coderId: coders[c]!.id, position: codes[c]!.length + 1, purpose: 'primary', createdAt: at });
    codes[c]!.push(code);
  }
});
afterEach(() => {
  study.close();
  cleanup();
});

/** Runs `work`, recording every statement it prepares with the parameters it ran with. */
function statementsOf(db: Db, work: () => void): { sql: string; params: unknown[]; rows: number }[] {
  const seen: { sql: string; params: unknown[]; rows: number }[] = [];
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = (sql: string) => {
    const statement = prepare(sql);
    const record =
      (method: 'get' | 'all' | 'run') =>
      (...params: unknown[]) => {
        const result = (statement[method] as (...p: unknown[]) => unknown)(...params);
        seen.push({ sql, params, rows: Array.isArray(result) ? result.length : 1 });
        return result;
      };
    return { get: record('get'), all: record('all'), run: record('run') };
  };
  try {
    work();
  } finally {
    (db as { prepare: unknown }).prepare = prepare;
  }
  return seen;
}

/** The tables a statement names, by the alias a plan shows them under. */
function tablesByAlias(sql: string): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const m of sql.matchAll(/\b(?:FROM|JOIN|INTO)\s+(\w+)(?:\s+(?:AS\s+)?(?!ON\b|WHERE\b|JOIN\b|LEFT\b|INNER\b|GROUP\b|ORDER\b|LIMIT\b|VALUES\b|SET\b)(\w+))?/gi)) {
    aliases.set(m[1]!, m[1]!);
    if (m[2]) aliases.set(m[2], m[1]!);
  }
  return aliases;
}

/** Each plan step that reads a whole table that grows with the trial. */
function growingScans(db: Db, statements: readonly { sql: string; params: unknown[] }[]): string[] {
  const scans: string[] = [];
  for (const { sql, params } of statements) {
    if (!/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)/i.test(sql)) continue;
    const aliases = tablesByAlias(sql);
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
    for (const { detail } of plan) {
      const scan = /^SCAN (\w+)/.exec(detail);
      if (!scan || scan[1] === 'CONSTANT') continue;
      const table = aliases.get(scan[1]!) ?? scan[1]!;
      if (SMALL.has(table)) continue;
      // The audit chain's head: the last row by its key, one step whatever the log's length.
      if (table === 'audit_log' && /ORDER BY seq DESC LIMIT 1/.test(sql)) continue;
      // ratings.amends_id references ratings itself: SQLite compiles a search for orphaned children
      // into each insert but runs it only while a foreign-key violation is pending (OP_FkIfZero),
      // never in a committed insert.
      if (table === 'ratings' && /^\s*INSERT INTO ratings\b/.test(sql)) continue;
      scans.push(`${detail}  ←  ${sql.replace(/\s+/g, ' ').trim()}`);
    }
  }
  return scans;
}

describe("a coder's calls", () => {
  it('open a clip, save, submit and amend through index searches only', () => {
    const db = study.db;
    const ann = coders[0]!;
    const [first, second] = [codes[0]![0]!, codes[0]![5]!];
    const content = { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null };
    submitRating(db, ann, second, content, 10);
    const statements = statementsOf(db, () => {
      clipView(db, ann.id, first, { folder: '/media', issue: (file) => `token:${file}` });
      saveDraft(db, ann.id, first, { scores: { sensitivity: 4, non_intrusiveness: null }, notes: {}, overallNote: '', unscorable: null }, 30);
      submitRating(db, ann, first, content, 60);
      amendRating(db, ann, second, content, 'Re-watched the clip', 20);
      clipView(db, ann.id, second, { folder: '/media', issue: (file) => `token:${file}` });
    });
    expect(statements.length).toBeGreaterThan(10);
    expect(growingScans(db, statements)).toEqual([]);
    // Nor a read of the coder's whole queue (20 clips here): a few rows at most, the clip's versions.
    expect(statements.filter((s) => s.rows > 3).map((s) => s.sql)).toEqual([]);
  });

  it("the queue's place and neighbours agree with the queue itself", () => {
    const db = study.db;
    const bob = coders[1]!;
    const list = codes[1]!;
    const view = clipView(db, bob.id, list[3]!, { folder: '/media', issue: (file) => file });
    expect({ position: view.position, total: view.total, previous: view.previousCode, next: view.nextCode }).toEqual({
      position: 4,
      total: list.length,
      previous: list[2],
      next: list[4],
    });
    const last = clipView(db, bob.id, list[list.length - 1]!, { folder: '/media', issue: (file) => file });
    expect([last.position, last.nextCode]).toEqual([list.length, null]);
    expect(clipView(db, bob.id, list[0]!, { folder: '/media', issue: (file) => file }).previousCode).toBeNull();
  });

  it('after a submission, the next clip is the first unsubmitted one after it, else the first from the start', () => {
    const db = study.db;
    const bob = coders[1]!;
    const list = codes[1]!;
    const content = { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null };
    submitRating(db, bob, list[2]!, content, 10);
    expect(submitRating(db, bob, list[1]!, content, 10).nextCode).toBe(list[3]);
    for (const code of list.slice(3, -1)) submitRating(db, bob, code, content, 10);
    expect(submitRating(db, bob, list[list.length - 1]!, content, 10).nextCode).toBe(list[0]);
    expect(submitRating(db, bob, list[0]!, content, 10).nextCode).toBeNull();
  });
});

describe("the manager's dashboard", () => {
  it('counts each coder from their own assignments, not by probing every clip for every coder', () => {
    const db = study.db;
    submitRating(db, coders[0]!, codes[0]![0]!, { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null }, 10);
    const statements = statementsOf(db, () => {
      expect(progressByCoder(db)).toEqual([
        { name: 'ann', done: 1, total: 20 },
        { name: 'bob', done: 0, total: 20 },
      ]);
    });
    const plan = db.prepare(`EXPLAIN QUERY PLAN ${statements[0]!.sql}`).all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/SEARCH a USING INDEX assignments_by_coder/);
    expect(growingScans(db, statements)).toEqual([]);
  });
});

describe('what reads the whole study', () => {
  function doubleCoded(db: Db): void {
    const at = new Date().toISOString();
    const cem = { id: insertUser(db, { name: 'cem', role: 'coder', passwordHash: 'scrypt$1$1$1$x$y', createdAt: at }), name: 'cem' };
    const all = [...coders, cem];
    // Twelve clips a second time: ann's to bob, bob's to cem — two pairs, three coders.
    for (let i = 0; i < 12; i++) {
      const code = codes[i % 2]![Math.floor(i / 2)]!;
      const clip = findClipByCode(db, code)!;
      const second = all[(i % 2) + 1]!;
      insertAssignment(db, { clipId: clip.id, coderId: second.id, position: 100 + i, purpose: 'reliability', createdAt: at });
      for (const c of [all[i % 2]!, second]) submitRating(db, c, code, { scores: { sensitivity: 3 + (c.id % 3), non_intrusiveness: 5 }, notes: {}, overallNote: '', unscorable: null }, 10);
    }
  }

  it('reads every rating version in one statement, not one per assignment', () => {
    const db = study.db;
    doubleCoded(db);
    const statements = statementsOf(db, () => expect(outcomeAssignments(db).filter((a) => a.versions.length > 0)).toHaveLength(24));
    expect(statements.length).toBeLessThanOrEqual(2);
  });

  it("checks the lock's reliability reading each coder's ratings once, not once per pair and dimension", () => {
    const db = study.db;
    doubleCoded(db);
    const statements = statementsOf(db, () => expect(lockReliability(db).failing.length + lockReliability(db).unresolved.length).toBeGreaterThanOrEqual(0));
    const ratingReads = statements.filter((s) => /JOIN ratings r ON r\.assignment_id = a\.id\s+WHERE a\.coder_id = \?/.test(s.sql));
    // Two checks × three coders; reading afresh per pair and dimension was 2 × 2 pairs × 2 dimensions × 2 = 16.
    expect(ratingReads).toHaveLength(6);
  });
});

describe("the close-out's key checks", () => {
  it('search the sealed key by kind and time, never scan it', () => {
    const db = study.db;
    const statements = statementsOf(db, () => {
      sealedEntriesSince(db, ['allocation', 'recording'], '2026-01-01T00:00:00.000Z');
      hasSealedEntries(db, ['recording']);
    });
    expect(statements).toHaveLength(2);
    expect(growingScans(db, statements)).toEqual([]);
  });
});
