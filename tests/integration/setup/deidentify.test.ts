// De-identification of a study from the command line, on what goes wrong in real trials.
//
// A new camera at follow-up: the pre-test recordings are 160×120 at 10 fps, the post-test ones
// 192×108 at 15 fps. A stream copy keeps each camera's picture, which a coder can see — so the
// picture check says it gives the timepoint away, `deidentify` warns, and a uniform picture
// (`--picture`) makes every clip alike: the same size (letter-boxed), the same frame rate.
// And a recording overwritten after its import is caught, though its hash from import is otherwise
// reused rather than read again.
import { mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { probe } from '../../../electron/core/media/probe';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { pictureCheck, setStudyPicture } from '../../../electron/core/setup';
import { openStudy } from '../../../electron/core/study/study';
import { cliWith } from '../../support/cli';
import { extractFrame } from '../../support/mediaFixtures';
import { tempDir } from '../../support/tempStudy';

const PASSPHRASE = 'picture test passphrase';
let root: string;
let cleanup: () => void;

const cli = cliWith({ BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'coder-password' });

async function newStudy(name: string): Promise<string> {
  const dir = path.join(root, name);
  expect((await cli('init', dir, '--name', name)).code).toBe(0);
  expect((await cli('import-allocation', dir, path.join(root, 'allocation.csv'))).code).toBe(0);
  expect((await cli('import-recordings', dir, path.join(root, 'recordings'), '--pattern', '{participant}_{timepoint}_*.mp4')).code).toBe(0);
  return dir;
}

async function check(dir: string, onProgress?: (done: number, total: number) => void) {
  const study = openStudy(dir);
  try {
    return await pictureCheck(study.db, await unlockStudyKey(study.db, PASSPHRASE), onProgress);
  } finally {
    study.close();
  }
}

function clips(dir: string): { code: string; width: number; height: number; frame_rate: number; media_file: string }[] {
  const study = openStudy(dir);
  try {
    return study.db.prepare("SELECT code, width, height, frame_rate, media_file FROM clips WHERE kind = 'outcome' ORDER BY code").all() as never;
  } finally {
    study.close();
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-picture-'));
  const folder = path.join(root, 'recordings');
  mkdirSync(folder, { recursive: true });
  let i = 0;
  for (const p of ['PX-2001', 'PX-2002', 'PX-2003', 'PX-2004']) {
    await runFfmpeg(testPatternArgs({ out: path.join(folder, `${p}_pre_play.mp4`), seconds: 1, size: '160x120', fps: 10, frequency: 200 + 40 * i++ }));
    await runFfmpeg(testPatternArgs({ out: path.join(folder, `${p}_post_play.mp4`), seconds: 1, size: '192x108', fps: 15, frequency: 200 + 40 * i++ }));
  }
  writeFileSync(path.join(root, 'allocation.csv'), 'record_id,arm\nPX-2001,intervention\nPX-2002,control\nPX-2003,intervention\nPX-2004,control\n');
  // Import trusts a recording's fingerprint only once it has been still for a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 3500));
}, 120_000);
afterAll(() => cleanup());

describe('the picture check', () => {
  it('before de-identification, finds that the picture gives the timepoint away (and not the arm)', async () => {
    const dir = await newStudy('check');
    const seen: number[] = [];
    const found = await check(dir, (done, total) => seen.push(done, total));
    expect(seen).toEqual([0, 8, 1, 8, 2, 8, 3, 8, 4, 8, 5, 8, 6, 8, 7, 8]); // each recording as it is probed
    expect(found.picture).toBeNull();
    expect(found.clips).toBe(8);
    expect(found.pictures).toEqual(['160×120, 10 fps', '192×108, 15 fps']);
    expect(found.byTimepoint).toEqual([
      { level: 'post', counts: { '192×108, 15 fps': 4 } },
      { level: 'pre', counts: { '160×120, 10 fps': 4 } },
    ]);
    expect(found.byArm).toEqual([
      { level: 'control', counts: { '160×120, 10 fps': 2, '192×108, 15 fps': 2 } },
      { level: 'intervention', counts: { '160×120, 10 fps': 2, '192×108, 15 fps': 2 } },
    ]);
    expect(found.tells).toEqual(['timepoint']);

    // A crop mask on one pre-test recording: its clip will be the crop's size, and the check says so.
    const study = openStudy(dir);
    try {
      const { recordingsOf } = await import('../../../electron/core/setup/sealedRecords');
      const pre = recordingsOf(study.db, await unlockStudyKey(study.db, PASSPHRASE)).find((x) => x.sourceFile === 'PX-2001_pre_play.mp4')!;
      study.db.prepare('UPDATE deid_jobs SET masks = ? WHERE code = ?').run(JSON.stringify([{ kind: 'crop', x: 10, y: 10, width: 100, height: 80 }]), pre.code);
    } finally {
      study.close();
    }
    const cropped = await check(dir);
    expect(cropped.byTimepoint).toEqual([
      { level: 'post', counts: { '192×108, 15 fps': 4 } },
      { level: 'pre', counts: { '100×80, 10 fps': 1, '160×120, 10 fps': 3 } },
    ]);
    expect(cropped.tells).toEqual(['timepoint', 'arm']);
  });
});

describe('deidentify without a uniform picture', () => {
  it('is refused while the picture gives the timepoint away; with a reason recorded it keeps each camera picture, and the setting can then no longer change', async () => {
    const dir = await newStudy('own');
    const refused = await cli('deidentify', dir);
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('differs by timepoint, so a coder could tell them apart');
    expect(refused.err).toContain('timepoint pre: 160×120, 10 fps ×4');
    expect(refused.err).toContain('--picture WIDTHxHEIGHT@FPS');
    expect(refused.err).toContain('could tell a coder the timepoint');
    expect(clips(dir)).toEqual([]);
    expect((await cli('deidentify', dir, '--blinding-reason', 'too short')).code).toBe(2);

    const reason = 'Coders see one timepoint only: pre and post are coded by different coder teams';
    const r = await cli('deidentify', dir, '--blinding-reason', reason);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`"${reason}"`);
    expect(new Set(clips(dir).map((c) => `${c.width}x${c.height}`))).toEqual(new Set(['160x120', '192x108']));
    const study = openStudy(dir);
    try {
      const audit = study.db.prepare("SELECT actor, detail, reason FROM audit_log WHERE action = 'setup.blinding_exception'").all();
      expect(audit).toEqual([{ actor: expect.stringMatching(/^cli:/), detail: '{"check":"picture","tells":["timepoint"]}', reason }]);
    } finally {
      study.close();
    }
    const status = await cli('status', dir);
    expect(status.out).toContain(`Blinding exception: the picture differs by timepoint; accepted by`);
    expect(status.out).toContain(reason);
    const late = await cli('deidentify', dir, '--picture', '320x240@25');
    expect(late.code).not.toBe(0);
    expect(late.err).toContain('8 clip(s) are already de-identified');
  });
});

describe('a source changed after import', () => {
  it('is caught: its job fails with a clear message and the others are made', async () => {
    const dir = await newStudy('changed');
    const study = openStudy(dir);
    let changed: string;
    let code: string;
    try {
      const { recordingsOf } = await import('../../../electron/core/setup/sealedRecords');
      const record = recordingsOf(study.db, await unlockStudyKey(study.db, PASSPHRASE)).find((x) => x.sourceFile === 'PX-2003_pre_play.mp4')!;
      // Import trusted the fingerprint: the recordings were settled when it read them.
      expect(record.sourceFingerprint).toMatchObject({ size: expect.any(Number), mtimeNs: expect.any(String), ctimeNs: expect.any(String), ino: expect.any(String) });
      changed = record.sourcePath;
      code = record.code;
    } finally {
      study.close();
    }
    // Another recording copied over it after import (a re-export from the camera, say), its
    // modification time then put back as `cp -p` or `touch -r` would.
    const original = readFileSync(changed);
    const { atime, mtime } = statSync(changed);
    writeFileSync(changed, readFileSync(path.join(root, 'recordings', 'PX-2004_pre_play.mp4')));
    utimesSync(changed, atime, mtime);
    try {
      // The pictures differ by timepoint here (two cameras): accepted with a reason, so the copy runs.
      const r = await cli('deidentify', dir, '--blinding-reason', 'Test fixture: the camera change is what this test is not about');
      expect(r.code).toBe(1);
      expect(r.err).toContain(`${code}: The source file changed since it was imported; import it again`);
      expect(r.out).toMatch(/^7 clip\(s\) de-identified, 1 failed/);
      expect(clips(dir).map((c) => c.code)).not.toContain(code);
    } finally {
      writeFileSync(changed, original);
    }
  });
});

describe('deidentify --picture', () => {
  it('refuses a picture that is not even or out of range, before anything changes', async () => {
    const dir = await newStudy('bad-picture');
    for (const bad of ['321x240@25', '320x240', '320x240@0', '32x24@25', 'big']) {
      const r = await cli('deidentify', dir, '--picture', bad);
      expect(r.code, bad).toBe(2);
      expect(r.err).toContain('--picture must be WIDTHxHEIGHT@FPS');
    }
    expect(clips(dir)).toEqual([]);
  });

  it('makes every clip the same size and frame rate, letter-boxed, verified; the check then finds nothing', async () => {
    const dir = await newStudy('uniform');
    const r = await cli('deidentify', dir, '--picture', '320x240@25');
    expect(r).toMatchObject({ code: 0 });
    expect(r.err).not.toContain('Warning');
    const made = clips(dir);
    expect(made).toHaveLength(8);
    for (const c of made) {
      expect([c.width, c.height, c.frame_rate]).toEqual([320, 240, 25]);
      const file = path.join(dir, 'media', c.media_file);
      expect(await verifyBlindedOutput(file)).toEqual([]);
      const audio = (await probe(file)).streams.find((s) => s.codecType === 'audio');
      expect(audio).toBeDefined();
    }
    const found = await check(dir);
    expect(found.picture).toEqual({ width: 320, height: 240, fps: 25 });
    expect(found.pictures).toEqual(['320×240, 25 fps']);
    expect(found.tells).toEqual([]);

    // The 16:9 post-test picture is letter-boxed: black bars above and below, picture in the middle.
    const study = openStudy(dir);
    let postCode: string;
    try {
      const keyring = await unlockStudyKey(study.db, PASSPHRASE);
      const { recordingsOf } = await import('../../../electron/core/setup/sealedRecords');
      postCode = recordingsOf(study.db, keyring).find((x) => x.timepoint === 'post')?.code ?? '';
      const audit = study.db.prepare("SELECT detail FROM audit_log WHERE action = 'setup.picture'").all() as { detail: string }[];
      expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ picture: { width: 320, height: 240, fps: 25 } }]);
      expect(() => setStudyPicture(study.db, null, 'test')).toThrow(/already de-identified/);
    } finally {
      study.close();
    }
    const frame = await extractFrame(path.join(dir, 'media', `${postCode}.mp4`), 0.5, 320, 240);
    const rowMean = (y: number): number => {
      let sum = 0;
      for (let x = 0; x < 320 * 3; x++) sum += frame.data[y * 320 * 3 + x]!;
      return sum / (320 * 3);
    };
    expect(rowMean(5)).toBeLessThan(20); // bar (320×180 picture, 30 rows of black above)
    expect(rowMean(234)).toBeLessThan(20); // bar below
    expect(rowMean(120)).toBeGreaterThan(40); // the test pattern
  });
});

describe('outputs the study did not record', () => {
  it('an output left by a crash before it was recorded is made again with the setting in force', async () => {
    const dir = await newStudy('crashed');
    const study = openStudy(dir);
    try {
      const { recordingsOf } = await import('../../../electron/core/setup/sealedRecords');
      const pre = recordingsOf(study.db, await unlockStudyKey(study.db, PASSPHRASE)).filter((r) => r.timepoint === 'pre');
      // What a crash between rename and record leaves: verified outputs under their final names, no clip rows.
      const report = await runDeidentification(pre.map((r) => ({ sourceFile: r.sourcePath, outputDir: study.paths.blindedMedia, code: r.code })));
      expect(report.results).toHaveLength(4);
    } finally {
      study.close();
    }
    expect((await cli('deidentify', dir, '--picture', '320x240@25')).code).toBe(0);
    const made = clips(dir);
    expect(made).toHaveLength(8);
    expect(new Set(made.map((c) => `${c.width}x${c.height}@${c.frame_rate}`))).toEqual(new Set(['320x240@25']));
  });

  it('a recording whose masks change while it is being made is refused, and made again on the next run', async () => {
    const dir = await newStudy('changing');
    const study = openStudy(dir);
    try {
      const keyring = await unlockStudyKey(study.db, PASSPHRASE);
      const { deidentifyPending } = await import('../../../electron/core/setup');
      let target = '';
      const outcome = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, 'test', {
        jobs: 1,
        onProgress: (e) => {
          if (target || e.stage !== 'encoding') return;
          target = e.code;
          study.db.prepare('UPDATE deid_jobs SET masks = ? WHERE code = ?').run(JSON.stringify([{ kind: 'blur', x: 0, y: 0, width: 40, height: 20 }]), e.code);
        },
      });
      expect(outcome.failed).toEqual([{ code: target, message: 'The masks or the picture setting changed while this recording was being de-identified; run de-identification again' }]);
      expect(outcome.done).toBe(7);
      expect(study.db.prepare('SELECT 1 FROM clips WHERE code = ?').get(target)).toBeUndefined();
      const again = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, 'test');
      expect(again).toMatchObject({ done: 1, failed: [] });
      const clip = study.db.prepare('SELECT width FROM clips WHERE code = ?').get(target) as { width: number };
      expect(clip.width).toBeGreaterThan(0);
    } finally {
      study.close();
    }
  });
});

