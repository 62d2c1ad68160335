// Backups of a study on PostgreSQL: `blindfold backup` picks pg_dump by the study's engine (custom
// format, a receipt beside it, media copied as for SQLite, recorded in the backups table and the
// audit log), and `blindfold restore --database` restores the dump into a fresh, empty database
// with pg_restore, checks it against the receipt and the audit chain, and refuses a database that
// is not empty. A restored database that fails its checks is emptied again.
import path from 'node:path';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoderQueue } from '../../../electron/common/contract';
import { existingTables } from '../../../db/postgres/admin';
import { openPostgres } from '../../../db/postgres/open';
import { createCore } from '../../../electron/core/app/core';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { openStudy } from '../../../electron/core/study/study';
import { cliWith } from '../../support/cli';
import { startCluster, type Cluster } from '../../support/postgres';
import { tempDir } from '../../support/tempStudy';
import { codedDemoStudy, RATING, sha256Of } from './fixture';

let cluster: Cluster;
let root: string;
let cleanup: () => void;
let studyDir: string;
let backups: string;
let dumpFile: string;
let ratedCode: string;
const cli = cliWith({});

beforeAll(async () => {
  cluster = startCluster();
  ({ dir: root, cleanup } = tempDir('blindfold-pgbackup-'));
  const template = path.join(root, 'template');
  await codedDemoStudy(template);
  studyDir = path.join(root, 'live');
  cpSync(template, studyDir, { recursive: true });
  const moved = await cli('move-to-postgres', studyDir, cluster.createDatabase('live'), '--link');
  expect(moved.code, moved.err).toBe(0);
  // A rating written on PostgreSQL itself, after the move.
  const core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined, scheduledBackups: false });
  try {
    const login = await core.invoke('k', 'auth.login', { name: 'coder2', password: 'demo-coder2' });
    expect(login.ok).toBe(true);
    const queue = (await core.invoke('k', 'coding.queue', {})) as { ok: true; value: CoderQueue };
    ratedCode = queue.value.items.find((i) => i.status !== 'submitted')!.code;
    expect(await core.invoke('k', 'coding.submit', { code: ratedCode, rating: RATING, secondsSpent: 12 })).toMatchObject({ ok: true });
  } finally {
    await core.close();
  }
  backups = path.join(root, 'backups');
  mkdirSync(backups);
}, 120_000);

afterAll(() => {
  cluster?.stop();
  cleanup?.();
});

describe('backups of a study on PostgreSQL', () => {
  it('backup dumps the database with pg_dump, writes its receipt, copies the media, and records it', async () => {
    const run = await cli('backup', studyDir, '--to', backups, '--media');
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/pg_dump \(custom format\)/);
    const dumps = readdirSync(backups).filter((f) => f.endsWith('.pgdump'));
    expect(dumps).toHaveLength(1);
    dumpFile = path.join(backups, dumps[0]!);
    expect(readFileSync(dumpFile).subarray(0, 5).toString('latin1')).toBe('PGDMP'); // pg_dump's custom format
    const receipt = JSON.parse(readFileSync(`${dumpFile}.json`, 'utf8')) as { tables: Record<string, number>; auditEntries: number; auditHead: string; dump: { sha256: string } };
    expect(receipt.dump.sha256).toBe(sha256Of(dumpFile));
    expect(receipt.tables['ratings']).toBeGreaterThanOrEqual(3);
    const study = openStudy(studyDir);
    try {
      const chain = verifyAuditChain(study.db);
      expect(chain.ok).toBe(true);
      // The dump holds the chain as it was just before the backup was recorded.
      expect(receipt.auditEntries).toBe(chain.rows - 1);
      const last = study.db.prepare('SELECT action, detail, prev_hash AS "prevHash" FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string; detail: string; prevHash: string };
      expect(last.action).toBe('study.backup');
      expect(last.prevHash).toBe(receipt.auditHead);
      expect(JSON.parse(last.detail)).toMatchObject({ file: dumps[0], engine: 'postgresql', media: { problems: 0 } });
      expect(study.db.prepare('SELECT file_name AS "fileName" FROM backups').all()).toEqual([{ fileName: dumps[0] }]);
      const mediaFolders = readdirSync(backups).filter((d) => d.endsWith('_media'));
      expect(mediaFolders).toHaveLength(1);
      for (const c of study.db.prepare('SELECT media_file AS f, sha256 FROM clips').all() as { f: string; sha256: string }[]) {
        expect(sha256Of(path.join(backups, mediaFolders[0]!, c.f))).toBe(c.sha256);
      }
    } finally {
      study.close();
    }
  });

  it('restore puts the dump into a fresh database: counts match the receipt, the chain verifies, the rating is there', async () => {
    const url = cluster.createDatabase('restored');
    const target = path.join(root, 'restored');
    const run = await cli('restore', dumpFile, target, '--database', url);
    expect(run.err).toBe('');
    expect(run.code).toBe(0);
    expect(run.out).toMatch(/row counts match the backup's receipt/);
    const study = openStudy(target);
    try {
      expect(study.db.engine).toBe('postgres');
      const chain = verifyAuditChain(study.db);
      expect(chain.ok).toBe(true);
      const last = study.db.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { action: string };
      expect(last.action).toBe('study.restore');
      const rated = study.db.prepare('SELECT r.scores FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?').all(ratedCode);
      expect(rated).toHaveLength(1);
      for (const c of study.db.prepare('SELECT media_file AS f, sha256 FROM clips').all() as { f: string; sha256: string }[]) {
        expect(sha256Of(path.join(target, 'media', c.f))).toBe(c.sha256);
      }
    } finally {
      study.close();
    }
  });

  it('refuses to restore into a database that is not empty, and changes nothing', async () => {
    const url = cluster.createDatabase('occupied');
    const db = openPostgres(url, { migrate: false });
    db.exec("CREATE TABLE other_app (x text); INSERT INTO other_app VALUES ('theirs')");
    const target = path.join(root, 'refused');
    const run = await cli('restore', dumpFile, target, '--database', url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/is not empty \(it has 1 table: other_app\).*Nothing was changed/);
    expect(existingTables(url)).toEqual(['other_app']);
    expect(db.prepare('SELECT x FROM other_app').all()).toEqual([{ x: 'theirs' }]);
    db.close();
    expect(existsSync(target)).toBe(false);
    const noDatabase = await cli('restore', dumpFile, target);
    expect(noDatabase.code).toBe(2);
    expect(noDatabase.err).toMatch(/PostgreSQL backup .*--database/);
  });

  it('a restore that does not match its receipt is undone: the database is empty again, no folder is left', async () => {
    const copy = path.join(root, 'tampered.pgdump');
    cpSync(dumpFile, copy);
    const receipt = JSON.parse(readFileSync(`${dumpFile}.json`, 'utf8')) as { tables: Record<string, number> };
    receipt.tables['ratings'] = receipt.tables['ratings']! + 1;
    writeFileSync(`${copy}.json`, JSON.stringify(receipt));
    const url = cluster.createDatabase('undone');
    const target = path.join(root, 'undone');
    const run = await cli('restore', copy, target, '--database', url);
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/The restored ratings has \d+ rows, the receipt says \d+/);
    expect(existingTables(url)).toEqual([]);
    const db = openPostgres(url, { migrate: false });
    expect(db.prepare("SELECT count(*) AS n FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'").get()).toEqual({ n: 0 });
    db.close();
    expect(existsSync(target)).toBe(false);
  });

  it('keeps only --keep dumps, removing an older one with its receipt', async () => {
    const run = await cli('backup', studyDir, '--to', backups, '--keep', '1');
    expect(run.code, run.err).toBe(0);
    const left = readdirSync(backups).filter((f) => f.includes('.pgdump'));
    expect(left).toHaveLength(2); // one dump and its receipt
    expect(left.some((f) => f === path.basename(dumpFile))).toBe(false);
  });
});
