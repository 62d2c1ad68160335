// Nothing lost at a session's end (issue 16, point 1), through the shipped main and preload: under a
// 1-minute idle policy a coder who watches for 75 s and then scores keeps their session (the
// renderer's heartbeat while the clip plays; media requests alone do not count); a session that ends
// anyway asks for the password in place, keeps the score entered and saves the draft after; the
// audit log shows the end.
//
// Time is moved, not waited for: the page's clock is Playwright's fake clock (page.clock), and main —
// which runs in this very process under the stand-in — reads Date.now, which the test shifts by the
// same amounts. The video itself plays in real time; 75 s of "watching" cost a few real seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { clockShift, login, screenshot } from './support';

const PASSWORD = 'coder-password-1';
const HEARTBEAT_MS = 15_000; // renderer/src/hooks/useHeartbeat.ts
let dir: string;
let app: TestApp;
let code: string;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-session-'));
  [code] = (await buildStudy(dir, {
    clips: [{ seconds: 150, fps: 10, size: '160x120', extra: ['-crf', '40', '-g', '50'] }],
    coders: [{ name: 'kim', password: PASSWORD, clips: [0] }],
    settings: { accounts: { sessionIdleMinutes: 1 } },
  })) as [string];
});

test.beforeEach(async ({ browser }) => {
  // Main's clock is this process's: the spec is the desktop app's only (not in the server project).
  app = await TestApp.open(browser, dir, { viewport: { width: 1366, height: 768 } });
});

test.afterEach(async () => {
  shift.restore();
  await app?.close();
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const shift = clockShift();

const heartbeats = () => app.calls.filter((c) => c.name === 'auth.heartbeat');

function draftOf(name: string): Record<string, unknown> | undefined {
  const row = app
    .db()
    .prepare(
      `SELECT d.draft FROM drafts d JOIN assignments a ON a.id = d.assignment_id JOIN users u ON u.id = a.coder_id WHERE u.name = ?`,
    )
    .get(name) as { draft: string } | undefined;
  return row && (JSON.parse(row.draft) as Record<string, unknown>);
}

const timeouts = (name: string) =>
  app.db().prepare("SELECT detail FROM audit_log WHERE action = 'auth.session_timeout' AND actor = ?").all(name) as { detail: string }[];

/** Logs in with the page's clock faked (installed before the heartbeat's timer starts) and opens the clip. */
async function openClip(): Promise<Page> {
  const page = await app.page();
  await page.clock.install();
  shift.install();
  await login(page, 'kim', PASSWORD);
  await page.getByRole('button', { name: /Start coding|Resume coding/ }).click();
  await expect(page.locator('h1 .code')).toHaveText(code);
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 1 ? r(null) : v.addEventListener('loadedmetadata', r))));
  return page;
}

test('75 s of playback under a 1-minute idle policy, then a score: the draft is saved', async () => {
  const page = await openClip();
  const endedBefore = timeouts('kim').length;
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('k'); // play
  await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => !v.paused && v.currentTime > 0)).toBe(true);
  // Five heartbeat periods of playback, main's clock moved with the page's: 75 s in all.
  for (let i = 0; i < 5; i++) {
    const before = heartbeats().length;
    shift.by(HEARTBEAT_MS);
    await page.clock.runFor(HEARTBEAT_MS);
    await expect.poll(() => heartbeats().length).toBeGreaterThan(before);
    expect(heartbeats().at(-1)?.result).toEqual({ ok: true, value: null });
  }
  // The media requests during playback did not keep the session alive; the heartbeats did.
  expect(app.media.length).toBeGreaterThan(0);
  await page.locator('label[for="sensitivity-5"]').click();
  await expect(page.getByText('Draft saved')).toBeVisible();
  await expect.poll(() => draftOf('kim')?.['scores']).toMatchObject({ sensitivity: 5 });
  await expect(page.getByRole('dialog', { name: 'Your session has ended' })).toHaveCount(0);
  expect(timeouts('kim').length).toBe(endedBefore);
});

test('a session that ends anyway: the password in place, the score kept and saved after, the end audited', async () => {
  const page = await openClip();
  const endedBefore = timeouts('kim').length;
  const clipCalls = app.calls.filter((c) => c.name === 'coding.clip').length;
  const oldSrc = await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentSrc);
  // Paused and untouched for 75 s: no heartbeat goes, the session ends.
  const before = heartbeats().length;
  shift.by(75_000);
  await page.clock.runFor(75_000);
  expect(heartbeats().length).toBe(before);
  await page.locator('label[for="sensitivity-3"]').click();
  const dialog = page.getByRole('dialog', { name: 'Your session has ended' });
  await expect(dialog).toBeVisible();
  await expect(page.getByLabel('EAS maternal sensitivity 3', { exact: false }).first()).toBeChecked();
  await expect(page.getByText('kim ·')).toBeVisible(); // no navigation: the page is still there
  await expect(dialog.getByLabel('Password')).toBeFocused();
  await screenshot(page, 'session-ended');
  const axe = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  expect(timeouts('kim').map((r) => r.detail).slice(endedBefore)).toEqual(['{"reason":"idle"}']);

  await dialog.getByLabel('Password').fill(PASSWORD);
  await dialog.getByRole('button', { name: 'Log in again' }).click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByText('Draft saved')).toBeVisible();
  await expect.poll(() => draftOf('kim')?.['scores']).toMatchObject({ sensitivity: 3 });
  await expect(page.locator('#sensitivity-3')).toBeChecked();
  // A new media link came with the clip (the old one ended with the session).
  await expect.poll(() => app.calls.filter((c) => c.name === 'coding.clip').length).toBe(clipCalls + 1);
  await expect.poll(() => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentSrc)).not.toBe(oldSrc);
  const actions = app
    .db()
    .prepare("SELECT action FROM audit_log WHERE actor = 'kim' AND action LIKE 'auth.%' ORDER BY seq DESC LIMIT 2")
    .all() as { action: string }[];
  expect(actions.map((a) => a.action)).toEqual(['auth.login', 'auth.session_timeout']);
});
