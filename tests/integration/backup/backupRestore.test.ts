// Backups and the documented restore, end to end on a study with generated clips: an online backup
// taken while the study is in use, checked and named by study and UTC time; media copied once into a
// shared folder; pruning; and a restore into a new folder that passes SQLite's integrity check and
// the audit chain, brings back ratings, media and logins, and refuses to overwrite anything.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../db/open';
import { accountCommands } from '../../../electron/cli/commands/accounts';
import type { CliIo } from '../../../electron/cli/io';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { checkLogin } from '../../../electron/core/auth/users';
import { submitRating } from '../../../electron/core/coding/ratings';
import { sha256File } from '../../../electron/core/media/hash';
import { backupStudy, restoreStudy } from '../../../electron/core/backup';
import { openStudy, type Study } from '../../../electron/core/study/study';
import { buildStudy } from '../../support/studyFixtures';
import { tempDir } from '../../support/tempStudy';
import { sqliteOf } from '../../../db/engine';

let root: string;
let cleanup: () => void;
let studyDir: string;
let codes: string[];
let study: Study;
const coder = { name: 'ann', password: 'ann-password' };
const rating = (s: number) => ({ scores: { sensitivity: s, non_intrusiveness: 8 - s }, notes: {}, overallNote: `rated ${s}`, unscorable: null });

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-backup-'));
  studyDir = path.join(root, 'Study folder');
  codes = await buildStudy(studyDir, {
    clips: [0, 1, 2].map(() => ({ seconds: 1, size: '160x120', fps: 10 })),
    coders: [{ ...coder, clips: [0, 1, 2] }],
  });
  study = openStudy(studyDir);
  submitRating(study.db, { id: 1, name: 'ann' }, codes[0]!, rating(6), 30);
  for (const f of ['backups', 'elsewhere']) mkdirSync(path.join(root, f));
}, 120_000);
afterAll(() => {
  study.close();
  cleanup();
});

function ratingsOf(dir: string): unknown[] {
  const db = openDatabase(path.join(dir, 'study.sqlite'));
  try {
    return db.prepare('SELECT id, assignment_id, version, scores, overall_note FROM ratings ORDER BY id').all();
  } finally {
    db.close();
  }
}

describe('backup', () => {
  it('takes a verified online backup named by study and UTC time, and records it', async () => {
    const at = new Date('2025-06-30T23:59:58.123Z');
    const receipt = await backupStudy(study, 'mia', { folder: path.join(root, 'backups'), now: () => at });
    expect(receipt).toMatchObject({
      fileName: 'Fixture-study_20250630T235958Z.sqlite',
      folder: path.join(root, 'backups'),
      clips: 3,
      media: null,
      pruned: [],
    });
    expect(receipt.sha256).toBe(await sha256File(receipt.file));
    // Self-contained: a rollback journal, no -wal or -shm, no partial left beside it.
    expect(readdirSync(path.join(root, 'backups'))).toEqual([receipt.fileName]);
    const copy = openDatabase(receipt.file, { readonly: true });
    try {
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(verifyAuditChain(copy)).toMatchObject({ ok: true, rows: receipt.auditEntries });
    } finally {
      copy.close();
    }
    expect(study.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'study.backup'").get()).toMatchObject({
      actor: 'mia',
      detail: expect.stringContaining(receipt.fileName),
    });

    const again = await backupStudy(study, 'mia', { folder: path.join(root, 'backups'), now: () => at });
    expect(again.fileName).toBe('Fixture-study_20250630T235958Z-2.sqlite');
  });

  it('holds exactly what was committed while writes go on around it', async () => {
    const folder = path.join(root, 'elsewhere');
    const taking = backupStudy(study, 'mia', { folder });
    // Committed after the backup began: may or may not be in it, but the backup is consistent either way.
    submitRating(study.db, { id: 1, name: 'ann' }, codes[1]!, rating(4), 12);
    const receipt = await taking;
    const inBackup = (() => {
      const db = openDatabase(receipt.file, { readonly: true });
      try {
        return db.prepare('SELECT COUNT(*) AS n FROM ratings').get() as { n: number };
      } finally {
        db.close();
      }
    })();
    expect([1, 2]).toContain(inBackup.n);
    expect(verifyAuditChain(study.db)).toMatchObject({ ok: true });
  });

  it('copies media once into a shared folder, checked against the recorded hashes', async () => {
    const folder = path.join(root, 'backups');
    const seen: string[] = [];
    const first = await backupStudy(study, 'mia', { folder, includeMedia: true, onProgress: (done, total) => seen.push(`${done}/${total}`) });
    expect(seen).toEqual(['0/3', '1/3', '2/3', '3/3']);
    expect(first.media).toEqual({ folder: path.join(folder, 'Fixture-study_media'), copied: 3, present: 3, problems: [] });
    const second = await backupStudy(study, 'mia', { folder, includeMedia: true });
    expect(second.media).toMatchObject({ copied: 0, present: 3, problems: [] });
    for (const code of codes) {
      expect(await sha256File(path.join(folder, 'Fixture-study_media', `${code}.mp4`))).toBe(await sha256File(path.join(studyDir, 'media', `${code}.mp4`)));
    }
    expect(readdirSync(path.join(folder, 'Fixture-study_media')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('keeps only the newest backups when asked, never touching other files', async () => {
    const folder = path.join(root, 'pruned');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'notes.txt'), 'not a backup');
    writeFileSync(path.join(folder, 'Other-trial_20200101T000000Z.sqlite'), 'another study');
    const days = ['2025-01-01', '2025-01-02', '2025-01-03', '2025-01-04'];
    let last;
    for (const day of days) last = await backupStudy(study, 'scheduler', { folder, keep: 2, now: () => new Date(`${day}T10:00:00Z`) });
    expect(last!.pruned).toEqual(['Fixture-study_20250102T100000Z.sqlite']);
    expect(readdirSync(folder).sort()).toEqual([
      'Fixture-study_20250103T100000Z.sqlite',
      'Fixture-study_20250104T100000Z.sqlite',
      'Other-trial_20200101T000000Z.sqlite',
      'notes.txt',
    ]);
  });

  it('refuses a folder that is missing, is a file, or lies inside the study', async () => {
    await expect(backupStudy(study, 'mia', { folder: path.join(root, 'no-such-drive') })).rejects.toMatchObject({ code: 'not_found', message: expect.stringMatching(/does not exist/) });
    writeFileSync(path.join(root, 'a-file'), '');
    await expect(backupStudy(study, 'mia', { folder: path.join(root, 'a-file') })).rejects.toThrow(/is not a folder/);
    await expect(backupStudy(study, 'mia', { folder: path.join(studyDir, 'media') })).rejects.toThrow(/outside the study folder/);
    await expect(backupStudy(study, 'mia', { folder: studyDir })).rejects.toThrow(/outside the study folder/);
  });
});

describe('restore', () => {
  let backupFile: string;
  beforeAll(async () => {
    const folder = path.join(root, 'for-restore');
    mkdirSync(folder);
    backupFile = (await backupStudy(study, 'mia', { folder, includeMedia: true })).file;
  });

  it('restores into a new folder: checks pass, ratings, media and logins come back, and the restore is audited', async () => {
    const target = path.join(root, 'restored', 'study');
    const report = await restoreStudy(backupFile, target, 'mia');
    expect(report).toMatchObject({ studyDir: target, name: 'Fixture study', clips: 3, mediaCopied: 3, mediaMissing: [] });
    expect(ratingsOf(target)).toEqual(ratingsOf(studyDir));
    for (const code of codes) {
      expect(await sha256File(path.join(target, 'media', `${code}.mp4`))).toBe(await sha256File(path.join(studyDir, 'media', `${code}.mp4`)));
    }
    const restored = openStudy(target);
    try {
      expect(sqliteOf(restored.db, 'the check').pragma('integrity_check', { simple: true })).toBe('ok');
      expect(sqliteOf(restored.db, 'the check').pragma('journal_mode', { simple: true })).toBe('wal');
      const chain = verifyAuditChain(restored.db);
      expect(chain).toMatchObject({ ok: true, rows: report.auditEntries + 1 });
      const last = restored.db.prepare('SELECT actor, action, detail FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { actor: string; action: string; detail: string };
      expect(last).toMatchObject({ actor: 'mia', action: 'study.restore' });
      expect(JSON.parse(last.detail)).toMatchObject({ from: path.basename(backupFile), mediaCopied: 3, mediaMissing: 0 });
      await expect(checkLogin(restored.db, coder.name, coder.password)).resolves.toMatchObject({ name: 'ann' });
    } finally {
      restored.close();
    }
    expect(readdirSync(target).filter((f) => f.includes('partial'))).toEqual([]);
  });

  it('never overwrites: an existing study or a non-empty folder is refused and left as it was', async () => {
    const before = readFileSync(path.join(studyDir, 'study.sqlite'));
    await expect(restoreStudy(backupFile, studyDir, 'mia')).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/already exists/) });
    expect(readFileSync(path.join(studyDir, 'study.sqlite')).equals(before)).toBe(true);
    const busy = path.join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(path.join(busy, 'keep.txt'), 'mine');
    await expect(restoreStudy(backupFile, busy, 'mia')).rejects.toThrow(/not empty/);
    expect(readdirSync(busy)).toEqual(['keep.txt']);
  });

  it('refuses a damaged backup and leaves no study behind', async () => {
    const damaged = path.join(root, 'damaged.sqlite');
    const bytes = readFileSync(backupFile);
    // Overwrite the middle pages: the header still says SQLite, the b-trees do not add up.
    bytes.fill(0x5a, 4096 * 2, Math.min(bytes.length - 1024, 4096 * 6));
    writeFileSync(damaged, bytes);
    const target = path.join(root, 'from-damaged');
    await expect(restoreStudy(damaged, target, 'mia')).rejects.toMatchObject({ code: 'bad_input', message: expect.stringMatching(/damaged|not a readable/) });
    expect(existsSync(target)).toBe(false);

    writeFileSync(path.join(root, 'text.sqlite'), 'this is not a database at all, just some text. '.repeat(100));
    await expect(restoreStudy(path.join(root, 'text.sqlite'), target, 'mia')).rejects.toThrow(/not a readable SQLite database|cannot be opened/);
    const foreign = openDatabase(path.join(root, 'foreign.sqlite'));
    foreign.exec('DROP TABLE clips');
    foreign.close();
    await expect(restoreStudy(path.join(root, 'foreign.sqlite'), target, 'mia')).rejects.toThrow(/not a Blindfold study/);
    await expect(restoreStudy(path.join(root, 'nothing-here.sqlite'), target, 'mia')).rejects.toMatchObject({ code: 'not_found' });
    expect(existsSync(target)).toBe(false);
  });

  it('refuses a backup whose audit log was tampered with', async () => {
    const tampered = path.join(root, 'tampered.sqlite');
    copyFileSync(backupFile, tampered);
    const db = openDatabase(tampered);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 1").run();
    db.close();
    await expect(restoreStudy(tampered, path.join(root, 'from-tampered'), 'mia')).rejects.toThrow(/broken audit log: entry 1/);
  });

  it('restores without media, naming the clips to copy back, or takes them from another folder', async () => {
    const lone = path.join(root, 'lone');
    mkdirSync(lone);
    copyFileSync(backupFile, path.join(lone, 'backup.sqlite'));
    const bare = await restoreStudy(path.join(lone, 'backup.sqlite'), path.join(root, 'bare'), 'mia');
    expect(bare).toMatchObject({ mediaCopied: 0, mediaFolder: null });
    expect([...bare.mediaMissing].sort()).toEqual([...codes].sort());
    const fromStudy = await restoreStudy(path.join(lone, 'backup.sqlite'), path.join(root, 'with-media'), 'mia', { mediaFolder: path.join(studyDir, 'media') });
    expect(fromStudy).toMatchObject({ mediaCopied: 3, mediaMissing: [] });
  });
});

describe('from the command line', () => {
  function io(): { io: CliIo; out: () => string; err: () => string } {
    let out = '';
    let err = '';
    return {
      io: { stdout: (s) => (out += s), stderr: (s) => (err += s), readFile: async (p) => readFileSync(p), env: {} },
      out: () => out,
      err: () => err,
    };
  }

  it('backs up with media and restores, printing what it checked', async () => {
    const folder = path.join(root, 'cli-backups');
    mkdirSync(folder);
    study.close();
    try {
      const b = io();
      expect(await accountCommands['backup']!.run([studyDir, '--to', folder, '--media', '--keep', '5'], b.io)).toBe(0);
      expect(b.out()).toMatch(/Backed up "Fixture study" to .*Fixture-study_\d{8}T\d{6}Z\.sqlite/);
      expect(b.out()).toMatch(/media: 3 copied, 3 in /);
      const file = readdirSync(folder).find((f) => f.endsWith('.sqlite'))!;
      const r = io();
      expect(await accountCommands['restore']!.run([path.join(folder, file), path.join(root, 'cli-restored')], r.io)).toBe(0);
      expect(r.out()).toMatch(/integrity check ok, \d+ audit entries verified, 3 clips/);
      expect(r.out()).toMatch(/media: 3 of 3 copied and checked/);
      const again = io();
      await expect(accountCommands['restore']!.run([path.join(folder, file), path.join(root, 'cli-restored')], again.io)).rejects.toThrow(/already exists/);
    } finally {
      study = openStudy(studyDir);
    }
  });
});
