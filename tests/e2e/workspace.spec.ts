// The coder's workspace in Chromium: a whole queue by keyboard alone, drafts that survive a reload
// and a restart of the app, amendments that keep the original, exact frame steps, seeking in a
// 30-minute clip, the blinding check, and axe-core on every coder screen.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { login, presentedAfter, presentedAfterSeek, screenshot } from './support';

const PASSWORD = 'coder-password-1';
let dir: string;
let app: TestApp;
let codes: string[];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-ws-'));
  codes = await buildStudy(dir, {
    clips: [{ seconds: 4 }, { seconds: 4, pattern: 'smptebars' }, { seconds: 4, pattern: 'testsrc' }, { seconds: 4, pattern: 'rgbtestsrc' }],
    coders: [
      { name: 'kim', password: PASSWORD, clips: [0, 1, 2] },
      { name: 'lee', password: PASSWORD, clips: [3, 0] },
    ],
    settings: { blindingCheck: { enabled: true, timepoints: ['baseline', 'post-test', 'follow-up'] } },
  });
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, dir);
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function axe(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

function rows(sql: string, ...args: unknown[]) {
  const db = new Database(path.join(dir, 'study.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

test('a coder codes the whole queue by keyboard alone; axe finds nothing serious', async () => {
  const page = await app.page();
  // The login form renders once the session check answers; typing before then goes nowhere.
  await expect(page.getByLabel('User name')).toBeFocused();
  await axe(page, 'login');
  await page.keyboard.type('kim');
  await page.keyboard.press('Tab');
  await page.keyboard.type(PASSWORD);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Clips submitted: 0 of 3')).toBeVisible();
  await axe(page, 'queue');
  await page.keyboard.press('Enter'); // "Start coding" has the focus

  for (let i = 0; i < 3; i++) {
    await expect(page.getByText(`${i + 1} of 3`, { exact: true })).toBeVisible();
    await expect(page.locator('video')).toHaveCount(1);
    if (i === 0) await axe(page, 'clip');
    // Scoring keys (issue 16): a digit on the highlighted scale, `.` for the half point, Tab to the next scale.
    await page.keyboard.press('5');
    await page.keyboard.press('.'); // 5 → 5.5
    await expect(page.getByText('Score 5.5: sensitive')).toBeVisible();
    await page.keyboard.press('Tab'); // the next dimension
    await page.keyboard.press('4');
    await expect(page.getByText('Score 4: intrusive')).toBeVisible();
    await page.keyboard.press('Tab'); // the notes follow the scales
    await expect(page.getByLabel('Note on EAS maternal sensitivity')).toBeFocused();
    await page.keyboard.type(`note ${i}`);
    await page.keyboard.press('Control+Enter');
    // The blinding check, by keyboard too.
    await expect(page.getByRole('heading', { name: 'Blinding check' })).toBeVisible();
    // The check takes the focus to its heading when it mounts; the keys below start from there.
    await expect(page.getByRole('heading', { name: 'Blinding check' })).toBeFocused();
    if (i === 0) {
      await axe(page, 'blinding check');
      await screenshot(page, 'blinding-check');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // first arm choice
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space'); // first timepoint
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
  }
  await expect(page.getByText('Clips submitted: 3 of 3')).toBeVisible();
  await expect(page.getByText('Every clip in your queue is submitted')).toBeVisible();
  await screenshot(page, 'queue-done');

  const ratings = rows(
    `SELECT c.code, r.scores, r.notes, r.seconds_spent FROM ratings r JOIN assignments a ON a.id = r.assignment_id
       JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE u.name = 'kim' ORDER BY a.position`,
  );
  expect(ratings.map((r) => r['code'])).toEqual(codes.slice(0, 3));
  for (const [i, r] of ratings.entries()) {
    expect(JSON.parse(String(r['scores']))).toEqual({ sensitivity: 5.5, non_intrusiveness: 4 });
    expect(JSON.parse(String(r['notes']))).toEqual({ sensitivity: `note ${i}` });
    expect(Number(r['seconds_spent'])).toBeGreaterThan(0);
  }
  const guesses = rows('SELECT arm_guess, timepoint_guess FROM blinding_guesses');
  expect(guesses).toEqual(Array(3).fill({ arm_guess: 'intervention', timepoint_guess: 'baseline' }));
});

test('a draft survives a page reload and a restart of the app', async () => {
  let page = await app.page();
  await login(page, 'lee', PASSWORD);
  await page.getByRole('button', { name: 'Start coding' }).click();
  await page.locator('label[for="sensitivity-3_5"]').click();
  await page.getByLabel('Overall note').fill('mother turned away at 0:02');
  await expect(page.getByText('Draft saved')).toBeVisible();
  // "Draft saved" stays up through later changes until their save starts: wait for the save holding the note.
  await expect
    .poll(() => app.calls.findLast((c) => c.name === 'coding.saveDraft'))
    .toMatchObject({ input: { draft: { scores: { sensitivity: 3.5 }, overallNote: 'mother turned away at 0:02' } }, result: { ok: true } });

  await page.reload();
  await page.getByRole('button', { name: 'Resume coding' }).click();
  await expect(page.getByLabel('EAS maternal sensitivity 3.5')).toBeChecked();
  await expect(page.getByLabel('Overall note')).toHaveValue('mother turned away at 0:02');

  // Quit and start again: the session is gone, the draft is in the study.
  page = await app.restart();
  await login(page, 'lee', PASSWORD);
  await expect(page.locator('.status-draft')).toHaveText('Draft saved');
  await page.getByRole('button', { name: 'Resume coding' }).click();
  await expect(page.getByLabel('EAS maternal sensitivity 3.5')).toBeChecked();
  await expect(page.getByLabel('Overall note')).toHaveValue('mother turned away at 0:02');
  await screenshot(page, 'draft-restored');
});

test('an amendment needs a reason, adds a version and keeps the original', async () => {
  const page = await app.page();
  await login(page, 'kim', PASSWORD);
  await page.getByRole('button', { name: new RegExp(codes[1]!) }).click();
  await expect(page.getByText(/Submitted .* — locked/)).toBeVisible();
  await expect(page.getByLabel('EAS maternal sensitivity 5.5')).toBeDisabled();
  // Starting an amendment and cancelling it changes nothing.
  await page.getByRole('button', { name: 'Amend…' }).click();
  await page.locator('label[for="sensitivity-2"]').click();
  await page.getByRole('button', { name: 'Cancel amendment' }).click();
  await expect(page.getByLabel('EAS maternal sensitivity 5.5')).toBeChecked();
  await expect(page.getByLabel('EAS maternal sensitivity 5.5')).toBeDisabled();
  await page.getByRole('button', { name: 'Amend…' }).click();
  await page.locator('label[for="sensitivity-6"]').click();
  await expect(page.getByRole('button', { name: 'Submit amendment' })).toBeDisabled();
  await page.getByLabel('Reason for the amendment (required)').fill('Re-watched: more sensitive than first scored');
  await page.getByRole('button', { name: 'Submit amendment' }).click();
  await expect(page.getByTestId('version-2')).toContainText('Re-watched: more sensitive than first scored');
  await expect(page.getByTestId('version-1')).toContainText('EAS maternal sensitivity: 5.5');
  await expect(page.getByTestId('version-2')).toContainText('EAS maternal sensitivity: 6');
  await screenshot(page, 'amendment-history');
  await axe(page, 'history');

  const versions = rows(
    `SELECT r.version, r.scores, r.amends_id, r.amendment_reason FROM ratings r JOIN assignments a ON a.id = r.assignment_id
       JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE c.code = ? AND u.name = 'kim' ORDER BY r.version`,
    codes[1],
  );
  expect(versions.map((v) => [v['version'], JSON.parse(String(v['scores']))['sensitivity'], v['amendment_reason']])).toEqual([
    [1, 5.5, null],
    [2, 6, 'Re-watched: more sensitive than first scored'],
  ]);
});

test('a frame step moves exactly one frame, forward and back', async () => {
  const page = await app.page();
  await login(page, 'kim', PASSWORD);
  await page.getByRole('button', { name: new RegExp(codes[0]!) }).click();
  await expect(page.locator('video')).toHaveCount(1);
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r))));
  const fps = 25;
  const start = await presentedAfterSeek(page, 50.5 / fps); // the middle of frame 50
  expect(Math.round(start * fps)).toBe(50);
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  const forward = await presentedAfter(page, () => page.keyboard.press('.'));
  expect(forward - start).toBeCloseTo(1 / fps, 3);
  await expect(page.getByTestId('timecode')).toContainText('frame 51');
  const back = await presentedAfter(page, () => page.keyboard.press(','));
  expect(forward - back).toBeCloseTo(1 / fps, 3);
  await expect(page.getByTestId('timecode')).toContainText('frame 50');
  // Keys are ignored while typing in a text field.
  await page.getByLabel('Overall note').focus();
  await page.keyboard.type('.,');
  await expect(page.getByTestId('timecode')).toContainText('frame 50');
});

test('seeking anywhere in a 30-minute clip lands within a frame', async ({ browser }) => {
  const longDir = mkdtempSync(path.join(os.tmpdir(), 'blindfold-long-'));
  const [code] = await buildStudy(longDir, {
    clips: [{ seconds: 1800, fps: 10, size: '160x120', extra: ['-crf', '40', '-g', '50'] }],
    coders: [{ name: 'kim', password: PASSWORD, clips: [0] }],
  });
  const longApp = await TestApp.open(browser, longDir);
  try {
    const page = await longApp.page();
    await login(page, 'kim', PASSWORD);
    await page.getByRole('button', { name: 'Start coding' }).click();
    await expect(page.locator('h1 .code')).toHaveText(code!);
    const duration = await page.locator('video').evaluate(
      (v: HTMLVideoElement) => new Promise<number>((r) => (v.readyState >= 1 ? r(v.duration) : v.addEventListener('loadedmetadata', () => r(v.duration)))),
    );
    expect(duration).toBeGreaterThan(1799);
    for (const target of [1500.05, 12.35, 1799.05, 900.45]) {
      const landed = await presentedAfterSeek(page, target);
      expect(Math.abs(landed - target), `seek to ${target}`).toBeLessThanOrEqual(1 / 10 + 1e-6);
    }
    expect(longApp.media.filter((m) => m.status === 206).length).toBeGreaterThan(1);
  } finally {
    await longApp.close();
    rmSync(longDir, { recursive: true, force: true });
  }
});
