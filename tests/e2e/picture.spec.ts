// The set-up wizard's picture step in Chromium: a new camera at follow-up (pre-test 160×120 at
// 10 fps, post-test 192×108 at 15 fps). Once the recordings are in, the step warns that the picture
// gives the timepoint away; the manager makes every clip 640×480 at 25 fps, the warning goes, and
// every de-identified clip has that picture. Then the setting is shown read-only.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { main } from '../../electron/cli/main';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSPHRASE = 'picture unblinding passphrase';
let root: string;
let studyDir: string;
let app: TestApp;
/** A second app on the same study, when a test opens one. */
let other: TestApp | undefined;

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-picture-e2e-'));
  studyDir = path.join(root, 'study');
  const io = (password: string) => ({
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p: string) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  expect(await main(['init', studyDir, '--name', 'Picture trial'], io(''))).toBe(0);
  expect(await main(['add-user', studyDir, '--name', 'mia', '--role', 'manager'], io('manager-password'))).toBe(0);
  const recordings = path.join(root, 'recordings');
  mkdirSync(recordings, { recursive: true });
  let i = 0;
  for (const p of ['PX-2001', 'PX-2002', 'PX-2003', 'PX-2004']) {
    await runFfmpeg(testPatternArgs({ out: path.join(recordings, `${p}_pre_play.mp4`), seconds: 1, size: '160x120', fps: 10, frequency: 200 + 40 * i++ }));
    await runFfmpeg(testPatternArgs({ out: path.join(recordings, `${p}_post_play.mp4`), seconds: 1, size: '192x108', fps: 15, frequency: 200 + 40 * i++ }));
  }
  writeFileSync(path.join(root, 'allocation.csv'), 'record_id,arm\nPX-2001,intervention\nPX-2002,control\nPX-2003,intervention\nPX-2004,control\n');
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, studyDir);
});

test.afterEach(async () => {
  await other?.close();
  other = undefined;
  await app?.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function axe(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** A table's body as text rows, header cell first. */
function rowsOf(page: Page, caption: RegExp) {
  return page
    .locator('table', { has: page.locator('caption', { hasText: caption }) })
    .locator('tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('th, td')].map((c) => c.textContent)));
}

async function openWizard(page: Page): Promise<void> {
  await login(page, 'mia', 'manager-password');
  await page.getByRole('tab', { name: 'Set-up' }).click();
  await page.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the key' }).click();
}

test('the picture step warns that a new camera gives the timepoint away, and a uniform picture fixes it', async ({ browser }) => {
  const page = await app.page();
  await openWizard(page);

  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  const step = page.getByRole('region', { name: /^5 Picture/ });
  await expect(rail.getByTestId('rail-picture')).toContainText('waits for step 2');

  await page.getByLabel('Allocation CSV').fill(path.join(root, 'allocation.csv'));
  await page.getByRole('button', { name: 'Import allocation' }).click();
  await expect(page.getByText('Imported 4 participants (intervention 2, control 2).')).toBeVisible();
  await page.getByRole('button', { name: 'Next: 3. Recordings' }).click();
  await page.getByLabel('Recordings folder (searched recursively)').fill(path.join(root, 'recordings'));
  await page.getByRole('button', { name: 'Preview' }).click();
  await page.getByRole('button', { name: 'Import 8 recordings' }).click();
  await expect(page.getByText('Imported 8 recordings.')).toBeVisible();
  await rail.getByRole('button', { name: /Picture/ }).click();

  // The check is fetched again once the recordings are in: it names the timepoint, not the arm.
  const warning = step.getByRole('alert');
  await expect(warning).toContainText('The picture gives the timepoint away.');
  await expect(warning).toContainText('A coder could tell the timepoint apart by picture size or frame rate');
  await expect(warning).not.toContainText('arm');
  await expect(step.locator('caption', { hasText: 'Pictures by timepoint' })).toContainText('gives the timepoint away');
  await expect(step.locator('caption', { hasText: 'Pictures by arm' })).not.toContainText('away');
  expect(await rowsOf(page, /Pictures by timepoint/)).toEqual([
    ['post', '0', '4'],
    ['pre', '4', '0'],
  ]);
  expect(await rowsOf(page, /Pictures by arm/)).toEqual([
    ['control', '2', '2'],
    ['intervention', '2', '2'],
  ]);
  await expect(step.locator('thead').first()).toContainText('160×120, 10 fps');
  await expect(step.locator('thead').first()).toContainText('192×108, 15 fps');
  await expect(step.getByLabel("Keep each recording's own picture")).toBeChecked();
  await expect(step.getByRole('button', { name: 'Save picture setting' })).toBeDisabled();
  await step.scrollIntoViewIfNeeded();
  await expect(rail.getByTestId('rail-picture')).toContainText('to do · the picture gives the timepoint away: fix it or record why not');
  await screenshot(page, 'wizard-picture-warning');
  await axe(page, 'picture warning');

  // De-identification waits for the picture step — in the wizard, and in core whatever the button says.
  await rail.getByRole('button', { name: /De-identify/ }).click();
  const deidentify = page.getByRole('region', { name: /^6 De-identify/ });
  await expect(deidentify).toContainText('This step waits for step 5, Picture and length: finish that first.');
  await expect(deidentify.getByRole('button', { name: /De-identify/ })).toHaveCount(0);
  await expect(rail.getByTestId('rail-seal')).toContainText('waits for step 5');
  await expect(page.getByRole('button', { name: 'Seal the key' })).toHaveCount(0);
  const refused = await page.evaluate(() => window.blindfold['setup.deidentify']({}));
  expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('could tell a coder the timepoint') } });
  expect(await page.evaluate(() => window.blindfold['setup.seal']({}))).toMatchObject({ ok: false, error: { code: 'conflict' } });
  expect(app.db().prepare("SELECT count(*) AS n FROM clips WHERE kind = 'outcome'").get()).toEqual({ n: 0 });
  await rail.getByRole('button', { name: /Picture/ }).click();

  await step.getByLabel('Make every clip the same picture').check();
  await step.getByLabel('Picture size').selectOption('640x480');
  await step.getByLabel('Frame rate').selectOption('25');
  await step.getByRole('button', { name: 'Save picture setting' }).click();
  await expect(step.getByText('Saved: every clip will be made 640×480 at 25 fps.')).toBeVisible();
  await expect(step.getByRole('alert')).toHaveCount(0);
  await expect(step).toContainText('Every clip coders will see is 640×480, 25 fps: the picture cannot tell a coder the timepoint or arm.');
  await expect(step.getByRole('heading', { level: 2 })).toContainText('done');
  await expect(rail.getByTestId('rail-picture')).toContainText('done · one picture for every clip');
  expect(await rowsOf(page, /Pictures by timepoint/)).toEqual([
    ['post', '4'],
    ['pre', '4'],
  ]);
  await screenshot(page, 'wizard-picture-uniform');
  await axe(page, 'picture uniform');

  // A second window left open on the step, to try a change after the clips are made. The app has
  // one window, so it is a second Blindfold on the same study folder (another user-data folder, as
  // on another computer at a shared study folder), with its own session and opened key.
  other = await TestApp.open(browser, studyDir);
  const stale = await other.page();
  await openWizard(stale);
  await stale.getByRole('navigation', { name: 'Set-up steps' }).getByRole('button', { name: /Picture/ }).click();
  const staleStep = stale.getByRole('region', { name: /^5 Picture/ });
  await expect(staleStep.getByLabel('Make every clip the same picture')).toBeChecked();

  await rail.getByRole('button', { name: /De-identify/ }).click();
  await page.getByRole('button', { name: 'De-identify 8 recordings' }).click();
  await expect(page.getByText(/^8 de-identified\./)).toBeVisible({ timeout: 120_000 });
  await rail.getByRole('button', { name: /Picture/ }).click();

  // Every clip is made alike now: the setting is shown, not offered.
  await expect(step).toContainText('Clips coders see: every clip 640×480 at 25 fps.');
  await expect(step).toContainText('8 clips are already de-identified with this setting. It applies to every clip alike, so it can no longer change.');
  await expect(step.getByRole('button', { name: 'Save picture setting' })).toHaveCount(0);
  await expect(step.getByRole('radio')).toHaveCount(0);
  await screenshot(page, 'wizard-picture-made');

  const clips = app.db().prepare("SELECT width, height, frame_rate AS fps FROM clips WHERE kind = 'outcome'").all() as {
    width: number;
    height: number;
    fps: number;
  }[];
  expect(clips).toHaveLength(8);
  for (const clip of clips) expect(clip).toEqual({ width: 640, height: 480, fps: 25 });

  // The window left open still offers the form; its Save shows core's refusal.
  await staleStep.getByLabel("Keep each recording's own picture").check();
  await staleStep.getByRole('button', { name: 'Save picture setting' }).click();
  await expect(staleStep.getByRole('alert')).toContainText('8 clip(s) are already de-identified with 640×480 at 25 fps');
  await expect(staleStep.getByRole('alert')).toHaveClass(/error/);

  // One setting, audited once.
  const audit = app.db().prepare("SELECT detail FROM audit_log WHERE action = 'setup.picture'").all() as { detail: string }[];
  expect(audit.map((a) => JSON.parse(a.detail) as unknown)).toEqual([{ picture: { width: 640, height: 480, fps: 25 } }]);
});

test('a difference the manager explains: the reason recorded, audited and shown; then the recordings keep their own pictures', async ({ browser }) => {
  const ownDir = path.join(root, 'own-study');
  const io = (password: string) => ({
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p: string) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  expect(await main(['init', ownDir, '--name', 'Own pictures trial'], io(''))).toBe(0);
  expect(await main(['add-user', ownDir, '--name', 'mia', '--role', 'manager'], io('manager-password'))).toBe(0);
  expect(await main(['import-allocation', ownDir, path.join(root, 'allocation.csv')], io(''))).toBe(0);
  expect(await main(['import-recordings', ownDir, path.join(root, 'recordings'), '--pattern', '{participant}_{timepoint}_*.mp4'], io(''))).toBe(0);
  other = await TestApp.open(browser, ownDir, { viewport: { width: 1366, height: 768 } });
  const page = await other.page();
  await openWizard(page);
  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  const step = page.getByRole('region', { name: /^5 Picture/ });
  await rail.getByRole('button', { name: /Picture/ }).click();
  await expect(step.getByRole('alert')).toContainText('The picture gives the timepoint away.');
  await expect(step).toContainText("The clips' lengths do not differ by timepoint or arm");
  const reasonField = step.getByLabel(/Or record why the difference cannot tell a coder the timepoint/);
  await reasonField.fill('too short');
  await expect(step.getByRole('button', { name: 'Record the reason' })).toBeDisabled();
  // Core refuses a short reason too.
  expect(await page.evaluate(() => window.blindfold['setup.acceptBlindingDifference']({ check: 'picture', reason: 'too short' }))).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  const reason = 'Each coder is given clips of one timepoint only, so the camera change tells them nothing';
  await reasonField.fill(reason);
  await step.getByRole('button', { name: 'Record the reason' }).click();
  await expect(step.locator('.blinding-exceptions')).toContainText(`The picture by timepoint — mia`);
  await expect(step.locator('.blinding-exceptions')).toContainText(reason);
  await expect(step.getByRole('heading', { name: /Picture/ })).toContainText('warning');
  await expect(rail.getByTestId('rail-picture')).toContainText('warning · differences accepted with a reason');
  await expect(step.getByRole('alert')).toHaveCount(0);
  await expect(step.locator('.warning')).toContainText('A reason why this cannot tell a coder the timepoint is recorded below');
  await step.scrollIntoViewIfNeeded();
  await screenshot(page, 'wizard-picture-explained');
  await axe(page, 'picture explained');

  await rail.getByRole('button', { name: /De-identify/ }).click();
  await page.getByRole('button', { name: 'De-identify 8 recordings' }).click();
  await expect(page.getByText(/^8 de-identified\./)).toBeVisible({ timeout: 120_000 });
  const sizes = other.db().prepare("SELECT DISTINCT width || 'x' || height AS size FROM clips WHERE kind = 'outcome' ORDER BY size").all();
  expect(sizes).toEqual([{ size: '160x120' }, { size: '192x108' }]);
  const audit = other.db().prepare("SELECT actor, detail, reason FROM audit_log WHERE action = 'setup.blinding_exception'").all();
  expect(audit).toEqual([{ actor: 'mia', detail: '{"check":"picture","tells":["timepoint"]}', reason }]);
  const status = await page.evaluate(() => window.blindfold['setup.status']({}));
  expect(status).toMatchObject({ ok: true, value: { blindingExceptions: [{ check: 'picture', tells: ['timepoint'], reason, recordedBy: 'mia' }] } });
  // Seal still waits for the assignment (core refuses it too).
  await expect(rail.getByTestId('rail-seal')).toContainText('waits for step 7');
  expect(await page.evaluate(() => window.blindfold['setup.seal']({}))).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('assign the clips') } });
});

let lengthRecordings: string | undefined;

/** A study of recordings filmed for 6 s at baseline and 8 s at follow-up, in one picture, imported. */
async function lengthStudy(name: string): Promise<string> {
  if (!lengthRecordings) {
    lengthRecordings = path.join(root, 'length-recordings');
    mkdirSync(lengthRecordings, { recursive: true });
    let i = 0;
    for (const p of ['PX-2001', 'PX-2002', 'PX-2003', 'PX-2004']) {
      await runFfmpeg(testPatternArgs({ out: path.join(lengthRecordings, `${p}_pre_play.mp4`), seconds: 6, size: '160x120', fps: 10, frequency: 200 + 40 * i++ }));
      await runFfmpeg(testPatternArgs({ out: path.join(lengthRecordings, `${p}_post_play.mp4`), seconds: 8, size: '160x120', fps: 10, frequency: 200 + 40 * i++ }));
    }
    await new Promise((r) => setTimeout(r, 3500)); // import trusts a fingerprint only of a file that has been still a while
  }
  const dir = path.join(root, name);
  const io = (password: string) => ({
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p: string) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  expect(await main(['init', dir, '--name', 'Length trial'], io(''))).toBe(0);
  expect(await main(['add-user', dir, '--name', 'mia', '--role', 'manager'], io('manager-password'))).toBe(0);
  expect(await main(['import-allocation', dir, path.join(root, 'allocation.csv')], io(''))).toBe(0);
  expect(await main(['import-recordings', dir, lengthRecordings, '--pattern', '{participant}_{timepoint}_*.mp4'], io(''))).toBe(0);
  return dir;
}

test('clip length as a blinding question: baseline 6 s and follow-up 8 s warn by the picture rule; de-identification waits for a reason', async ({ browser }) => {
  const lengthDir = await lengthStudy('length-study');
  other = await TestApp.open(browser, lengthDir, { viewport: { width: 1366, height: 768 } });
  const page = await other.page();
  await openWizard(page);
  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  const step = page.getByRole('region', { name: /^5 Picture/ });
  await rail.getByRole('button', { name: /Picture/ }).click();
  await expect(step.locator('.picture-ok').first()).toContainText('Every clip coders will see is 160×120, 10 fps');
  const warning = step.locator('.length-findings').getByRole('alert');
  await expect(warning).toContainText("The clips' length gives the timepoint away.");
  await expect(warning).not.toContainText('arm');
  expect(await rowsOf(page, /Lengths by timepoint/)).toEqual([
    ['post', '0', '4'],
    ['pre', '4', '0'],
  ]);
  await expect(rail.getByTestId('rail-deidentify')).toContainText('waits for step 5');
  const refused = await page.evaluate(() => window.blindfold['setup.deidentify']({}));
  expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining("clips' length differs by timepoint") } });
  await step.scrollIntoViewIfNeeded();
  await screenshot(page, 'wizard-length-warning');
  await axe(page, 'length warning');

  const reason = 'Baseline and follow-up sessions are coded by separate, trained teams';
  await step.getByLabel(/Record why the clips' length difference cannot tell a coder the timepoint/).fill(reason);
  await step.getByRole('button', { name: 'Record the reason' }).click();
  await expect(step.locator('.blinding-exceptions')).toContainText(`The length by timepoint — mia`);
  await rail.getByRole('button', { name: /De-identify/ }).click();
  await page.getByRole('button', { name: 'De-identify 8 recordings' }).click();
  await expect(page.getByText(/^8 de-identified\./)).toBeVisible({ timeout: 120_000 });
  const audit = other.db().prepare("SELECT detail, reason FROM audit_log WHERE action = 'setup.blinding_exception'").all();
  expect(audit).toEqual([{ detail: '{"check":"length","tells":["timepoint"]}', reason }]);
});

test('a fixed coding window: every clip cut to the same length at de-identification, so the length check passes', async ({ browser }) => {
  const dir = await lengthStudy('window-study');
  other = await TestApp.open(browser, dir, { viewport: { width: 1366, height: 768 } });
  const page = await other.page();
  await openWizard(page);
  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  const step = page.getByRole('region', { name: /^5 Picture/ });
  await rail.getByRole('button', { name: /Picture/ }).click();
  await expect(step.locator('.length-findings').getByRole('alert')).toContainText("The clips' length gives the timepoint away.");
  await step.getByLabel('Code a fixed window').check();
  await step.getByLabel('Start (seconds)').fill('1');
  await step.getByLabel('Length (seconds)').fill('4');
  await step.getByRole('button', { name: 'Save coding window' }).click();
  await expect(step.getByText('Saved: coders will see 4 s of every recording, from 1 s.')).toBeVisible();
  await expect(step.locator('.length-findings')).toContainText("The clips' lengths do not differ by timepoint or arm");
  await expect(step.getByRole('heading', { level: 2 })).toContainText('done');
  await expect(rail.getByTestId('rail-picture')).toContainText('done · no picture or length tells');
  await step.scrollIntoViewIfNeeded();
  await screenshot(page, 'wizard-coding-window');
  await axe(page, 'coding window');
  await rail.getByRole('button', { name: /De-identify/ }).click();
  await page.getByRole('button', { name: 'De-identify 8 recordings' }).click();
  await expect(page.getByText(/^8 de-identified\./)).toBeVisible({ timeout: 120_000 });
  const lengths = other.db().prepare("SELECT duration_seconds AS d FROM clips WHERE kind = 'outcome'").all() as { d: number }[];
  expect(lengths).toHaveLength(8);
  for (const { d } of lengths) expect(Math.abs(d - 4)).toBeLessThan(0.25);
  await rail.getByRole('button', { name: /Picture/ }).click();
  await expect(step).toContainText('Coders see 4 s of every recording, from 1 s; 8 clips are already made, so this can no longer change.');
  const audit = other.db().prepare("SELECT detail FROM audit_log WHERE action = 'setup.coding_window'").all();
  expect(audit).toEqual([{ detail: '{"window":{"startSeconds":1,"lengthSeconds":4}}' }]);
});
