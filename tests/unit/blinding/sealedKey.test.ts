import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../../db/open';
import {
  changePassphrase,
  commitmentOf,
  createStudyKey,
  putSealed,
  readSealed,
  unlockStudyKey,
} from '../../../electron/core/blinding/sealedKey';
import { tempDir } from '../../support/tempStudy';
import { dropTrigger, openTestDatabase, storedBytes } from '../../support/testDb';

const FAST = { N: 2 ** 10, r: 8, p: 1 };
let db: Db;
let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  db = openTestDatabase(dir);
});
afterEach(() => {
  db.close();
  cleanup();
});

describe('the sealed key', () => {
  it('round-trips entries under the passphrase, and nothing readable reaches the file', async () => {
    const keyring = await createStudyKey(db, 'correct horse battery', FAST);
    putSealed(db, keyring, 'recording', { code: 'ABCD-EFGH', participant: 'PARTICIPANT-0042', arm: 'ARM-QZX-VIPP' });
    const bytes = storedBytes(db, path.join(dir, 'study.sqlite'));
    const again = await unlockStudyKey(db, 'correct horse battery');
    expect(readSealed(db, again, 'recording')).toEqual([{ code: 'ABCD-EFGH', participant: 'PARTICIPANT-0042', arm: 'ARM-QZX-VIPP' }]);
    expect(bytes).not.toContain('PARTICIPANT-0042');
    expect(bytes).not.toContain('ARM-QZX-VIPP');
  });

  it('pads entries so that their length does not tell one timepoint or path from another', async () => {
    const keyring = await createStudyKey(db, 'correct horse battery', FAST);
    putSealed(db, keyring, 'recording', { code: 'AAAA-AAAA', timepoint: 'T1', sourceFile: 'a.mp4' });
    putSealed(db, keyring, 'recording', { code: 'BBBB-BBBB', timepoint: 'follow-up at 36 months', sourceFile: 'site-b/wave-3/long-folder-name/P0001_follow-up.mp4' });
    const lengths = db.prepare("SELECT length(ciphertext) AS n FROM sealed_entries WHERE kind = 'recording'").all() as { n: number }[];
    expect(new Set(lengths.map((l) => l.n)).size).toBe(1);
    expect(readSealed(db, keyring, 'recording')).toEqual([
      { code: 'AAAA-AAAA', timepoint: 'T1', sourceFile: 'a.mp4' },
      { code: 'BBBB-BBBB', timepoint: 'follow-up at 36 months', sourceFile: 'site-b/wave-3/long-folder-name/P0001_follow-up.mp4' },
    ]);
  });

  it('refuses a wrong passphrase with a clear error', async () => {
    await createStudyKey(db, 'correct horse battery', FAST);
    await expect(unlockStudyKey(db, 'wrong horse battery')).rejects.toThrow(/not the unblinding passphrase/);
  });

  it('refuses a short passphrase', async () => {
    await expect(createStudyKey(db, 'short', FAST)).rejects.toThrow(/at least 12/);
  });

  it('detects a ciphertext moved from one entry to another', async () => {
    const keyring = await createStudyKey(db, 'correct horse battery', FAST);
    putSealed(db, keyring, 'recording', { n: 1 });
    putSealed(db, keyring, 'recording', { n: 2 });
    dropTrigger(db, 'sealed_entries_no_update', 'sealed_entries');
    const rows = db.prepare('SELECT id, ciphertext, nonce FROM sealed_entries ORDER BY id').all() as { id: number; ciphertext: Buffer; nonce: Buffer }[];
    db.prepare('UPDATE sealed_entries SET ciphertext = ?, nonce = ? WHERE id = ?').run(rows[1]!.ciphertext, rows[1]!.nonce, rows[0]!.id);
    expect(() => readSealed(db, keyring, 'recording')).toThrow(/integrity/);
  });

  it('changes the passphrase without re-encrypting the entries', async () => {
    const keyring = await createStudyKey(db, 'correct horse battery', FAST);
    putSealed(db, keyring, 'allocation', { rows: 3 });
    await changePassphrase(db, 'correct horse battery', 'a brand new passphrase');
    await expect(unlockStudyKey(db, 'correct horse battery')).rejects.toThrow();
    expect(readSealed(db, await unlockStudyKey(db, 'a brand new passphrase'), 'allocation')).toEqual([{ rows: 3 }]);
  });

  it('commits to content, not to key order', () => {
    expect(commitmentOf({ a: 1, b: [{ y: 2, x: 1 }] })).toBe(commitmentOf({ b: [{ x: 1, y: 2 }], a: 1 }));
    expect(commitmentOf({ a: 1 })).not.toBe(commitmentOf({ a: 2 }));
    expect(commitmentOf({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
  });
});
