// The whole set-up pipeline through the command line, on generated recordings: what lands, what is
// refused whole, what is reproducible, and that the study file holds no allocation in the clear.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import type { CliIo } from '../../../electron/cli/io';
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { replayAssignments } from '../../../electron/core/setup';
import { openStudy } from '../../../electron/core/study/study';
import { queueOf } from '../../../db/repositories/assignments';
import { findUserByName } from '../../../db/repositories/users';
import { saveDraft, submitRating } from '../../../electron/core/coding/ratings';
import { tempDir } from '../../support/tempStudy';
import { dumpDb } from '../../support/dumpStudy';
import { storedBytes } from '../../support/testDb';

const PASSPHRASE = 'pipeline test passphrase';
let root: string;
let cleanup: () => void;
let studyDir: string;

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'coder-password' },
  };
  const code = await main(argv, io);
  return { code, out, err };
}

function dump(): string {
  const study = openStudy(studyDir);
  try {
    // Opening the sealed key is audited, from the command line as in the app (both go through
    // setup.unlock); a refused import changes nothing else.
    return dumpDb(study.db, "action <> 'key.open_for_setup'");
  } finally {
    study.close();
  }
}

async function recording(file: string, i: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg(testPatternArgs({ out: file, seconds: 1, size: '160x120', fps: 10, frequency: 200 + i * 37, extra: ['-metadata', `title=${path.basename(file)}`] }));
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-pipeline-'));
  studyDir = path.join(root, 'study');
  let i = 0;
  for (const p of ['PX-1001', 'PX-1002', 'PX-1003', 'PX-1004']) {
    for (const t of ['baseline', 'posttest']) await recording(path.join(root, 'wave1', `${p}_${t}_freeplay.mp4`), i++);
  }
  for (const t of ['baseline', 'posttest']) await recording(path.join(root, 'wave2', `PX-1005_${t}_freeplay.mp4`), i++);
  await recording(path.join(root, 'bad', 'PX-9999_baseline_freeplay.mp4'), i);
  writeFileSync(
    path.join(root, 'allocation.csv'),
    '\uFEFFrecord_id;arm;stratum\nPX-1001;VIPP-ARM-Q;A\nPX-1002;CAU-ARM-Z;A\nPX-1003;VIPP-ARM-Q;B\nPX-1004;CAU-ARM-Z;B\nPX-1005;VIPP-ARM-Q;B\n',
  );
  writeFileSync(path.join(root, 'bad-allocation.csv'), 'record_id,arm\nPX-1001,VIPP-ARM-Q\nPX-1001,CAU-ARM-Z\nPX-1002,\n');
}, 120_000);
afterAll(() => cleanup());

describe('set-up from the command line', () => {
  it('creates the study and its coders; refuses a short passphrase', async () => {
    expect((await cli('init', path.join(root, 'x'), '--name', 'X')).code).toBe(0);
    const short = await main(['init', path.join(root, 'y'), '--name', 'Y'], {
      stdout: () => undefined,
      stderr: () => undefined,
      readFile: async (p) => readFileSync(p),
      env: { BLINDFOLD_PASSPHRASE: 'short' },
    });
    expect(short).toBe(2);
    expect(readdirSync(root)).not.toContain('y');
    expect(await cli('init', studyDir, '--name', 'Pipeline trial')).toMatchObject({ code: 0 });
    for (const name of ['ann', 'bob', 'cem']) expect((await cli('add-user', studyDir, '--name', name, '--role', 'coder')).code).toBe(0);
  });

  it('refuses a bad allocation whole, naming rows and columns, and changes nothing', async () => {
    const before = dump();
    const r = await cli('import-allocation', studyDir, path.join(root, 'bad-allocation.csv'), '--arms', 'VIPP-ARM-Q,CAU-ARM-Z');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing was imported/);
    expect(r.err).toMatch(/row 3.*PX-1001|PX-1001.*row 3/s);
    expect(r.err).toMatch(/row 4/);
    expect(dump()).toBe(before);
  });

  it('imports the allocation (BOM, semicolons, custom arm labels)', async () => {
    const r = await cli('import-allocation', studyDir, path.join(root, 'allocation.csv'), '--arms', 'VIPP-ARM-Q,CAU-ARM-Z');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/5 participants/);
  });

  it('refuses a folder with an unknown participant whole, and changes nothing', async () => {
    const before = dump();
    const r = await cli('import-recordings', studyDir, path.join(root, 'bad'), '--pattern', '{participant}_{timepoint}_*.mp4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/PX-9999/);
    expect(dump()).toBe(before);
  });

  it('imports, de-identifies, assigns reproducibly and seals', async () => {
    expect((await cli('import-recordings', studyDir, path.join(root, 'wave1'), '--pattern', '{participant}_{timepoint}_*.mp4')).code).toBe(0);
    const again = await cli('import-recordings', studyDir, path.join(root, 'wave1'), '--pattern', '{participant}_{timepoint}_*.mp4');
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/imported earlier/);
    const deid = await cli('deidentify', studyDir, '--jobs', '2');
    expect(deid).toMatchObject({ code: 0 });
    expect(deid.out).toMatch(/^8 clip\(s\) de-identified/);
    const media = readdirSync(path.join(studyDir, 'media'));
    expect(media).toHaveLength(8);
    for (const f of media) expect(f).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}\.mp4$/);

    expect((await cli('assign', studyDir, '--coders', 'ann,bob,cem', '--seed', 'trial-seed-1', '--double-fraction', '0.25')).code).toBe(0);
    const sealed = await cli('seal', studyDir);
    expect(sealed.code).toBe(0);
    const commitment = /commitment: ([0-9a-f]{64})/.exec(sealed.out)?.[1];
    expect(commitment).toBeDefined();

    const study = openStudy(studyDir);
    try {
      const log = study.db.prepare("SELECT detail FROM audit_log WHERE action = 'study.seal'").get() as { detail: string };
      expect(JSON.parse(log.detail).commitment).toBe(commitment);
      const replay = replayAssignments(study.db, await unlockStudyKey(study.db, PASSPHRASE));
      expect(replay).toMatchObject({ rounds: 1, matches: true });
      const counts = study.db.prepare('SELECT purpose, COUNT(*) AS n FROM assignments GROUP BY purpose ORDER BY purpose').all();
      expect(counts).toEqual([
        { purpose: 'primary', n: 8 },
        { purpose: 'reliability', n: 2 },
      ]);
    } finally {
      study.close();
    }
  });

  it('adds recordings later: work begun keeps its place, new clips mix with work not yet begun', async () => {
    // ann begins two clips (a draft, a submission) before the second wave arrives.
    const study = openStudy(studyDir);
    const annQueue = queueOf(study.db, findUserByName(study.db, 'ann')!.id);
    const [first, second] = annQueue;
    saveDraft(study.db, findUserByName(study.db, 'ann')!.id, second!.code, { scores: { sensitivity: 4 }, notes: {}, overallNote: '', unscorable: null }, 5);
    submitRating(study.db, { id: findUserByName(study.db, 'ann')!.id, name: 'ann' }, first!.code, { scores: { sensitivity: 4, non_intrusiveness: 5 }, notes: {}, overallNote: '', unscorable: null }, 5);
    const before = study.db.prepare('SELECT clip_id, coder_id, position, purpose FROM assignments ORDER BY id').all() as { clip_id: number; coder_id: number; position: number; purpose: string }[];
    study.close();
    expect((await cli('import-recordings', studyDir, path.join(root, 'wave2'), '--pattern', '{participant}_{timepoint}_*.mp4')).code).toBe(0);
    expect((await cli('deidentify', studyDir)).code).toBe(0);
    const assigned = await cli('assign', studyDir, '--coders', 'ann,bob,cem', '--seed', 'trial-seed-2');
    expect(assigned.err).toBe('');
    const after = openStudy(studyDir);
    try {
      const rows = after.db.prepare('SELECT clip_id, coder_id, position, purpose FROM assignments ORDER BY id').all() as typeof before;
      // Every earlier assignment is still there, for the same coder and purpose.
      expect(rows.slice(0, before.length).map((r) => [r.clip_id, r.coder_id, r.purpose])).toEqual(before.map((r) => [r.clip_id, r.coder_id, r.purpose]));
      expect(rows.length).toBeGreaterThan(before.length);
      // The two clips ann began did not move.
      const annId = findUserByName(after.db, 'ann')!.id;
      const annNow = queueOf(after.db, annId);
      expect(annNow.find((q) => q.code === first!.code)?.position).toBe(first!.position);
      expect(annNow.find((q) => q.code === second!.code)?.position).toBe(second!.position);
      // Each queue is still numbered 1..n.
      for (const coder of ['ann', 'bob', 'cem']) {
        const positions = queueOf(after.db, findUserByName(after.db, coder)!.id).map((q) => q.position);
        expect(positions).toEqual(positions.map((_, i) => i + 1));
      }
      const replay = replayAssignments(after.db, await unlockStudyKey(after.db, PASSPHRASE));
      expect(replay.mismatches).toEqual([]);
      expect(replay).toMatchObject({ rounds: 2, matches: true });
    } finally {
      after.close();
    }
  });

  it('leaves no participant id, arm label or source name readable in the study folder', async () => {
    const planted = ['PX-100', 'VIPP-ARM-Q', 'CAU-ARM-Z', 'freeplay', 'baseline', 'posttest', 'wave1'];
    const study = openStudy(studyDir);
    const stored = storedBytes(study.db, study.paths.database);
    study.close();
    for (const value of planted) expect(stored.includes(value), `${value} in the database`).toBe(false);
    for (const file of readdirSync(studyDir, { recursive: true, encoding: 'utf8' })) {
      const full = path.join(studyDir, file);
      for (const value of planted) expect(file, `a name in the study folder`).not.toContain(value);
      if (!file.includes('.')) continue;
      const bytes = readFileSync(full).toString('latin1');
      for (const value of planted) expect(bytes.includes(value), `${value} in ${file}`).toBe(false);
    }
    const status = await cli('status', studyDir, '--json');
    expect(JSON.parse(status.out)).toMatchObject({ clips: 10, audit: { ok: true } });
  });
});
