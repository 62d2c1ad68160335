import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import { appendAudit, GENESIS, verifyAuditChain } from '../../../electron/core/audit/chain';
import { tempDir } from '../../support/tempStudy';
import { dropTrigger, openTestDatabase } from '../../support/testDb';

let db: Db;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  db = openTestDatabase(t.dir);
  for (let i = 1; i <= 5; i++) appendAudit(db, { actor: 'manager', action: `step.${i}`, detail: { i }, reason: i === 3 ? 'because' : null });
});
afterEach(() => {
  db.close();
  cleanup();
});

// Tampering needs the append-only triggers out of the way, as a determined user with a SQLite tool could do.
function dropGuards() {
  dropTrigger(db, 'audit_no_update', 'audit_log');
  dropTrigger(db, 'audit_no_delete', 'audit_log');
}

describe('the audit log', () => {
  it('chains each row to the one before, from GENESIS, with UTC times', () => {
    const rows = db.prepare('SELECT seq, at, prev_hash, hash FROM audit_log ORDER BY seq').all() as { seq: number; at: string; prev_hash: string; hash: string }[];
    expect(rows[0]?.prev_hash).toBe(GENESIS);
    rows.slice(1).forEach((r, i) => expect(r.prev_hash).toBe(rows[i]?.hash));
    rows.forEach((r) => expect(r.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/));
    expect(verifyAuditChain(db)).toMatchObject({ ok: true, rows: 5 });
  });

  it('is append-only: UPDATE and DELETE are refused by the database', () => {
    expect(() => db.prepare("UPDATE audit_log SET actor = 'x' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
  });

  it('finds an altered row', () => {
    dropGuards();
    db.prepare(`UPDATE audit_log SET detail = '{"i":99}' WHERE seq = 3`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 3, problem: expect.stringMatching(/altered/) });
  });

  it('finds an altered reason or time', () => {
    dropGuards();
    db.prepare(`UPDATE audit_log SET at = '2020-01-01T00:00:00.000Z' WHERE seq = 4`).run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 4 });
  });

  it('finds a deleted row', () => {
    dropGuards();
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, seq: 3, problem: expect.stringMatching(/deleted/) });
  });

  it('finds reordered rows, even with sequence numbers swapped to look contiguous', () => {
    dropGuards();
    db.exec(`
      UPDATE audit_log SET seq = 100 WHERE seq = 2;
      UPDATE audit_log SET seq = 2 WHERE seq = 3;
      UPDATE audit_log SET seq = 3 WHERE seq = 100;`);
    const verdict = verifyAuditChain(db);
    expect(verdict.ok).toBe(false);
    // SQLite's storage order is seq itself (the rowid alias): the rows now read in seq order and
    // entry 2's hash no longer links. PostgreSQL keeps insertion order apart (audit_log.rowid): the
    // second row read is the one now numbered 3 — moved.
    if (!verdict.ok) {
      if (db.engine === 'sqlite') expect(verdict.seq).toBe(2);
      else expect(verdict).toMatchObject({ seq: 3, problem: expect.stringMatching(/deleted or moved/) });
    }
  });
});
