// Evidence tied to a moment (issue 16, point 6), through the shipped main and preload: a coder marks
// moments by key (B) and by button, each at the time and frame the player shows, with a short note;
// the markers show as ticks on the scrubber and in a list beside the notes, and a marker or a time
// written in a note seeks the video there; the scrubber shows elapsed time and frame. Drafts,
// submissions and amendments keep them (the original version keeps its own); the reliability lead
// sees both coders' markers in the disagreement review and jumps to each; the export carries them.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import Papa from 'papaparse';
import { findUserByName } from '../../db/repositories/users';
import { addUser } from '../../electron/core/auth/users';
import { submitRating } from '../../electron/core/coding/ratings';
import { openStudy } from '../../electron/core/study/study';
import { buildStudy } from '../support/studyFixtures';
import { TestApp } from './app';
import { ARTIFACTS, login, screenshot } from './support';

const PASSWORD = 'coder-password-1';
const LEAD = { name: 'rita', password: 'reliability-lead-password-1' };
const MANAGER = { name: 'mona', password: 'manager-password-1' };
const LEE_MARKER = { seconds: 7.5, frame: 75, note: 'bid missed' };

let root: string;
let studyDir: string;
let app: TestApp;
let code: string;
const saved: string[] = [];

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-markers-'));
  mkdirSync(path.join(root, 'out'));
  studyDir = path.join(root, 'study');
  [code] = (await buildStudy(studyDir, {
    clips: [{ seconds: 20, fps: 10, size: '320x180' }],
    coders: [
      { name: 'kim', password: PASSWORD, clips: [0] },
      { name: 'lee', password: PASSWORD, clips: [0] },
    ],
  })) as [string];
  const study = openStudy(studyDir);
  try {
    await addUser(study.db, { name: LEAD.name, role: 'reliability', password: LEAD.password }, 'test');
    await addUser(study.db, { name: MANAGER.name, role: 'manager', password: MANAGER.password }, 'test');
    // lee's rating, through the core function the coding screen calls: 3 against kim's 5, one marker.
    const lee = { id: findUserByName(study.db, 'lee')!.id, name: 'lee' };
    submitRating(
      study.db,
      lee,
      code,
      { scores: { sensitivity: 3, non_intrusiveness: 4 }, notes: { sensitivity: 'Misses a bid at 0:07' }, overallNote: '', unscorable: null, markers: [LEE_MARKER] },
      60,
    );
  } finally {
    study.close();
  }
});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, studyDir, {
    viewport: { width: 1366, height: 768 },
    dialogs: { save: () => saved.shift() ?? null },
  });
});

test.afterEach(async () => {
  await app?.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const mediaTime = (page: Page) => page.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);

/** The markers of every version of kim's rating, oldest first, as the app stored them. */
const storedMarkers = () =>
  app
    .db()
    .prepare(
      `SELECT r.version, r.markers FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN users u ON u.id = a.coder_id
        WHERE u.name = 'kim' ORDER BY r.version`,
    )
    .all()
    .map((r) => JSON.parse((r as { markers: string }).markers) as unknown);

const draftMarkers = () => {
  const row = app.db().prepare(`SELECT d.draft FROM drafts d JOIN assignments a ON a.id = d.assignment_id JOIN users u ON u.id = a.coder_id WHERE u.name = 'kim'`).get() as
    | { draft: string }
    | undefined;
  return row ? (JSON.parse(row.draft) as { markers: unknown }).markers : null;
};

async function axe(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

async function openClip(page: Page) {
  await login(page, 'kim', PASSWORD);
  await page.getByRole('button', { name: new RegExp(code) }).click();
  await expect(page.locator('video')).toHaveCount(1);
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r))));
}

/** Home, then L n times: the player at 5 n seconds, paused. */
async function goTo(page: Page, fives: number) {
  await page.keyboard.press('Home');
  for (let i = 0; i < fives; i++) await page.keyboard.press('l');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(5 * fives, 2);
}

test('a coder marks moments by key and by button, sees them on the scrubber and in the list, and jumps to them', async () => {
  const page = await app.page();
  await openClip(page);
  // Played once and paused, so video.js shows its control bar (the scrubber) while paused.
  await page.keyboard.press('k');
  await expect.poll(() => mediaTime(page)).toBeGreaterThan(0.2);
  await page.keyboard.press('k');

  // B at 0:05: a marker at frame 50, its note field takes the focus; Enter gives the keys back.
  await goTo(page, 1);
  await page.keyboard.press('b');
  const list = page.getByTestId('markers');
  await expect(list.getByTestId('marker')).toHaveCount(1);
  const firstNote = list.getByLabel('Note on the marker at 0:05.000');
  await expect(firstNote).toBeFocused();
  await page.keyboard.type('turns to the child');
  await page.keyboard.press('Enter');
  await expect(firstNote).not.toBeFocused();
  await expect(firstNote).toHaveValue('turns to the child');

  // The button at 0:10 (the keys work again after Enter: L seeks).
  await page.keyboard.press('l');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 2);
  await list.getByRole('button', { name: 'Add marker' }).click();
  await expect(list.getByTestId('marker')).toHaveCount(2);
  const secondNote = list.getByLabel('Note on the marker at 0:10.000');
  await expect(secondNote).toBeFocused();
  await page.keyboard.type('looks away');
  await page.keyboard.press('Enter');
  await expect(list.getByRole('button', { name: 'Go to 0:05.000 · frame 50' })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Go to 0:10.000 · frame 100' })).toBeVisible();

  // On the scrubber: a tick at a quarter and at half of the 20 s clip; elapsed time and frame beside it.
  const ticks = page.locator('.vjs-progress-holder [data-testid="marker-tick"]');
  await expect(ticks).toHaveCount(2);
  const lefts = await ticks.evaluateAll((els) => els.map((e) => parseFloat((e as HTMLElement).style.left)));
  expect(lefts[0]).toBeCloseTo(25, 0);
  expect(lefts[1]).toBeCloseTo(50, 0);
  await expect(page.locator('.vjs-control-bar').getByTestId('scrubber-time')).toHaveText('00:10.000 · frame 100');
  await expect(page.locator('.vjs-control-bar')).toBeVisible();

  // A time written in a note is a link; so is a marker.
  await page.getByLabel('Overall note').fill('Bids at 0:03 and again at 0:12; warm at the end');
  const noteTimes = page.getByTestId('note-times');
  await noteTimes.getByRole('button', { name: 'Go to 0:03 (your note, overall)' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(3, 2);
  await expect(page.getByTestId('timecode')).toHaveText('00:03.000 · frame 30');
  await list.getByRole('button', { name: 'Go to 0:05.000 · frame 50' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(5, 2);

  // The draft keeps them (saved within a second), and so does the page opened again.
  await expect
    .poll(draftMarkers)
    .toEqual([
      { seconds: 5, frame: 50, note: 'turns to the child' },
      { seconds: 10, frame: 100, note: 'looks away' },
    ]);
  await page.getByRole('button', { name: 'Back to your clips' }).first().click();
  await page.getByRole('button', { name: new RegExp(code) }).click();
  await expect(page.getByTestId('markers').getByTestId('marker')).toHaveCount(2);
  await expect(page.getByLabel('Note on the marker at 0:10.000')).toHaveValue('looks away');
  await page.locator('video').evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 2 ? r(null) : v.addEventListener('loadeddata', r))));
  await page.keyboard.press('k');
  await expect.poll(() => mediaTime(page)).toBeGreaterThan(0.2);
  await page.keyboard.press('k');
  await page.getByTestId('markers').getByRole('button', { name: 'Go to 0:10.000 · frame 100' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 2);
  await page.locator('label[for="sensitivity-5"]').click();
  await page.locator('label[for="non_intrusiveness-4"]').click();
  // For the picture: at 0:03, both ticks clear of the handle; the form scrolled to the markers.
  await noteTimes.getByRole('button', { name: 'Go to 0:03 (your note, overall)' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(3, 2);
  await page.getByTestId('markers').evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.mouse.move(300, 300); // over the video: video.js shows its control bar
  await page.screenshot({ path: `${ARTIFACTS}/clip-markers-1366x768.png` });
  await axe(page, 'clip page with markers');

  await page.getByRole('button', { name: 'Submit rating' }).click();
  await expect(page.getByText('Every clip in your queue is submitted')).toBeVisible();
  expect(storedMarkers()).toEqual([
    [
      { seconds: 5, frame: 50, note: 'turns to the child' },
      { seconds: 10, frame: 100, note: 'looks away' },
    ],
  ]);
  expect(draftMarkers()).toBeNull();
});

test('reopened, the submitted markers are kept; an amendment adds one and the original keeps its own', async () => {
  const page = await app.page();
  await openClip(page);
  const list = page.getByTestId('markers');
  await expect(list.getByTestId('marker')).toHaveCount(2);
  await expect(list.getByText('turns to the child')).toBeVisible();
  await expect(list.getByRole('button', { name: 'Add marker' })).toHaveCount(0); // locked
  // B does nothing on a submitted rating.
  await page.keyboard.press('b');
  await expect(list.getByTestId('marker')).toHaveCount(2);
  // The version in the history links its note's times and its markers.
  const v1 = page.getByTestId('version-1');
  await expect(v1).toContainText('Markers: 0:05.000 turns to the child; 0:10.000 looks away');
  await v1.getByRole('button', { name: 'Go to 0:12' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(12, 2);
  await v1.getByRole('button', { name: 'Go to 0:10.000 · frame 100 (version 1)' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 2);

  await page.getByRole('button', { name: 'Amend…' }).click();
  await goTo(page, 3);
  await page.keyboard.press('b');
  await expect(list.getByTestId('marker')).toHaveCount(3);
  await expect(list.getByLabel('Note on the marker at 0:15.000')).toBeFocused();
  await page.keyboard.type('smiles back');
  await page.keyboard.press('Enter');
  await page.getByLabel('Reason for the amendment (required)').fill('Marked the reunion');
  await page.getByRole('button', { name: 'Submit amendment' }).click();
  await expect(page.getByTestId('version-2')).toContainText('0:15.000 smiles back');
  const v1Markers = [
    { seconds: 5, frame: 50, note: 'turns to the child' },
    { seconds: 10, frame: 100, note: 'looks away' },
  ];
  expect(storedMarkers()).toEqual([v1Markers, [...v1Markers, { seconds: 15, frame: 150, note: 'smiles back' }]]);
  await axe(page, 'clip page, amended');
});

test("the lead's disagreement review shows both coders' markers, and each jumps the clip there", async () => {
  const page = await app.page();
  await login(page, LEAD.name, LEAD.password);
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await page.getByLabel('Dimension').selectOption('sensitivity');
  await page.getByRole('button', { name: 'Compare kim and lee' }).click();
  await expect(page.getByTestId('pair-count')).toContainText('n = 1');
  await page.getByRole('button', { name: `Review clip ${code}` }).click();
  const review = page.getByTestId('disagreement-review');
  await expect(review.getByTestId('markers-a').locator('li')).toHaveCount(3);
  await expect(review.getByTestId('markers-a')).toContainText('smiles back');
  await expect(review.getByTestId('markers-b').locator('li')).toHaveCount(1);
  await expect(review.getByTestId('markers-b')).toContainText('bid missed');
  // lee's marker opens the clip at 7.5 s; kim's then jumps to 15 s; lee's note's time to 7 s.
  await review.getByRole('button', { name: 'Go to 0:07.500 · frame 75 (lee)' }).click();
  const video = review.locator('video');
  await expect(video).toHaveCount(1);
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeCloseTo(7.5, 2);
  await expect(review.locator('[data-testid="marker-tick"]')).toHaveCount(4);
  await expect(review.locator('.marker-tick.tone-b')).toHaveCount(1);
  await review.getByRole('button', { name: 'Go to 0:15.000 · frame 150 (kim)' }).click();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(15, 2);
  await review.getByTestId('note-b').getByRole('button', { name: 'Go to 0:07' }).click();
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime)).toBeCloseTo(7, 2);
  await screenshot(page, 'reliability-review-markers');
  await axe(page, 'disagreement review with markers');
});

test('the tidy export carries each rating’s markers, documented in its dictionary and read by its readers', async () => {
  const page = await app.page();
  await login(page, MANAGER.name, MANAGER.password);
  await page.getByRole('tab', { name: 'Close-out' }).click();
  const file = path.join(root, 'out', 'blinded-tidy.csv');
  saved.push(file);
  await page.getByRole('button', { name: 'Export blinded…' }).click();
  await expect(page.getByTestId('export-receipt')).toContainText('Blinded tidy export');
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  const byCoder = (name: string) => parsed.data.filter((r) => r['coder'] === name);
  expect(byCoder('kim').map((r) => [r['dimension'], r['marker_count'], r['markers']])).toEqual(
    ['sensitivity', 'non_intrusiveness'].map((d) => [d, '3', '0:05.000 (frame 50): turns to the child | 0:10.000 (frame 100): looks away | 0:15.000 (frame 150): smiles back']),
  );
  expect(byCoder('lee').map((r) => r['markers'])).toEqual(['0:07.500 (frame 75): bid missed', '0:07.500 (frame 75): bid missed']);
  const base = file.slice(0, -'.csv'.length);
  expect(readFileSync(`${base}.dictionary.md`, 'utf8')).toMatch(/\| markers \| text \| The coder's markers: time \(frame\): note, in time order \|/);
  for (const ext of ['.R', '.sps', '.do', '.sas']) expect(readFileSync(`${base}${ext}`, 'utf8')).toContain('marker_count');
});
