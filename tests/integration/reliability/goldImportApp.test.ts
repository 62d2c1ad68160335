// The lead adds gold-standard clips in the app (reliability.importGold through createCore, as the
// app and the e2e harness call it): the clips and master scores land, with progress on the task
// board; a manifest with an off-scale score, an unknown column, a label twice or already in the
// study, or a recording that is not there is refused with every table unchanged; and no other role
// may import.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { addUser } from '../../../electron/core/auth/users';
import type { GoldImportView, Role, TaskProgressView, TrainingOverview } from '../../../electron/common/contract';
import { createStudy } from '../../../electron/core/study/study';
import { makeClip } from '../../support/mediaFixtures';
import { coreCalls } from '../../support/coreCalls';
import { tempDir } from '../../support/tempStudy';

const PASSWORD = 'gold-import-password';
const USERS: readonly { name: string; role: Role }[] = [
  { name: 'lea', role: 'reliability' },
  { name: 'cody', role: 'coder' },
  { name: 'aud', role: 'auditor' },
  { name: 'mia', role: 'manager' },
];
const LEAD = 'lead-window';

let root: string;
let cleanup: () => void;
let folder: string;
let core: Core;

const { invoke, value, dump } = coreCalls(() => core);

function manifest(name: string, text: string): string {
  const file = path.join(folder, name);
  writeFileSync(file, text);
  return file;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-gold-app-'));
  const studyDir = path.join(root, 'study');
  folder = path.join(root, 'training set');
  mkdirSync(folder, { recursive: true });
  await makeClip(path.join(folder, 'EAS training 03.mp4'), { seconds: 1, extra: ['-metadata', 'title=Family 03 home visit'] });
  await makeClip(path.join(folder, 'EAS training 04.mp4'), { seconds: 1, pattern: 'smptebars' });
  const study = createStudy(studyDir, 'Gold import in the app', 'test');
  for (const u of USERS) await addUser(study.db, { ...u, password: PASSWORD }, 'test');
  study.close();
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
  await value(LEAD, 'auth.login', { name: 'lea', password: PASSWORD });
}, 120_000);

afterAll(async () => {
  await core?.close();
  cleanup();
});

describe('reliability.importGold', () => {
  it('is the lead’s alone: a coder, an auditor and a manager are refused', async () => {
    const file = manifest('others.csv', 'file,sensitivity\nEAS training 03.mp4,5\n');
    for (const u of USERS.filter((x) => x.role !== 'reliability')) {
      const key = `${u.role}-window`;
      await value(key, 'auth.login', { name: u.name, password: PASSWORD });
      const before = dump();
      expect(await invoke(key, 'reliability.importGold', { manifestPath: file, source: 'trainers' }), u.role).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(dump(), u.role).toBe(before);
      core.endSession(key);
    }
  });

  it.each([
    ['an off-scale score', 'off-scale.csv', 'file,label,sensitivity\nEAS training 03.mp4,T03,5\nEAS training 04.mp4,T04,8\n', /row 2: 8 is not on the sensitivity scale/],
    ['an unknown column', 'misspelt.csv', 'file,label,sensitivty,non_intrusiveness\nEAS training 03.mp4,T03,5,6\n', /"sensitivty".*not file, label or a dimension/],
    ['a label twice', 'twice.csv', 'file,label,sensitivity\nEAS training 03.mp4,T03,5\nEAS training 04.mp4,T03,4\n', /the label "T03" appears twice/],
    ['a recording that is not there', 'missing.csv', 'file,label,sensitivity\nEAS training 03.mp4,T03,5\nEAS training 99.mp4,T99,4\n', /row 2: the recording "EAS training 99.mp4" could not be read/],
  ])('refuses a manifest with %s and changes nothing', async (_case, name, text, message) => {
    const file = manifest(name, text);
    const before = dump();
    const r = await invoke<GoldImportView>(LEAD, 'reliability.importGold', { manifestPath: file, source: 'EAS trainers' });
    expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/bad_input|not_found/) } });
    if (!r.ok) {
      expect(r.error.message).toMatch(message);
      expect(r.error.message).not.toContain(root);
    }
    expect(dump()).toBe(before);
  });

  it('refuses a manifest file that is not there', async () => {
    const before = dump();
    expect(await invoke(LEAD, 'reliability.importGold', { manifestPath: path.join(folder, 'nowhere.csv'), source: 'EAS trainers' })).toMatchObject({
      ok: false,
      error: { code: 'not_found', message: 'That file could not be read' },
    });
    expect(dump()).toBe(before);
  });

  it('refuses an empty source before reading anything', async () => {
    const file = manifest('blank-source.csv', 'file,sensitivity\nEAS training 03.mp4,5\n');
    expect(await invoke(LEAD, 'reliability.importGold', { manifestPath: file, source: '   ' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });

  it('adds the clips with their master scores, as the lead, with progress on the task board', async () => {
    const file = manifest('gold.csv', 'file,label,sensitivity,non_intrusiveness\nEAS training 03.mp4,T03,5.5,6\nEAS training 04.mp4,,3,\n');
    const outcome = await value<GoldImportView>(LEAD, 'reliability.importGold', { manifestPath: file, source: 'EAS trainers' });
    expect(outcome.failed).toEqual([]);
    expect(outcome.added.map((a) => a.label)).toEqual(['T03', 'EAS training 04']);
    for (const a of outcome.added) expect(a.code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
    expect(outcome.scores).toEqual({ added: 3, corrected: 0, unchanged: 0 });

    const task = await value<TaskProgressView | null>(LEAD, 'setup.progress', {});
    expect(task).toMatchObject({ task: 'Adding gold-standard clips', done: 100, total: 100, finished: true, message: null });
    expect(Object.keys(task!.items).sort()).toEqual(outcome.added.map((a) => a.code).sort());

    const training = await value<TrainingOverview>(LEAD, 'reliability.training', {});
    expect(training.goldClips.map((g) => [g.label, g.scores])).toEqual([
      ['EAS training 04', { sensitivity: 3 }],
      ['T03', { sensitivity: 5.5, non_intrusiveness: 6 }],
    ]);
    const audit = core.context.study.db.prepare("SELECT actor, action FROM audit_log WHERE action LIKE 'training.%' OR action LIKE 'gold%'").all();
    expect(audit.length).toBeGreaterThan(0);
    for (const row of audit as { actor: string }[]) expect(row.actor).toBe('lea');
  }, 120_000);

  it('refuses a label the study already has, and changes nothing', async () => {
    const file = manifest('again.csv', 'file,label,sensitivity\nEAS training 04.mp4,T03,4\n');
    const before = dump();
    expect(await invoke(LEAD, 'reliability.importGold', { manifestPath: file, source: 'EAS trainers' })).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringMatching(/already has a gold-standard clip "T03"/) },
    });
    expect(dump()).toBe(before);
  });
});
