// The manager's set-up wizard in Chromium, on generated recordings: allocation (a bad file first,
// shown as a table), recordings preview and import, a mask drawn on a frame, de-identification with
// progress, a new coder, assignment and sealing.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { main } from '../../electron/cli/main';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSPHRASE = 'wizard unblinding passphrase';
let root: string;
let studyDir: string;
let app: TestApp;
const dialogAnswers: string[] = [];

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-wizard-'));
  studyDir = path.join(root, 'study');
  const io = (password: string) => ({
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p: string) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  expect(await main(['init', studyDir, '--name', 'Wizard trial'], io(''))).toBe(0);
  expect(await main(['add-user', studyDir, '--name', 'mia', '--role', 'manager'], io('manager-password'))).toBe(0);
  expect(await main(['add-user', studyDir, '--name', 'ann', '--role', 'coder'], io('coder-password'))).toBe(0);
  const recordings = path.join(root, 'recordings', 'site-a');
  mkdirSync(recordings, { recursive: true });
  let i = 0;
  for (const p of ['F01', 'F02', 'F03']) {
    for (const t of ['pre', 'post']) {
      await runFfmpeg(testPatternArgs({ out: path.join(recordings, `${p}_${t}_play.mp4`), seconds: 3, size: '320x240', frequency: 300 + 40 * i++ }));
    }
  }
  // A stray file: a recording of someone not in the allocation (a pilot family filmed in the same folder).
  await runFfmpeg(testPatternArgs({ out: path.join(recordings, 'F09_pre_play.mp4'), seconds: 1, size: '320x240', frequency: 900 }));
  writeFileSync(path.join(root, 'allocation.csv'), 'record_id,arm\nF01,intervention\nF02,control\nF03,intervention\n');
  writeFileSync(path.join(root, 'bad-allocation.csv'), 'record_id,arm\nF01,intervention\nF01,control\nF03,placebo\n');
});

test.beforeEach(async ({ browser }) => {
  // The native open dialog answers with the next scripted path, or is cancelled.
  app = await TestApp.open(browser, studyDir, { dialogs: { open: () => dialogAnswers.shift() ?? null } });
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function axe(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

test('before set-up, the dashboard, the wizard and a coder with no clips say what to do next', async () => {
  const page = await app.page();
  await login(page, 'ann', 'coder-password');
  await expect(page.getByTestId('queue-empty')).toContainText('No clips have been given to you yet');
  await expect(page.getByText(/Thank you/)).toHaveCount(0);
  await page.getByRole('button', { name: 'Log out' }).click();

  await login(page, 'mia', 'manager-password');
  await expect(page.getByTestId('dashboard-empty')).toContainText('No clips are assigned yet');
  await page.getByRole('button', { name: 'Open the set-up' }).click();
  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  await expect(rail.getByTestId('rail-key')).toContainText('to do');
  await expect(rail.getByTestId('rail-allocation')).toContainText('waits for step 1');
  await rail.getByRole('button', { name: /Seal/ }).click();
  await expect(page.getByTestId('step-waits')).toHaveText('This step waits for step 1, Open the sealed key: finish that first.');

  // Settings forms save on Save, never on leaving a field.
  await page.getByRole('tab', { name: 'Accounts & backups' }).click();
  const policy = () => page.evaluate(() => window.blindfold['accounts.policy']({}));
  const before = await policy();
  const idle = page.getByLabel('Idle time-out (minutes)');
  await idle.fill('45');
  await idle.blur();
  await expect(page.getByTestId('policy-unsaved')).toHaveText('Not saved yet: 1 change.');
  expect(await policy()).toEqual(before);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByText('Policy saved.')).toBeVisible();
  await expect(page.getByTestId('policy-unsaved')).toHaveCount(0);
  expect(await policy()).toMatchObject({ ok: true, value: { sessionIdleMinutes: 45 } });
});

test('a manager sets a study up through the wizard', async () => {
  const page = await app.page();
  await login(page, 'mia', 'manager-password');
  await page.getByRole('tab', { name: 'Set-up' }).click();
  await page.getByLabel('Unblinding passphrase').fill('not the passphrase');
  await page.getByRole('button', { name: 'Open the key' }).click();
  await expect(page.getByRole('alert')).toContainText('not the unblinding passphrase');
  await page.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the key' }).click();

  // A bad allocation: every problem in a table, nothing imported.
  dialogAnswers.push(path.join(root, 'bad-allocation.csv'));
  await page.getByRole('button', { name: 'Choose…' }).first().click();
  await expect(page.getByLabel('Allocation CSV')).toHaveValue(path.join(root, 'bad-allocation.csv'));
  await page.getByRole('button', { name: 'Import allocation' }).click();
  const problems = page.locator('.problems table');
  await expect(problems).toContainText('nothing was imported');
  await expect(problems.locator('tbody tr')).toHaveCount(3);
  await expect(problems).toContainText('placebo');
  await expect(page.getByTestId('arms-hint')).toContainText('the intervention first');
  await screenshot(page, 'wizard-allocation-problems');

  await page.getByLabel('Allocation CSV').fill(path.join(root, 'allocation.csv'));
  await page.getByRole('button', { name: 'Import allocation' }).click();
  await expect(page.getByText('Imported 3 participants (intervention 2, control 1).')).toBeVisible();
  await page.getByRole('button', { name: 'Next: 3. Recordings' }).click();

  await page.getByLabel('Recordings folder (searched recursively)').fill(path.join(root, 'recordings'));
  await page.getByRole('button', { name: 'Preview' }).click();
  // The stray file is marked and can be left out, instead of blocking the import.
  const stray = 'site-a/F09_pre_play.mp4';
  await expect(page.getByTestId('problem-files').getByRole('row', { name: new RegExp(stray) })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Import/ })).toBeDisabled();
  await screenshot(page, 'wizard-recordings-stray');
  await page.getByRole('button', { name: `Leave ${stray} out` }).click();
  await expect(page.getByTestId('left-out')).toContainText(stray);
  const preview = page.locator('table.preview', { hasText: 'How each file maps' });
  await expect(preview.locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('problem-files')).toHaveCount(0);
  await expect(preview).toContainText('site-a/F02_post_play.mp4');
  await screenshot(page, 'wizard-recordings-preview');
  await page.getByRole('button', { name: 'Import 6 recordings' }).click();
  await expect(page.getByText('Imported 6 recordings.')).toBeVisible();
  await expect(page.getByText(`Left out: ${stray} (recorded in the audit log).`)).toBeVisible();
  const imported = app.db().prepare("SELECT detail FROM audit_log WHERE action = 'recordings.import'").get() as { detail: string };
  expect(JSON.parse(imported.detail)).toEqual({ recordings: 6, leftOut: 1, leftOutSha256: [createHash('sha256').update(stray).digest('hex')] });
  await page.getByRole('button', { name: 'Next: 4. Masks' }).click();

  // A mask drawn on a frame of one recording.
  const select = page.getByLabel('Recording', { exact: true });
  const option = await select.locator('option', { hasText: 'F01_pre_play.mp4' }).getAttribute('value');
  await select.selectOption(option!);
  const frame = page.locator('.mask-editor .frame');
  await expect(frame.locator('img')).toBeVisible();
  await expect.poll(() => frame.locator('img').evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0))).toBeGreaterThan(0);
  await frame.scrollIntoViewIfNeeded();
  const box = (await frame.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.05, box.y + box.height * 0.05);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, box.y + box.height * 0.2, { steps: 5 });
  await page.mouse.up();
  await expect(page.locator('.mask-list li')).toHaveCount(1);
  await screenshot(page, 'wizard-mask');
  await page.getByRole('button', { name: 'Save for this recording' }).click();
  await expect(page.getByText('Saved for this recording.')).toBeVisible();

  const rail = page.getByRole('navigation', { name: 'Set-up steps' });
  await expect(rail.getByTestId('rail-recordings')).toContainText('done · 6 recordings');
  await expect(rail.getByTestId('rail-masks')).toContainText('done · masks drawn');
  await expect(rail.getByTestId('rail-assign')).toContainText(/waits for step \d/);
  await page.setViewportSize({ width: 1366, height: 768 });
  // The active step the one with the longest name, which wraps: every badge stays a whole circle.
  await rail.getByRole('button', { name: /Picture and length/ }).click();
  await expect(rail.getByRole('button', { name: /Picture and length/ })).toHaveAttribute('aria-current', 'step');
  const badges = await rail.locator('.step-n').evaluateAll((els) =>
    els.map((el) => {
      const r = el.getBoundingClientRect();
      const button = el.closest('button')!.getBoundingClientRect();
      return { width: r.width, height: r.height, inside: r.left >= button.left && r.right <= button.right && r.top >= button.top && r.bottom <= button.bottom };
    }),
  );
  expect(badges).toHaveLength(9);
  for (const b of badges) expect(b).toEqual({ width: badges[0]!.width, height: badges[0]!.width, inside: true });
  expect(badges[0]!.width).toBeGreaterThanOrEqual(26); // 1.8rem
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: 'tests/.artifacts/wizard-rail.png' });
  await axe(page, 'wizard');
  await rail.getByRole('button', { name: /De-identify/ }).click();
  await page.getByRole('button', { name: 'De-identify 6 recordings' }).click();
  await expect(page.getByText(/^6 de-identified\./)).toBeVisible({ timeout: 120_000 });

  // Watch as a coder: a de-identified clip by its code, in the coders' player, through main's media scheme.
  await page.getByRole('button', { name: 'Watch a clip as a coder' }).click();
  const watch = page.getByTestId('watch-as-coder');
  await expect(watch).toContainText(/Clip [2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4} \(one of 6 de-identified clips\)/);
  const video = watch.locator('video');
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
  expect(app.media.some((m) => m.status === 206 || m.status === 200)).toBe(true);
  await expect(watch).not.toContainText('F0');
  expect(app.db().prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'clip.watch_as_coder'").get()).toEqual({ n: 1 });
  await page.getByRole('button', { name: 'Next: 7. Coders' }).click();

  // Double coding needs a second coder: add one.
  await page.getByLabel('Name', { exact: true }).fill('ben');
  await page.getByLabel('Password (8+ characters)').fill('coder-password');
  await page.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByText('Added coder ben.')).toBeVisible();
  await rail.getByRole('button', { name: /Assign/ }).click();
  // The assign step lists coders from the status reloaded after the add: wait for ben there, or only ann is assigned.
  await expect(page.getByRole('checkbox', { name: 'ben', exact: true })).toBeChecked();
  await page.getByLabel('Double-coded (%)').fill('34');
  await page.getByLabel('Seed (optional)').fill('wizard-seed');
  await page.getByRole('button', { name: 'Assign 6 clips' }).click();
  const assignStep = page.locator('section', { has: page.getByRole('heading', { name: /Assign/ }) });
  await expect(assignStep.locator('[aria-live]')).toContainText(/^Round 1: 6 clips\./);
  await page.getByRole('button', { name: 'Next: 9. Seal' }).click();
  await page.getByRole('button', { name: 'Seal the key' }).click();
  await expect(page.locator('.commitment')).toContainText(/Commitment [0-9a-f]{64}/);
  for (const id of ['key', 'allocation', 'recordings', 'masks', 'picture', 'deidentify', 'coders', 'assign', 'seal']) {
    await expect(rail.getByTestId(`rail-${id}`)).toContainText('done');
  }
  await screenshot(page, 'wizard-sealed');

  const media = readdirSync(path.join(studyDir, 'media'));
  expect(media.filter((f) => f.endsWith('.mp4'))).toHaveLength(6);
  await page.getByRole('tab', { name: 'Dashboard' }).click();
  await expect(page.getByText('ann: 0 of 4')).toBeVisible();
  await expect(page.getByText('ben: 0 of 4')).toBeVisible();

  // A backup with the media: the copy is followed on the task board, then the receipt.
  const backups = path.join(root, 'backups');
  mkdirSync(backups);
  await page.getByRole('tab', { name: 'Accounts & backups' }).click();
  await page.getByLabel('Backup folder (another drive or a network share)').fill(backups);
  await page.getByRole('button', { name: 'Back up now' }).click();
  await expect(page.getByText(/^Backed up to .*checked\.$/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('button', { name: 'Back up now' })).toBeEnabled();
  const backup = app.db().prepare("SELECT detail FROM audit_log WHERE action = 'study.backup'").get() as { detail: string };
  expect(JSON.parse(backup.detail)).toMatchObject({ media: { copied: 6, present: 6, problems: 0 } });
});
