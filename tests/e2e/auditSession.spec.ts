// The auditor's page when a session ends under it, through the shipped main and preload: the
// password in place, the adherence entered kept and saved after — and the recording plays again,
// from where it was, because the page fetches the session recording anew with a fresh media link
// (the old one ended with the session), as the coder's clip page does (session.spec.ts).
//
// Time is moved, not waited for: main, which runs in this process under the stand-in, reads Date.now,
// which the test shifts past the idle limit; the page's next call (the draft's save) finds the
// session gone.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { CliIo } from '../../electron/cli/io';
import { main } from '../../electron/cli/main';
import { runFfmpeg } from '../../electron/core/media/run';
import { openStudy } from '../../electron/core/study/study';
import { TestApp } from './app';
import { clockShift, login } from './support';

const PASSPHRASE = 'audit session e2e passphrase';
const PASSWORD = 'auditor-password-1';
const SECONDS = 30;
let root: string;
let app: TestApp;
const studyDir = () => path.join(root, 'study');

test.describe.configure({ mode: 'serial' });

async function cli(...argv: string[]): Promise<void> {
  let err = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: PASSWORD },
  };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`blindfold ${argv[0]} failed (${code}): ${err}`);
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-audit-session-'));
  const folder = path.join(root, 'sessions');
  mkdirSync(folder);
  const rows = ['File,Therapist,Family ID,Session,Date'];
  for (let session = 1; session <= 2; session++) {
    const file = `visit ${session}.m4a`;
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', `sine=frequency=${300 + 50 * session}:sample_rate=16000:duration=${SECONDS}`, '-c:a', 'aac', '-b:a', '32k', '-ac', '1', path.join(folder, file)]);
    rows.push(`${file},Anna de Vries,FAM-117,${session},2023-02-1${session}`);
  }
  writeFileSync(path.join(root, 'sessions.csv'), rows.join('\n'));
  await cli('init', studyDir(), '--name', 'Audit session trial');
  await cli('add-user', studyDir(), '--name', 'ada', '--role', 'auditor');
  await cli('import-sessions', studyDir(), folder, '--manifest', path.join(root, 'sessions.csv'));
  await cli('sample-sessions', studyDir(), '--fraction', '1', '--seed', 'audit-session-seed');
  await cli('assign-auditors', studyDir(), '--auditors', 'ada', '--double-fraction', '0', '--seed', 'audit-session-seed');
  // A 1-minute idle policy, so that 75 s without activity end the session.
  const study = openStudy(studyDir());
  try {
    const row = study.db.prepare('SELECT settings FROM study WHERE id = 1').get() as { settings: string | null };
    const settings = { ...(row.settings ? (JSON.parse(row.settings) as Record<string, unknown>) : {}), accounts: { sessionIdleMinutes: 1 } };
    study.db.prepare('UPDATE study SET settings = ? WHERE id = 1').run(JSON.stringify(settings));
  } finally {
    study.close();
  }
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, studyDir(), { viewport: { width: 1366, height: 768 } });
});

test.afterEach(async () => {
  shift.restore();
  await app?.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const shift = clockShift();

const media = (page: Page) => page.locator('.audio-player video');
const mediaTime = (page: Page) => media(page).evaluate((v: HTMLVideoElement) => v.currentTime);

async function whenPlayable(page: Page): Promise<void> {
  await expect(media(page)).toHaveCount(1);
  await media(page).evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 3 ? r(null) : v.addEventListener('canplay', () => r(null), { once: true }))));
}

function draftOf(name: string): Record<string, unknown> | undefined {
  const row = app
    .db()
    .prepare('SELECT d.draft FROM drafts d JOIN assignments a ON a.id = d.assignment_id JOIN users u ON u.id = a.coder_id WHERE u.name = ?')
    .get(name) as { draft: string } | undefined;
  return row && (JSON.parse(row.draft) as Record<string, unknown>);
}

/** The media responses main's protocol handler gave for `url`'s token (the page sees the scheme through a stand-in host). */
const token = (url: string) => url.slice(url.lastIndexOf('/') + 1);
const mediaStatuses = (url: string) => app.media.filter((m) => token(m.url) === token(url)).map((m) => m.status);

test('a session that ends under the auditor: the password in place, the adherence kept and saved, the recording playing again from where it was', async () => {
  const page = await app.page();
  shift.install();
  await login(page, 'ada', PASSWORD);
  await page.getByRole('button', { name: /^(Start|Resume) auditing$/ }).click();
  await whenPlayable(page);
  const clipCalls = app.calls.filter((c) => c.name === 'fidelity.clip').length;
  const oldSrc = await media(page).evaluate((v: HTMLVideoElement) => v.currentSrc);
  // Ten seconds in, at 1.5×, paused.
  await page.getByRole('button', { name: 'Forward 5 s' }).click();
  await page.getByRole('button', { name: 'Forward 5 s' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 1);
  await page.getByLabel('Speed').selectOption('1.5');

  // 75 s untouched: the session ends, and the old link with it.
  shift.by(75_000);
  await page.locator('label[for="adherence-4"]').click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(page.getByLabel('Overall adherence to the manual 4', { exact: true })).toBeChecked();

  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Log in again' }).click();
  await expect(dialog).toHaveCount(0);
  await expect.poll(() => draftOf('ada')?.['scores']).toMatchObject({ adherence: 4 });
  await expect(page.getByLabel('Overall adherence to the manual 4', { exact: true })).toBeChecked();
  // A fresh media link came with the recording, and it plays: from where the player was, at its speed.
  await expect.poll(() => app.calls.filter((c) => c.name === 'fidelity.clip').length).toBe(clipCalls + 1);
  await expect.poll(() => media(page).evaluate((v: HTMLVideoElement) => v.currentSrc)).not.toBe(oldSrc);
  const newSrc = await media(page).evaluate((v: HTMLVideoElement) => v.currentSrc);
  await whenPlayable(page);
  expect(mediaStatuses(newSrc).length).toBeGreaterThan(0);
  expect(mediaStatuses(newSrc).every((s) => s === 200 || s === 206)).toBe(true);
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 1);
  await expect.poll(() => media(page).evaluate((v: HTMLVideoElement) => v.playbackRate)).toBe(1.5);
  await page.locator('.clip-heading h1').click();
  await page.keyboard.press('k');
  await expect.poll(() => mediaTime(page), { timeout: 10_000 }).toBeGreaterThan(10.5);
});
