// The manager sets the fidelity audit up in the Fidelity tab, in Chromium, on 40 generated session
// recordings over 5 clinicians: sent to the Set-up tab to open the key, import by file-name pattern
// after a preview, a seeded 10% sample with the rule and the counts per clinician, de-identification
// to audio with its progress bar, an auditor assigned — then the auditor logs in and finds the five
// sessions in their queue, with no clinician or family in anything they received. Axe on the screen.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { main } from '../../electron/cli/main';
import { ffmpegPath } from '../../electron/core/media/binaries';
import { runFfmpeg } from '../../electron/core/media/run';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSPHRASE = 'fidelity set-up e2e passphrase';
const PASSWORD = 'fidelity-setup-password';
const CLINICIANS = ['AnnaB', 'BramJ', 'ChenL', 'DewiS', 'EvaS'] as const;
const PATTERN = '{clinician}/{family}_s{session}.*';
const SEED = 'fidelity-setup-e2e-seed';

let root: string;
let studyDir: string;
let app: TestApp;
let realFfmpeg: string | undefined;
const dialogAnswers: string[] = [];

test.describe.configure({ timeout: 240_000 });

test.beforeAll(async () => {
  test.setTimeout(240_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-fidelity-setup-e2e-'));
  studyDir = path.join(root, 'study');
  const sessions = path.join(root, 'sessions');
  const files = CLINICIANS.flatMap((clinician, c) =>
    [1, 2].flatMap((f) => [1, 2, 3, 4].map((session) => ({ clinician, family: `FAM-${c + 1}${f}7`, session }))),
  );
  for (let i = 0; i < files.length; i += 8) {
    await Promise.all(
      files.slice(i, i + 8).map((s, k) => {
        const out = path.join(sessions, s.clinician, `${s.family}_s${s.session}.m4a`);
        mkdirSync(path.dirname(out), { recursive: true });
        const tags = ['-metadata', `artist=${s.clinician}`, '-metadata', `title=${s.family} session ${s.session}`];
        return runFfmpeg(['-y', '-f', 'lavfi', '-i', `sine=frequency=${220 + (i + k) * 9}:duration=3`, '-c:a', 'aac', '-b:a', '32k', ...tags, out]);
      }),
    );
  }
  const io = (password: string) => ({
    stdout: () => undefined,
    stderr: () => undefined,
    readFile: async (p: string) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  expect(await main(['init', studyDir, '--name', 'Fidelity set-up trial'], io(''))).toBe(0);
  expect(await main(['add-user', studyDir, '--name', 'mia', '--role', 'manager'], io(PASSWORD))).toBe(0);
  expect(await main(['add-user', studyDir, '--name', 'ada', '--role', 'auditor'], io(PASSWORD))).toBe(0);
  // De-identifying five short sessions takes a blink; an ffmpeg that waits a second before and after
  // keeps the progress bars on screen long enough to be seen (FFMPEG_PATH is the documented override).
  const slow = path.join(root, 'slow-ffmpeg.sh');
  writeFileSync(slow, `#!/bin/sh\nsleep 1\n'${ffmpegPath()}' "$@"\nstatus=$?\nsleep 1\nexit $status\n`);
  chmodSync(slow, 0o755);
  realFfmpeg = process.env['FFMPEG_PATH'];
  process.env['FFMPEG_PATH'] = slow;
});

test.beforeEach(async ({ browser }) => {
  // The native open dialog answers with the next scripted path, or is cancelled.
  app = await TestApp.open(browser, studyDir, { dialogs: { open: () => dialogAnswers.shift() ?? null } });
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  if (realFfmpeg === undefined) delete process.env['FFMPEG_PATH'];
  else process.env['FFMPEG_PATH'] = realFfmpeg;
  rmSync(root, { recursive: true, force: true });
});

async function axe(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

const step = (page: Page, title: RegExp) => page.locator('section.step', { has: page.getByRole('heading', { name: title }) });

test('a manager sets the fidelity audit up in the Fidelity tab; the auditor finds the sessions in their queue', async () => {
  const page = await app.page();
  await login(page, 'mia', PASSWORD);

  // The key is closed: the tab says where to open it and takes the manager there.
  await page.getByRole('tab', { name: 'Fidelity' }).click();
  await expect(page.getByRole('heading', { name: 'Fidelity audit set-up' })).toBeVisible();
  await expect(page.getByText('The sealed key is closed.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Fidelity summary' })).toBeVisible();
  await axe(page, 'fidelity set-up, key closed');
  await screenshot(page, 'fidelity-setup-key-closed');
  await page.getByRole('button', { name: 'Go to Set-up' }).click();
  await expect(page.getByRole('tab', { name: 'Set-up' })).toHaveAttribute('aria-selected', 'true');
  await page.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the key' }).click();
  await expect(page.getByRole('heading', { name: /Allocation/ })).toBeVisible();
  await page.getByRole('tab', { name: 'Fidelity' }).click();

  // 1. Import by pattern, after a preview.
  const sessionsStep = step(page, /Session recordings/);
  dialogAnswers.push(path.join(root, 'sessions'));
  await sessionsStep.getByRole('button', { name: 'Choose…' }).click();
  await expect(page.getByLabel('Sessions folder (searched recursively)')).toHaveValue(path.join(root, 'sessions'));
  await page.getByLabel(/^Pattern/).fill(PATTERN);
  await expect(sessionsStep.getByRole('button', { name: /^Import/ })).toBeDisabled();
  await sessionsStep.getByRole('button', { name: 'Preview' }).click();
  const preview = sessionsStep.locator('table.preview');
  // The preview probes all 40 files with ffprobe: seconds on a busy machine.
  await expect(preview.locator('tbody tr')).toHaveCount(40, { timeout: 30_000 });
  await expect(preview.locator('tbody tr', { hasText: 'ChenL/FAM-327_s4.m4a' }).locator('td')).toHaveText(['ChenL/FAM-327_s4.m4a', 'ChenL', 'FAM-327', '4', '3.0 s', 'audio']);
  await screenshot(page, 'fidelity-setup-preview');
  await sessionsStep.getByRole('button', { name: 'Import 40 session recordings' }).click();
  await expect(sessionsStep.getByText(/^Imported 40 session recordings/)).toBeVisible();
  await expect(sessionsStep.locator('h3 .step-check')).toBeVisible();

  // 2. A 10% sample with a seed: the rule in words and the counts per clinician.
  const sampleStep = step(page, /Sample/);
  await expect(page.getByLabel("Share of each clinician's sessions (%)")).toHaveValue('10');
  await page.getByLabel('Seed (optional)').first().fill(SEED);
  await sampleStep.getByRole('button', { name: 'Draw the sample' }).click();
  await expect(sampleStep.getByText('Round 1: 5 sessions drawn; 5 of 40 sampled. Next: de-identify them to audio.')).toBeVisible();
  await expect(page.getByTestId('sample-rule')).toContainText('Per clinician: ceil(10% × n), at least 1 and at most n');
  const strata = sampleStep.locator('table.sample-strata');
  await expect(strata.locator('caption')).toHaveText('Per clinician: 5 of 40 sessions sampled');
  await expect(strata.locator('tbody tr')).toHaveCount(5);
  for (const clinician of CLINICIANS) {
    await expect(strata.locator('tbody tr', { hasText: clinician }).locator('td').nth(1)).toHaveText('8');
    await expect(strata.locator('tbody tr', { hasText: clinician }).locator('td').nth(2)).toHaveText('1');
    await expect(strata.locator('tbody tr', { hasText: clinician }).locator('td').nth(3)).toHaveText('1');
  }
  await expect(sampleStep.locator('table.sample-sessions tbody tr')).toHaveCount(5);
  await expect(page.getByTestId('fidelity-setup-status')).toHaveText('40 session recordings imported · 5 sampled in 1 round · 0 with audio · 0 assigned to auditors.');
  // The seed stays in the sealed key: once drawn, the field is gone and the seed is not on screen.
  await expect(page.getByLabel('Seed (optional)')).toHaveCount(1);
  await expect(page.locator('body')).not.toContainText(SEED);

  // 3. De-identify to audio, with the progress bar.
  const audioStep = step(page, /De-identify to audio/);
  await audioStep.getByRole('button', { name: 'De-identify 5 sessions' }).click();
  await expect(audioStep.getByRole('progressbar', { name: 'De-identified' })).toBeVisible();
  await expect(audioStep.getByTestId('task-progress')).toContainText(/De-identified: [0-5] of 5 sessions/);
  await expect(audioStep.getByRole('button', { name: 'Cancel' })).toBeVisible();
  // A bar per session, named for the manager, once ffmpeg reports.
  await expect(audioStep.getByRole('progressbar', { name: /^AnnaB · FAM-1\d7 · session \d \(%\)$/ })).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'fidelity-setup-progress');
  await expect(audioStep.getByText('5 sessions de-identified to audio.')).toBeVisible({ timeout: 60_000 });
  await expect(audioStep.getByRole('progressbar')).toHaveCount(0);
  await expect(sampleStep.locator('table.sample-sessions tbody td:last-child')).toHaveText(Array(5).fill('ready'));
  expect(readdirSync(path.join(studyDir, 'media')).filter((f) => f.endsWith('.m4a'))).toHaveLength(5);

  // 4. Assign the auditor (one auditor: nothing double-scored).
  const auditorStep = step(page, /Auditors/);
  await expect(auditorStep.getByRole('checkbox', { name: 'ada' })).toBeChecked();
  await expect(page.getByLabel('Double-scored (%)')).toHaveValue('0');
  await auditorStep.getByRole('button', { name: 'Assign 5 sessions' }).click();
  await expect(auditorStep.getByText('Auditor round 1: 5 sessions. ada 5.')).toBeVisible();
  await expect(page.getByTestId('fidelity-setup-status')).toHaveText('40 session recordings imported · 5 sampled in 1 round · 5 with audio · 5 assigned to auditors.');
  await expect(page.locator('section.step.step-done')).toHaveCount(4);
  // The summary below was read again: the five sampled sessions, by name for the manager.
  await expect(page.getByTestId('fidelity-row-All sampled sessions').locator('td').first()).toHaveText('5');
  await axe(page, 'fidelity set-up, done');
  await screenshot(page, 'fidelity-setup');

  // The auditor logs in and finds the five sessions in the queue; nothing they receive names anyone.
  const managerCalls = app.calls.length;
  await page.getByRole('button', { name: 'Log out' }).click();
  await login(page, 'ada', PASSWORD);
  await expect(page.getByText('Session recordings audited: 0 of 5')).toBeVisible();
  await expect(page.locator('ol.queue li')).toHaveCount(5);
  await screenshot(page, 'fidelity-setup-auditor-queue');
  const auditorResults = JSON.stringify(app.calls.slice(managerCalls).map((c) => c.result));
  for (const value of [...CLINICIANS, 'FAM-', '_s1', SEED]) expect(auditorResults).not.toContain(value);
  expect(await page.evaluate(() => window.blindfold['fidelity.setupStatus']({}))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
});
