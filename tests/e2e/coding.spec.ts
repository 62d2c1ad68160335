// One clip coded end to end in the shipped app (built main and preload under the electron stand-in,
// the renderer in Debian's Chromium): log in, play, seek, score, submit, and find the rating in SQLite.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test } from '@playwright/test';
import { createDemoStudy, DEMO_USERS } from '../../electron/core/app/demo';
import { TestApp } from './app';
import { login, presentedAfterSeek, screenshot } from './support';

let root: string;
let dir: string;
let app: TestApp;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-e2e-'));
  dir = path.join(root, 'study');
  (await createDemoStudy(dir, { clipSeconds: 8 })).close();
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, dir);
});

test.afterEach(async () => {
  await app.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('a coder logs in, plays a clip, seeks, scores, submits, and the rating lands in SQLite', async () => {
  const page = await app.page();
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  await screenshot(page, 'login');

  const coder = DEMO_USERS.find((u) => u.name === 'coder1')!;
  await login(page, coder.name, coder.password);
  await expect(page.getByText('Clips submitted: 0 of 4')).toBeVisible();
  await screenshot(page, 'queue');
  await page.getByRole('button', { name: 'Start coding' }).click();

  const video = page.locator('video');
  await expect(video).toHaveCount(1);
  const code = (await page.locator('h1 .code').textContent())!.trim();
  expect(code).toMatch(/^[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  // The control bar shows no time remaining (a clip's length can tell its timepoint).
  await expect(page.locator('.vjs-control-bar')).toHaveCount(1);
  await expect(page.locator('.vjs-remaining-time')).toHaveCount(0);

  // Play until the clock passes one second.
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 20_000 }).toBeGreaterThan(1);
  await video.evaluate((v: HTMLVideoElement) => v.pause());

  // Seek to the middle and check the presented frame is within one frame of it.
  const duration = await video.evaluate((v: HTMLVideoElement) => v.duration);
  const landed = await presentedAfterSeek(page, duration / 2);
  expect(Math.abs(landed - duration / 2)).toBeLessThanOrEqual(1 / 25 + 1e-6);
  await expect(page.getByTestId('timecode')).toContainText('frame 100');

  // Score: sensitivity 5.5 (the first "sensitive" point), non-intrusiveness 4.
  // The cut-off on the scale itself (the anchor panel under the video labels the bands too).
  await expect(page.getByRole('group', { name: 'EAS maternal sensitivity' }).getByText('sensitive (5.5–7)', { exact: true })).toBeVisible();
  await page.locator('label[for="sensitivity-5_5"]').click();
  await page.locator('label[for="non_intrusiveness-4"]').click();
  await expect(page.getByText('Score 5.5: sensitive')).toBeVisible();
  await expect(page.getByText('Draft saved')).toBeVisible();
  await screenshot(page, 'clip-page');

  await page.getByRole('button', { name: 'Submit rating' }).click();
  // Submitting moves on to the next clip in the queue.
  await expect(page.locator('h1 .code')).not.toHaveText(code);
  await expect(page.getByText('2 of 4')).toBeVisible();

  const db = new Database(path.join(dir, 'study.sqlite'), { readonly: true });
  try {
    const row = db
      .prepare(
        `SELECT r.scores, r.version, u.name AS coder FROM ratings r
           JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
          WHERE c.code = ?`,
      )
      .get(code) as { scores: string; version: number; coder: string } | undefined;
    expect(row).toBeDefined();
    expect(JSON.parse(row!.scores)).toEqual({ sensitivity: 5.5, non_intrusiveness: 4 });
    expect(row!.version).toBe(1);
    expect(row!.coder).toBe('coder1');
  } finally {
    db.close();
  }
  expect(app.media.some((m) => m.status === 206)).toBe(true);
  expect(consoleErrors).toEqual([]);
});
