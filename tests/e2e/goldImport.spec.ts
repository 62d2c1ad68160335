// The reliability lead adds gold-standard clips in the app: a manifest typed into the Training
// card, whose master scores they are, Import — progress while the recordings are de-identified, a
// result line naming the new clips, and the clips with their master scores in the gold-standard
// table. A manifest with an off-scale score is refused with its row, and nothing is added.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { addUser } from '../../electron/core/auth/users';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { openStudy } from '../../electron/core/study/study';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { login, screenshot } from './support';

const LEAD = { name: 'rita', password: 'reliability-lead-password-1' };

let root: string;
let studyDir: string;
let app: TestApp;
let sources: string;

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-gold-import-'));
  studyDir = path.join(root, 'study');
  await buildStudy(studyDir, { clips: [{ seconds: 2, size: '160x120' }], coders: [{ name: 'kim', password: 'coder-password-1', clips: [0] }] });
  sources = path.join(root, 'training set');
  mkdirSync(sources);
  // Long enough that the de-identification is still running when the progress is first polled.
  for (let i = 0; i < 3; i++) {
    await runFfmpeg(testPatternArgs({ out: path.join(sources, `EAS training ${i + 1}.mp4`), seconds: 20, size: '640x360', frequency: 500 + 40 * i }));
  }
  writeFileSync(
    path.join(sources, 'gold.csv'),
    'file,label,sensitivity,non_intrusiveness\nEAS training 1.mp4,EA-gold-1,2,3\nEAS training 2.mp4,EA-gold-2,4.5,5\nEAS training 3.mp4,,6.5,6.5\n',
  );
  writeFileSync(path.join(sources, 'typo.csv'), 'file,label,sensitivity\nEAS training 1.mp4,EA-typo-1,9\n');
  const study = openStudy(studyDir);
  try {
    await addUser(study.db, { name: LEAD.name, role: 'reliability', password: LEAD.password }, 'test');
  } finally {
    study.close();
  }
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, studyDir);
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('the lead adds gold-standard clips from a manifest and sees them in the training panel', async () => {
  const page = await app.page();
  await login(page, LEAD.name, LEAD.password);
  await page.getByRole('tab', { name: 'Training & certification' }).click();
  await expect(page.getByText('The study has no gold-standard clips yet')).toBeVisible();

  const card = page.getByTestId('gold-import');
  await expect(card.getByRole('heading', { name: 'Add gold-standard clips' })).toBeVisible();
  const db = () => app.db();
  const clipCount = () => (db().prepare("SELECT COUNT(*) AS n FROM clips WHERE kind = 'training'").get() as { n: number }).n;

  // An off-scale score: refused with its row, nothing added.
  await card.getByLabel('Manifest (full path of the CSV file)').fill(path.join(sources, 'typo.csv'));
  await card.getByLabel('Whose master scores').fill('EAS trainers 2024');
  await card.getByRole('button', { name: 'Import' }).click();
  await expect(card.getByRole('alert')).toHaveText('row 1: 9 is not on the sensitivity scale');
  expect(clipCount()).toBe(0);

  await card.getByLabel('Manifest (full path of the CSV file)').fill(path.join(sources, 'gold.csv'));
  await card.getByRole('button', { name: 'Import' }).click();
  await expect(card.getByTestId('gold-import-progress').getByRole('progressbar', { name: 'Gold-standard clips de-identified' })).toBeVisible();
  await screenshot(page, 'gold-import-progress');
  const result = card.getByTestId('gold-import-result');
  await expect(result).toHaveText('Added 3 gold-standard clips: EA-gold-1, EA-gold-2, EAS training 3. Master scores: 6 added, 0 corrected, 0 unchanged.', { timeout: 120_000 });
  await expect(card.getByTestId('gold-import-progress')).toHaveCount(0);

  const table = page.getByRole('table', { name: /Gold-standard clips/ });
  await expect(table.getByRole('row')).toHaveCount(4);
  await expect(table.getByRole('row', { name: /EA-gold-2/ })).toContainText('4.5');
  await expect(table).toContainText('EAS training 3');
  expect(clipCount()).toBe(3);
  const audit = db().prepare("SELECT actor, action FROM audit_log WHERE action IN ('training.clips', 'training.gold_scores') ORDER BY seq").all();
  expect(audit).toEqual([
    { actor: LEAD.name, action: 'training.clips' },
    { actor: LEAD.name, action: 'training.gold_scores' },
  ]);

  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
  await screenshot(page, 'gold-import');
});
