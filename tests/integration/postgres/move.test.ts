// `blindfold move-to-postgres`: a SQLite study copied whole into an empty PostgreSQL database and
// verified there (row counts, media hashes, the audit chain), or not at all — refused for a database
// that is not empty, and rolled back, leaving the target empty, when anything fails part-way. The
// source file is never changed (its SHA-256 before and after).
import path from 'node:path';
import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { openDatabase } from '../../../db/open';
import { existingTables } from '../../../db/postgres/admin';
import { openPostgres } from '../../../db/postgres/open';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { addUser } from '../../../electron/core/auth/users';
import { openStudy } from '../../../electron/core/study/study';
import { cliWith } from '../../support/cli';
import { startCluster, type Cluster } from '../../support/postgres';
import { tempDir } from '../../support/tempStudy';
import { codedDemoStudy, lockedCopy, sha256Of, sqliteOfStudy } from './fixture';

let cluster: Cluster;
let root: string;
let cleanup: () => void;
let openTemplate: string;
let lockedTemplate: string;
let copies = 0;
const cli = cliWith({});

function copyOf(template: string): string {
  const dir = path.join(root, `copy-${++copies}`);
  cpSync(template, dir, { recursive: true });
  return dir;
}

type Row = Record<string, unknown>;
const tablesOf = (db: { prepare(sql: string): { all(): unknown[] } }, sql: string) => (db.prepare(sql).all() as { name: string }[]).map((r) => r.name);

beforeAll(async () => {
  cluster = startCluster();
  ({ dir: root, cleanup } = tempDir('blindfold-move-'));
  openTemplate = path.join(root, 'open');
  lockedTemplate = path.join(root, 'locked');
  await codedDemoStudy(openTemplate);
  await lockedCopy(openTemplate, lockedTemplate);
}, 120_000);

afterAll(() => {
  cluster?.stop();
  cleanup?.();
});

describe('move-to-postgres', () => {
  it('moves a locked, unblinded study whole: every table, every clip hash and the audit chain verified on PostgreSQL', async () => {
    const dir = copyOf(lockedTemplate);
    const file = sqliteOfStudy(dir);
    const before = sha256Of(file);
    const filesBefore = readdirSync(dir).sort();
    const url = cluster.createDatabase('moved_locked');
    const run = await cli('move-to-postgres', dir, url);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/Moved the study to postgresql:\/\/blindfold@\/moved_locked/);
    expect(run.out).toMatch(/study_lock +1 row\n/);
    expect(run.out).toMatch(/unblinding +1 row\n/);
    expect(run.out).toMatch(/The study folder was not changed/);
    expect(run.out).toMatch(/blindfold serve .* --database postgresql:\/\/blindfold@\/moved_locked/);
    expect(sha256Of(file)).toBe(before);
    expect(readdirSync(dir).sort()).toEqual(filesBefore); // nothing written into the folder (no link, no -wal/-shm)

    const source = openDatabase(file, { readonly: true });
    const target = openPostgres(url);
    try {
      const tables = tablesOf(source, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name");
      expect(tables.length).toBeGreaterThan(20);
      for (const t of tables) {
        const count = (db: typeof source | typeof target) => (db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
        expect(count(target), t).toBe(count(source) + (t === 'audit_log' ? 1 : 0));
      }
      for (const t of ['ratings', 'clips', 'users', 'unblinding', 'study_lock', 'drafts', 'sealed_entries']) {
        expect((source.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n, t).toBeGreaterThan(0);
        const rows = (db: typeof source | typeof target) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all() as Row[];
        expect(JSON.parse(JSON.stringify(rows(target))), t).toEqual(JSON.parse(JSON.stringify(rows(source))));
      }
      const hashes = (db: typeof source | typeof target) => db.prepare('SELECT code, sha256 FROM clips ORDER BY code').all();
      expect(hashes(target)).toEqual(hashes(source));
      const from = verifyAuditChain(source);
      const to = verifyAuditChain(target);
      expect(from.ok && to.ok).toBe(true);
      if (!from.ok || !to.ok) return;
      expect(to.rows).toBe(from.rows + 1);
      const last = target.prepare('SELECT action, detail, prev_hash AS "prevHash" FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; detail: string; prevHash: string };
      expect(last.action).toBe('study.move');
      expect(last.prevHash).toBe(from.head);
      expect(JSON.parse(last.detail)).toMatchObject({ from: 'sqlite', to: expect.stringMatching(/^postgresql:\/\/blindfold@\/moved_locked/), sourceAuditHead: from.head, auditEntries: from.rows });
      expect(run.out).toContain(from.head);
      // Still locked on PostgreSQL: its triggers refuse a rating.
      expect(() => target.prepare('DELETE FROM ratings').run()).toThrow();
    } finally {
      source.close();
      target.close();
    }
  });

  it('with --link, the folder opens PostgreSQL; the identity sequences continue after the copied ids', async () => {
    const dir = copyOf(openTemplate);
    const before = sha256Of(sqliteOfStudy(dir));
    // A password in the URL (the test cluster trusts its socket, so any is accepted) is never
    // printed, stored in the link or the audit log.
    const url = cluster.createDatabase('moved_linked').replace('postgresql://blindfold@', 'postgresql://blindfold:s3cret@');
    const run = await cli('move-to-postgres', dir, url, '--link');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toMatch(/now opens the PostgreSQL database/);
    expect(run.out).not.toContain('s3cret');
    const link = readFileSync(path.join(dir, 'study.postgres.json'), 'utf8');
    expect(JSON.parse(link)).toEqual({ engine: 'postgres', url: url.replace(':s3cret@', '@') });
    expect(sha256Of(sqliteOfStudy(dir))).toBe(before);
    const study = openStudy(dir);
    try {
      expect(study.db.engine).toBe('postgres');
      const maxId = (study.db.prepare('SELECT max(id) AS m FROM users').get() as { m: number }).m;
      const id = await addUser(study.db, { name: 'newcoder', role: 'coder', password: 'a long enough password 1' }, 'test');
      expect(id).toBe(maxId + 1);
      expect(JSON.stringify(study.db.prepare('SELECT detail FROM audit_log').all())).not.toContain('s3cret');
      expect(verifyAuditChain(study.db).ok).toBe(true);
    } finally {
      study.close();
    }
  });

  it('refuses a database that is not empty and changes nothing in it', async () => {
    const dir = copyOf(openTemplate);
    const url = cluster.createDatabase('not_empty');
    const other = openPostgres(url, { migrate: false });
    other.exec("CREATE TABLE notes (id integer PRIMARY KEY, body text); INSERT INTO notes VALUES (1, 'keep me')");
    const run = await cli('move-to-postgres', dir, url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/is not empty \(it has 1 table: notes\).*Nothing was changed/);
    expect(existingTables(url)).toEqual(['notes']);
    expect(other.prepare('SELECT * FROM notes').all()).toEqual([{ id: 1, body: 'keep me' }]);
    other.close();
  });

  it('a row PostgreSQL refuses part-way rolls everything back: the target is empty again, the source unchanged', async () => {
    const dir = copyOf(openTemplate);
    const file = sqliteOfStudy(dir);
    // A NUL character: SQLite stores it in text, PostgreSQL's text cannot hold it.
    const raw = new Database(file);
    raw.prepare("INSERT INTO backups (file_name, folder, trigger, started_at, finished_at, bytes, sha256, media_files, actor) VALUES (?, '/b', 'manual', 'x', 'x', 1, ?, NULL, 'x')").run('bad\u0000name.sqlite', 'f'.repeat(64));
    raw.close();
    const before = sha256Of(file);
    const url = cluster.createDatabase('fails_midway');
    const run = await cli('move-to-postgres', dir, url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/PostgreSQL refused the rows of backups: .*Nothing was moved/);
    expect(existingTables(url)).toEqual([]);
    expect(sha256Of(file)).toBe(before);
  });

  it('refuses a study in use (changes in its -wal not yet in study.sqlite)', async () => {
    const dir = copyOf(openTemplate);
    const writer = new Database(sqliteOfStudy(dir));
    writer.pragma('wal_autocheckpoint = 0');
    writer.prepare("INSERT INTO login_throttle (name, failures, last_failure_at) VALUES ('x', 1, 'now')").run();
    const url = cluster.createDatabase('in_use');
    try {
      const run = await cli('move-to-postgres', dir, url);
      expect(run.code).toBe(1);
      expect(run.err).toMatch(/The study is in use or was not closed cleanly/);
      expect(existingTables(url)).toEqual([]);
    } finally {
      writer.close();
    }
  });

  it('refuses a study whose audit chain was tampered with, or whose media do not match their hashes; the target stays empty', async () => {
    const tampered = copyOf(openTemplate);
    const raw = new Database(sqliteOfStudy(tampered));
    raw.exec('DROP TRIGGER audit_no_update');
    raw.prepare("UPDATE audit_log SET actor = 'someone else' WHERE seq = 2").run();
    raw.close();
    const before = sha256Of(sqliteOfStudy(tampered));
    const url = cluster.createDatabase('tampered');
    const run = await cli('move-to-postgres', tampered, url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/audit log is broken at entry 2 .*Nothing was moved/);
    expect(existingTables(url)).toEqual([]);
    expect(sha256Of(sqliteOfStudy(tampered))).toBe(before);

    const badMedia = copyOf(openTemplate);
    const reader = openDatabase(sqliteOfStudy(badMedia), { readonly: true });
    const clip = reader.prepare('SELECT code, media_file AS f FROM clips LIMIT 1').get() as { code: string; f: string };
    reader.close();
    writeFileSync(path.join(badMedia, 'media', clip.f), 'not the clip');
    const run2 = await cli('move-to-postgres', badMedia, url);
    expect(run2.code).toBe(1);
    expect(run2.err).toContain(`The media file of clip ${clip.code}`);
    expect(existingTables(url)).toEqual([]);
  });
});
