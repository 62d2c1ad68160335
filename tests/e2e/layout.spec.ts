// The clip page's layout (issue 16, point 4), through the shipped main and preload: the video at its
// own aspect ratio filling the space left of the form, Submit in view without scrolling in a
// 1366×700 window, and a draggable split between video and form remembered per coder.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSWORD = 'coder-password-1';
const EAS = { min: 1, max: 7, step: 0.5 };
const ANCHORS = { '1': 'Study anchor: unaware of the child’s signals', '3': 'Study anchor: inconsistent responses', '5': 'Study anchor: mostly warm, some misses', '7': 'Study anchor: highly sensitive throughout' };
let dir: string;
let app: TestApp;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-layout-'));
  await buildStudy(dir, {
    clips: [{ seconds: 4, size: '640x360' }, { seconds: 4, size: '640x360', pattern: 'smptebars' }],
    coders: [
      { name: 'kim', password: PASSWORD, clips: [0] },
      { name: 'lee', password: PASSWORD, clips: [1] },
    ],
    // The study's own anchor texts (none ship with the app), on some points of each scale.
    settings: {
      dimensions: [
        { ...EAS, id: 'sensitivity', label: 'EAS maternal sensitivity', categories: [{ from: 1, label: 'not sensitive' }, { from: 5.5, label: 'sensitive' }], anchors: ANCHORS },
        { ...EAS, id: 'non_intrusiveness', label: 'EAS maternal non-intrusiveness', categories: [{ from: 1, label: 'intrusive' }, { from: 5.5, label: 'non-intrusive' }], anchors: { '1': 'Study anchor: takes over the play throughout', '7': 'Study anchor: follows the child’s lead' } },
      ],
    },
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

async function openClip(page: Page, name: string) {
  await login(page, name, PASSWORD);
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 1 ? r(null) : v.addEventListener('loadedmetadata', r))));
}

/** The video's box on screen. */
async function videoBox(page: Page) {
  await expect.poll(async () => (await page.locator('.video-js').boundingBox())?.width ?? 0).toBeGreaterThan(0);
  return (await page.locator('.video-js').boundingBox())!;
}

test('the video at its own shape fills the space left of the form; Submit is in view at 1366×768 and 1366×700', async () => {
  const page = await app.page();
  await openClip(page, 'kim');
  const box = await videoBox(page);
  // 16:9 footage in a 16:9 box: no letter-boxing inside a fixed 4:3 frame.
  expect(box.width / box.height).toBeCloseTo(16 / 9, 1);
  test.info().annotations.push({ type: 'video at 1366×768', description: `${Math.round(box.width)}×${Math.round(box.height)}` });
  console.log(`video at 1366x768: ${Math.round(box.width)}x${Math.round(box.height)}`);
  expect(box.width).toBeGreaterThan(787); // the fixed 4:3 box of before showed 16:9 at 787×443
  const submit = page.getByRole('button', { name: 'Submit rating' });
  await expect(submit).toBeInViewport({ ratio: 1 });
  await screenshot(page, 'clip-layout-1366x768');
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  await page.setViewportSize({ width: 1366, height: 700 });
  await expect(submit).toBeInViewport({ ratio: 1 });
  const small = await videoBox(page);
  expect(small.y + small.height).toBeLessThanOrEqual(700);
  console.log(`video at 1366x700: ${Math.round(small.width)}x${Math.round(small.height)}`);
  // The page itself does not scroll: the form scrolls inside its panel.
  expect(await page.evaluate(() => document.documentElement.scrollHeight <= window.innerHeight + 1)).toBe(true);
  await screenshot(page, 'clip-layout-1366x700');
});

test('the split between video and form is dragged, kept by keyboard too, and remembered per coder', async () => {
  const page = await app.page();
  await openClip(page, 'kim');
  const splitter = page.getByRole('separator', { name: 'Width of the video and the form' });
  const before = (await videoBox(page)).width;
  const handle = (await splitter.boundingBox())!;
  await page.mouse.move(handle.x + handle.width / 2, handle.y + 100);
  await page.mouse.down();
  await page.mouse.move(handle.x - 250, handle.y + 100, { steps: 5 });
  await page.mouse.up();
  await expect.poll(async () => (await videoBox(page)).width).toBeLessThan(before - 100);
  const dragged = Number(await splitter.getAttribute('aria-valuenow'));
  // Arrow keys on the splitter move it, and do not seek the video.
  await splitter.focus();
  const time = await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
  await page.keyboard.press('ArrowRight');
  await expect(splitter).toHaveAttribute('aria-valuenow', String(dragged + 2));
  expect(await page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime)).toBe(time);
  await screenshot(page, 'clip-layout-split');

  // Another coder on this computer has their own split; the first finds theirs after a reload.
  await page.getByRole('button', { name: 'Log out' }).click();
  await openClip(page, 'lee');
  await expect(page.getByRole('separator')).toHaveAttribute('aria-valuenow', '66');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.reload();
  await openClip(page, 'kim');
  await expect(page.getByRole('separator')).toHaveAttribute('aria-valuenow', String(dragged + 2));
});

test('theatre mode: the video large, a one-line scoring strip under it, scored by keys and submitted from there', async () => {
  const page = await app.page();
  await openClip(page, 'kim');
  const side = await videoBox(page);
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('t');
  await expect(page.getByRole('button', { name: 'Theatre' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByRole('separator')).toHaveCount(0);
  const big = await videoBox(page);
  console.log(`theatre video at 1366x768: ${Math.round(big.width)}x${Math.round(big.height)}`);
  expect(big.width).toBeGreaterThan(side.width);
  expect(big.width / big.height).toBeCloseTo(16 / 9, 1);
  // Both scales in one strip under the video, and Submit, all in view.
  for (const name of ['EAS maternal sensitivity', 'EAS maternal non-intrusiveness']) await expect(page.getByRole('group', { name })).toBeInViewport({ ratio: 1 });
  const strip = (await page.getByRole('group', { name: 'EAS maternal sensitivity' }).boundingBox())!;
  expect(strip.y).toBeGreaterThan(big.y + big.height - 1);
  await expect(page.getByRole('button', { name: 'Submit rating' })).toBeInViewport({ ratio: 1 });
  await expect(page.getByLabel('Overall note')).toBeHidden();
  for (const key of ['6', 'Tab', '5', '.']) await page.keyboard.press(key);
  await expect(page.locator('#sensitivity-6')).toBeChecked();
  await expect(page.locator('#non_intrusiveness-5_5')).toBeChecked();
  await screenshot(page, 'clip-theatre');
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  // Leaving theatre brings the notes back, with the scores kept.
  await page.getByRole('button', { name: 'Theatre' }).click();
  await expect(page.getByLabel('Overall note')).toBeVisible();
  await expect(page.locator('#sensitivity-6')).toBeChecked();
});

test('anchors in view: the highlighted scale’s anchor texts beside the video, the focused point marked, the cut-off bands labelled', async () => {
  const page = await app.page();
  await openClip(page, 'lee');
  const panel = page.getByRole('complementary', { name: 'Anchors: EAS maternal sensitivity' });
  await expect(panel).toBeInViewport({ ratio: 1 });
  for (const text of Object.values(ANCHORS)) await expect(panel).toContainText(text);
  await expect(panel).toContainText('not sensitive (1–5)');
  await expect(panel).toContainText('sensitive (5.5–7)');
  // A point's text on hover (its label's title) and on focus (marked in the panel).
  await expect(page.locator('label[for="sensitivity-3"]')).toHaveAttribute('title', ANCHORS['3']);
  await page.locator('body').click({ position: { x: 5, y: 700 } });
  await page.keyboard.press('5');
  await expect(panel.locator('[aria-current="true"]')).toContainText(ANCHORS['5']);
  await page.keyboard.press('Tab');
  const other = page.getByRole('complementary', { name: 'Anchors: EAS maternal non-intrusiveness' });
  await expect(other).toContainText('Study anchor: takes over the play throughout');
  await expect(other).toContainText('intrusive (1–5)');
  await screenshot(page, 'clip-anchors');
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
});
