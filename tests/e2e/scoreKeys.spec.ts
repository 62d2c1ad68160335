// Scoring by keys (issue 16, point 7), through the shipped main and preload: a clip scored in at most
// 8 keys (digits on the highlighted scale, `.` or `+` for the half point, Tab / Shift+Tab between
// scales, Ctrl+Enter from anywhere); the player's keys — play, seek, frame step — keep working while
// a scale has the focus; only text fields take keys; the shortcut list says so.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSWORD = 'coder-password-1';
let dir: string;
let app: TestApp;
let codes: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-keys-'));
  codes = await buildStudy(dir, {
    clips: [{ seconds: 20, fps: 10, size: '320x180' }, { seconds: 20, fps: 10, size: '320x180', pattern: 'smptebars' }],
    coders: [{ name: 'kim', password: PASSWORD, clips: [0, 1] }],
  });
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, dir, { viewport: { width: 1366, height: 768 } });
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

const scores = (code: string) =>
  app
    .db()
    .prepare(
      `SELECT r.scores FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ? ORDER BY r.version DESC LIMIT 1`,
    )
    .all(code)
    .map((r) => JSON.parse((r as { scores: string }).scores) as Record<string, number>);

const mediaTime = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
const paused = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.paused);

async function open(page: Page, code?: string) {
  await login(page, 'kim', PASSWORD);
  await page.getByRole('button', { name: code ? new RegExp(code) : 'Start coding' }).click();
  await expect(page.locator('video')).toHaveCount(1);
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r))));
}

test('a clip scored in 6 keys: 5 . Tab 4 + Ctrl+Enter', async () => {
  const page = await app.page();
  await open(page);
  const sensitivity = page.getByRole('group', { name: 'EAS maternal sensitivity' });
  await expect(sensitivity).toHaveClass(/active/); // the first scale not scored is highlighted
  await screenshot(page, 'clip-keys-start');
  const keys = ['5', '.', 'Tab', '4', '+', 'Control+Enter'];
  for (const key of keys.slice(0, -1)) await page.keyboard.press(key);
  await expect(page.getByText('Score 5.5: sensitive')).toBeVisible();
  await expect(page.getByText('Score 4.5: intrusive')).toBeVisible();
  await expect(page.getByRole('group', { name: 'EAS maternal non-intrusiveness' })).toHaveClass(/active/);
  await screenshot(page, 'clip-keys-scored');
  await page.keyboard.press(keys.at(-1)!);
  await expect(page.locator('h1 .code')).toHaveText(codes[1]!); // on to the next clip
  expect(keys.length).toBeLessThanOrEqual(8);
  expect(scores(codes[0]!)).toEqual([{ sensitivity: 5.5, non_intrusiveness: 4.5 }]);
  // The next clip from scratch, whole points only: 4 keys, Ctrl+Enter with the focus still on a scale.
  // Keys go to the page once it shows the clip (its video loaded, the first scale highlighted).
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r))));
  await expect(sensitivity).toHaveClass(/active/);
  for (const key of ['7', 'Tab', '6']) await page.keyboard.press(key);
  await expect(page.getByText('Score 7: sensitive')).toBeVisible();
  await page.keyboard.press('Control+Enter');
  await expect(page.getByText('Every clip in your queue is submitted')).toBeVisible();
  expect(scores(codes[1]!)).toEqual([{ sensitivity: 7, non_intrusiveness: 6 }]);
});

test('the player keeps its keys while a scale has the focus; Shift+Tab goes back; text fields take keys', async () => {
  const page = await app.page();
  await open(page, codes[0]);
  await page.getByRole('button', { name: 'Amend…' }).click();
  await page.keyboard.press('3'); // the focus is on the sensitivity scale now
  await expect(page.locator('#sensitivity-3')).toBeFocused();
  await expect(page.locator('#sensitivity-3')).toBeChecked();
  // Arrows seek, they do not change the score.
  const t0 = await mediaTime(page);
  await page.keyboard.press('ArrowRight');
  await expect.poll(() => mediaTime(page)).toBeGreaterThanOrEqual(t0 + 4.9);
  await page.keyboard.press('ArrowLeft');
  await expect.poll(() => mediaTime(page)).toBeLessThan(t0 + 0.5);
  await expect(page.locator('#sensitivity-3')).toBeChecked();
  // Space plays and pauses without ticking a point.
  await page.keyboard.press('Space');
  await expect.poll(() => paused(page)).toBe(false);
  await page.keyboard.press('Space');
  await expect.poll(() => paused(page)).toBe(true);
  await expect(page.locator('#sensitivity-3')).toBeChecked();
  // A `.` not straight after a digit is the frame step; `,` too.
  await page.keyboard.press('.');
  await expect(page.getByTestId('timecode')).toContainText(/frame \d+/);
  const frameAfterDot = await page.getByTestId('timecode').textContent();
  await page.keyboard.press('.');
  await expect(page.getByTestId('timecode')).not.toHaveText(frameAfterDot!);
  await expect(page.locator('#sensitivity-3')).toBeChecked();
  // `+` on a whole score: the half point; Tab, then Shift+Tab back, and a digit re-scores the first.
  await page.keyboard.press('+');
  await expect(page.locator('#sensitivity-3_5')).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('group', { name: 'EAS maternal non-intrusiveness' })).toHaveClass(/active/);
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('group', { name: 'EAS maternal sensitivity' })).toHaveClass(/active/);
  await page.keyboard.press('2');
  await expect(page.locator('#sensitivity-2')).toBeChecked();
  // In a text field digits and dots are text.
  await page.getByLabel('Note on EAS maternal sensitivity').click();
  await page.keyboard.type('7.5 at 0:03');
  await expect(page.getByLabel('Note on EAS maternal sensitivity')).toHaveValue('7.5 at 0:03');
  await expect(page.locator('#sensitivity-2')).toBeChecked();
  // The shortcut list says how.
  await page.getByText('Keyboard shortcuts').click();
  await expect(page.getByText('score the highlighted scale', { exact: true })).toBeVisible();
  await expect(page.getByText('only text fields take keys')).toBeVisible();
  await screenshot(page, 'clip-keys-shortcuts');
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
