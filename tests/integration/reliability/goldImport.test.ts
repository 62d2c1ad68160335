// Adding a gold standard from a manifest: recordings de-identified like outcome recordings (the
// output named by an opaque code, tags gone), registered as training clips with their labels and
// master scores. Fixtures are generated with ffmpeg.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { listClips } from '../../../db/repositories/clips';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { importGoldCommand } from '../../../electron/cli/commands/reliability';
import { addUser } from '../../../electron/core/auth/users';
import { probeJson } from '../../../electron/core/media/probe';
import { goldStandard, importGoldManifest } from '../../../electron/core/reliability/study';
import { makeClip } from '../../support/mediaFixtures';
import { reliabilityFixture, type Fixture } from './fixture';

let f: Fixture;
let folder: string;

beforeAll(async () => {
  f = reliabilityFixture();
  folder = path.join(f.dir, 'training-set');
  await mkdir(folder, { recursive: true });
  await makeClip(path.join(folder, 'EAS training 07.mp4'), { seconds: 1, extra: ['-metadata', 'title=Family 07 home visit', '-metadata', 'comment=trainer copy'] });
  await makeClip(path.join(folder, 'EAS training 12.mp4'), { seconds: 1, pattern: 'smptebars' });
});
afterAll(() => f.close());

describe('importing a gold standard', () => {
  it('refuses a score off the scale before any recording is processed', async () => {
    const manifest = 'file,sensitivity\nEAS training 07.mp4,5.25\n';
    await expect(importGoldManifest(f.db, f.study.paths.blindedMedia, { text: manifest, folder }, 'trainers', 'lea')).rejects.toThrow(/not on the sensitivity scale/);
    expect(listClips(f.db)).toEqual([]);
  });

  it('de-identifies each recording, adds it as a training clip and records its master scores', async () => {
    const manifest = 'file,label,sensitivity,non_intrusiveness\nEAS training 07.mp4,T07,5.5,6\nEAS training 12.mp4,,3,\n';
    await writeFile(path.join(folder, 'manifest.csv'), manifest);
    const outcome = await importGoldManifest(f.db, f.study.paths.blindedMedia, { text: manifest, folder }, 'EAS trainers', 'lea', { jobs: 1 });
    expect(outcome.failed).toEqual([]);
    expect(outcome.added.map((a) => a.label)).toEqual(['T07', 'EAS training 12']);
    expect(outcome.scores).toEqual({ added: 3, corrected: 0, unchanged: 0 });
    const clips = listClips(f.db);
    expect(clips.map((c) => c.kind)).toEqual(['training', 'training']);
    for (const c of clips) {
      expect(c.mediaFile).toBe(`${c.code}.mp4`);
      const file = path.join(f.study.paths.blindedMedia, c.mediaFile);
      expect(existsSync(file)).toBe(true);
      const probed = (await probeJson(file)) as { format?: { tags?: Record<string, string> } };
      expect(JSON.stringify(probed)).not.toMatch(/Family 07|trainer copy|EAS training/);
    }
    expect(goldStandard(f.db).map((g) => [g.label, g.scores])).toEqual([
      ['EAS training 12', { sensitivity: 3 }],
      ['T07', { sensitivity: 5.5, non_intrusiveness: 6 }],
    ]);
  });

  it("makes training clips in the study's uniform picture, like its outcome clips", async () => {
    const settings = getStudy(f.db)!.settings;
    updateStudySettings(f.db, { picture: { width: 640, height: 360, fps: 30 } });
    try {
      await makeClip(path.join(folder, 'EAS training 20.mp4'), { seconds: 1, size: '320x240' });
      const outcome = await importGoldManifest(f.db, f.study.paths.blindedMedia, { text: 'file,label,sensitivity\nEAS training 20.mp4,T20,4\n', folder }, 'EAS trainers', 'lea', { jobs: 1 });
      expect(outcome.failed).toEqual([]);
      const clip = listClips(f.db).find((c) => c.code === outcome.added[0]?.code);
      expect(clip).toMatchObject({ kind: 'training', width: 640, height: 360, frameRate: 30 });
    } finally {
      f.db.prepare('UPDATE study SET settings = ? WHERE id = 1').run(JSON.stringify(settings));
    }
  });

  it('refuses a column that is no dimension, and a recording that cannot be read, before anything is processed', async () => {
    const before = listClips(f.db).length;
    await expect(
      importGoldManifest(f.db, f.study.paths.blindedMedia, { text: 'file,label,sensitivty\nEAS training 07.mp4,T30,5\n', folder }, 'trainers', 'lea'),
    ).rejects.toThrow('The manifest has column "sensitivty" that is not file, label or a dimension (sensitivity, non_intrusiveness)');
    await expect(
      importGoldManifest(f.db, f.study.paths.blindedMedia, { text: 'file,label,sensitivity\nEAS training 07.mp4,T31,5\nnot there.mp4,T32,4\n', folder }, 'trainers', 'lea'),
    ).rejects.toThrow('row 2: the recording "not there.mp4" could not be read');
    expect(listClips(f.db)).toHaveLength(before);
  });

  it('refuses a label the study already has', async () => {
    const manifest = 'file,label,sensitivity\nEAS training 07.mp4,T07,5\n';
    await expect(importGoldManifest(f.db, f.study.paths.blindedMedia, { text: manifest, folder }, 'trainers', 'lea')).rejects.toThrow(/already has a gold-standard clip "T07"/);
  });
});

describe('blindfold import-gold', () => {
  it('imports a manifest as the named lead', async () => {
    await addUser(f.db, { name: 'lea', role: 'reliability', password: 'lead-password' }, 'test');
    await makeClip(path.join(folder, 'EAS training 15.mp4'), { seconds: 1, pattern: 'testsrc' });
    const manifest = path.join(folder, 'more.csv');
    await writeFile(manifest, 'file,sensitivity\nEAS training 15.mp4,4.5\n');
    let out = '';
    const code = await importGoldCommand([f.dir, manifest, '--source', 'EAS trainers', '--as', 'lea', '--jobs', '1'], {
      stdout: (s) => {
        out += s;
      },
      stderr: () => {},
      readFile: async (p) => (await import('node:fs/promises')).readFile(p),
      env: { BLINDFOLD_PASSWORD: 'lead-password' },
    });
    expect(code).toBe(0);
    expect(out).toMatch(/^Added 1 gold-standard clip; master scores: 1 added, 0 corrected, 0 unchanged\n {2}[2-9A-Z]{4}-[2-9A-Z]{4} {2}EAS training 15\n$/);
  });
});
