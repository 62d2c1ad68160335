// The fidelity audit in Chromium (issue 6, item 6): 40 generated session recordings over 5
// clinicians set up through the command line, a 10% sample drawn and dealt to two auditors, every
// sampled session audited through the UI (a second of audio played, adherence chosen, submitted),
// and the summary screen checked against numbers worked out here by hand — the Clopper–Pearson
// limits by bisection on exact binomial tails, independently of core. Also: the audio player's
// skips, speeds, waveform seek and keys; drafts, lock and amendment; axe on every auditor screen;
// CSV export; names for a manager with the opened key and never for an auditor.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import type { CliIo } from '../../electron/cli/io';
import { main } from '../../electron/cli/main';
import { presenceItem, setFidelityItems } from '../../electron/core/fidelity';
import { runFfmpeg } from '../../electron/core/media/run';
import { openStudy } from '../../electron/core/study/study';
import { TestApp, type CallRecord } from './app';
import { login, screenshot } from './support';

const PASSPHRASE = 'fidelity e2e passphrase';
const PASSWORD = 'auditor-password-1';
const SEED = 'fidelity-e2e-seed';
const SECONDS = 30;
const CLINICIANS = ['Anna de Vries', 'Bram Jansen', 'Chen Li', 'Dewi Sari', 'Eva Smit'] as const;
const AUDITORS = ['auditor one', 'auditor two'] as const;
/** Each sampled session's primary adherence score, by clinician: 3 of 5 acceptable (≥ 3). */
const SCORE: Readonly<Record<string, number>> = { 'Anna de Vries': 4, 'Bram Jansen': 2, 'Chen Li': 5, 'Dewi Sari': 3, 'Eva Smit': 1 };

interface Planted {
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly session: number;
  readonly date: string;
}
interface Sampled {
  readonly clinician: string;
  readonly clinicianLabel: string;
  readonly family: string;
  readonly session: number;
  readonly code: string;
}

let root: string;
let app: TestApp;
/** The contract calls of the tests before this one, each test's app in turn. */
const earlierCalls: CallRecord[] = [];
let sampled: Sampled[];
/** Code → which auditors have it, and for what. */
let assignments: { code: string; auditor: string; purpose: 'primary' | 'reliability' }[];
const csvOut = () => path.join(root, 'exports', 'fidelity-summary.csv');
const studyDir = () => path.join(root, 'study');

test.describe.configure({ mode: 'serial' });

async function cli(...argv: string[]): Promise<string> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: PASSWORD },
  };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`blindfold ${argv[0]} failed (${code}): ${err}`);
  return out;
}

/** Eight sessions per clinician (two families, sessions 1–4); Bram's are video, the rest audio. */
function caseload(): Planted[] {
  return CLINICIANS.flatMap((clinician, c) =>
    [1, 2].flatMap((f) =>
      [1, 2, 3, 4].map((session) => ({
        file: `${clinician}/FAM-${c + 1}${f}7 visit ${session}.${c === 1 ? 'mp4' : 'm4a'}`,
        clinician,
        family: `FAM-${c + 1}${f}7`,
        session,
        date: `2023-0${session + 1}-1${c}`,
      })),
    ),
  );
}

/** A tone in bursts (speech-like loud and quiet stretches, so the waveform has a shape), tagged with names. */
async function record(folder: string, p: Planted, i: number): Promise<void> {
  const out = path.join(folder, p.file);
  mkdirSync(path.dirname(out), { recursive: true });
  const tone = ['-f', 'lavfi', '-i', `aevalsrc=exprs='(0.1+0.9*gt(sin(2*PI*0.3*t+${i}),0.2))*abs(sin(PI*t/2.5))*sin(2*PI*${220 + i * 7}*t)':s=16000:d=${SECONDS}`];
  const tags = ['-metadata', `title=${p.family} session ${p.session}`, '-metadata', `artist=${p.clinician}`];
  const audio = ['-c:a', 'aac', '-b:a', '32k', '-ac', '1'];
  if (out.endsWith('.mp4')) {
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', `testsrc2=size=96x64:rate=5:duration=${SECONDS}`, ...tone, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', ...audio, ...tags, out]);
  } else {
    await runFfmpeg(['-y', ...tone, ...audio, ...tags, out]);
  }
}

function manifest(rows: readonly Planted[]): string {
  return ['File,Therapist,Family ID,Session,Date', ...rows.map((r) => [r.file, r.clinician, r.family, String(r.session), r.date].join(','))].join('\n');
}

test.beforeAll(async () => {
  test.setTimeout(240_000);
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-fidelity-e2e-'));
  const planted = caseload();
  for (let i = 0; i < planted.length; i += 4) await Promise.all(planted.slice(i, i + 4).map((p, k) => record(path.join(root, 'sessions'), p, i + k)));
  writeFileSync(path.join(root, 'sessions.csv'), manifest(planted));
  mkdirSync(path.join(root, 'exports'));

  await cli('init', studyDir(), '--name', 'Fidelity e2e trial');
  for (const name of AUDITORS) await cli('add-user', studyDir(), '--name', name, '--role', 'auditor');
  await cli('add-user', studyDir(), '--name', 'manager', '--role', 'manager');
  expect(await cli('import-sessions', studyDir(), path.join(root, 'sessions'), '--manifest', path.join(root, 'sessions.csv'))).toMatch(/Imported 40 session recordings/);
  const drawn = JSON.parse(await cli('sample-sessions', studyDir(), '--seed', SEED, '--json')) as { fraction: number; sampled: Sampled[]; deidentification: { done: number } };
  expect(drawn).toMatchObject({ fraction: 0.1, deidentification: { done: 5 } });
  sampled = drawn.sampled;
  // The study's own item besides adherence: a manual component present or absent.
  const study = openStudy(studyDir());
  try {
    setFidelityItems(study.db, [presenceItem('homework', 'Homework discussed')], 'e2e');
  } finally {
    study.close();
  }
  await cli('assign-auditors', studyDir(), '--auditors', AUDITORS.join(','), '--double-fraction', '0.4', '--seed', 'auditors-e2e');
  const db = new Database(path.join(studyDir(), 'study.sqlite'), { readonly: true });
  try {
    assignments = db
      .prepare('SELECT c.code, u.name AS auditor, a.purpose FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id ORDER BY u.name, a.position')
      .all() as typeof assignments;
  } finally {
    db.close();
  }
});

test.beforeEach(async ({ browser }) => {
  // The native save dialog answers with the export's path.
  app = await TestApp.open(browser, studyDir(), { dialogs: { save: () => csvOut() } });
});

test.afterEach(async () => {
  earlierCalls.push(...app.calls);
  await app.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

// ---- Worked out by hand, from the sample and the scores above.

function choose(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}
const binomialAtLeast = (x: number, n: number, p: number) => Array.from({ length: n - x + 1 }, (_, i) => choose(n, x + i) * p ** (x + i) * (1 - p) ** (n - x - i)).reduce((a, b) => a + b, 0);
const binomialAtMost = (x: number, n: number, p: number) => Array.from({ length: x + 1 }, (_, i) => choose(n, i) * p ** i * (1 - p) ** (n - i)).reduce((a, b) => a + b, 0);

/** The p where an increasing (or decreasing) function of p crosses `target`, by bisection on [0, 1]. */
function bisect(f: (p: number) => number, target: number, increasing: boolean): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (f(mid) < target === increasing) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Clopper–Pearson 95%: P(X ≥ x | lower) = 0.025 and P(X ≤ x | upper) = 0.025 (Clopper & Pearson 1934). */
function clopperPearson95(x: number, n: number): [number, number] {
  const lower = x === 0 ? 0 : bisect((p) => binomialAtLeast(x, n, p), 0.025, true);
  const upper = x === n ? 1 : bisect((p) => binomialAtMost(x, n, p), 0.025, false);
  return [lower, upper];
}

/** One table row as the summary shows it: counts, % to 1 dp, CI limits to 1 dp, mean to 2 dp, range. */
function expectedRow(label: string, scores: readonly number[], sampledCount: number): string[] {
  const acceptable = scores.filter((s) => s >= 3).length;
  const n = scores.length;
  if (n === 0) return [label, String(sampledCount), '0', '0', '—', '—', '—', '—'];
  const [lo, hi] = clopperPearson95(acceptable, n);
  const mean = scores.reduce((a, b) => a + b, 0) / n;
  return [
    label,
    String(sampledCount),
    String(n),
    String(acceptable),
    `${((acceptable / n) * 100).toFixed(1)}%`,
    `${(lo * 100).toFixed(1)}–${(hi * 100).toFixed(1)}%`,
    mean.toFixed(2),
    `${Math.min(...scores)}–${Math.max(...scores)}`,
  ];
}

// ---- Page helpers.

/** The app's window with `user` logged in. */
async function open(user: string): Promise<Page> {
  const page = await app.page();
  await login(page, user, PASSWORD);
  return page;
}

async function axe(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

const media = (page: Page) => page.locator('.audio-player video');
const mediaTime = (page: Page) => media(page).evaluate((v: HTMLVideoElement) => v.currentTime);

async function whenPlayable(page: Page): Promise<void> {
  await expect(media(page)).toHaveCount(1);
  await media(page).evaluate((v: HTMLVideoElement) => new Promise((r) => (v.readyState >= 3 ? r(null) : v.addEventListener('canplay', () => r(null), { once: true }))));
}

/** Plays a second of the recording with the keyboard (K), then pauses it (K). */
async function playASecond(page: Page): Promise<void> {
  await whenPlayable(page);
  const from = await mediaTime(page);
  await page.locator('.clip-heading h1').click();
  await page.keyboard.press('k');
  await expect.poll(() => mediaTime(page), { timeout: 10_000 }).toBeGreaterThanOrEqual(from + 1);
  await page.keyboard.press('k');
  await expect.poll(() => media(page).evaluate((v: HTMLVideoElement) => v.paused)).toBe(true);
}

const scoreFor = (code: string, purpose: 'primary' | 'reliability', doubled: readonly string[]): number => {
  const primary = SCORE[sampled.find((s) => s.code === code)!.clinician]!;
  // The second auditor agrees, except one point higher on the first double-scored session.
  return purpose === 'reliability' && code === doubled[0] ? Math.min(5, primary + 1) : primary;
};
const doubledCodes = () => assignments.filter((a) => a.purpose === 'reliability').map((a) => a.code).sort();

// ---- The tests.

test("the auditor's player: a second of audio, skips of 5 and 15 s, speeds, the waveform, and only the session number", async () => {
  const page = await open(AUDITORS[0]);
  await expect(page.getByText('Session recordings audited: 0 of')).toBeVisible();
  await axe(page, 'auditor queue');
  await screenshot(page, 'fidelity-queue');
  await page.getByRole('button', { name: 'Start auditing' }).click();

  const code = (await page.locator('h1 .code').textContent())!;
  const session = sampled.find((s) => s.code === code)!;
  await expect(page.getByTestId('session-number')).toHaveText(String(session.session));
  await expect(page.locator('.waveform path.waveform-bars')).toHaveCount(1);
  // The peaks follow the recording's bursts: loud stretches near full scale, quiet ones near silence.
  const waveform = app.calls.findLast((c) => c.name === 'fidelity.waveform')!.result;
  expect(waveform.ok).toBe(true);
  const peaks = (waveform as { value: { bins: number; min: number[]; max: number[] } }).value;
  expect(peaks.bins).toBe(1000);
  expect(Math.max(...peaks.max)).toBeGreaterThan(0.7);
  expect(Math.min(...peaks.max)).toBeLessThan(0.1);
  expect(Math.min(...peaks.min)).toBeLessThan(-0.7);
  await playASecond(page);

  // Keys: L +5, Shift+L +15, J −5, Shift+← −15 (clamped at 0), Home to the start.
  await page.keyboard.press('Home');
  await expect.poll(() => mediaTime(page)).toBe(0);
  await page.keyboard.press('l');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(5, 1);
  await page.keyboard.press('Shift+L');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(20, 1);
  await page.keyboard.press('j');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(15, 1);
  await page.keyboard.press('Shift+ArrowLeft');
  await expect.poll(() => mediaTime(page)).toBeCloseTo(0, 1);
  await page.getByRole('button', { name: 'Forward 15 s' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(15, 1);
  await page.getByRole('button', { name: 'Back 5 s' }).click();
  await expect.poll(() => mediaTime(page)).toBeCloseTo(10, 1);

  // Speeds 0.5–2×: the select and [ ].
  const rate = () => media(page).evaluate((v: HTMLVideoElement) => v.playbackRate);
  await page.getByLabel('Speed').selectOption('2');
  await expect.poll(rate).toBe(2);
  await page.locator('.clip-heading h1').click();
  await page.keyboard.press(']');
  await expect.poll(rate).toBe(2);
  for (let i = 0; i < 8; i++) await page.keyboard.press('[');
  await expect.poll(rate).toBe(0.5);
  await expect(page.getByLabel('Speed')).toHaveValue('0.5');
  await page.getByLabel('Speed').selectOption('1');

  // A click three quarters along the waveform seeks three quarters into the recording.
  const box = (await page.getByTestId('waveform').boundingBox())!;
  await page.mouse.click(box.x + box.width * 0.75, box.y + box.height / 2);
  await expect.poll(() => mediaTime(page)).toBeCloseTo(SECONDS * 0.75, 0);
  await expect(page.getByTestId('audio-time')).toContainText('0:22.');

  // Nothing about the session but its number and code: no clinician, family, date or file.
  const text = await page.locator('body').innerText();
  for (const value of [...CLINICIANS, 'FAM-', 'visit', '2023-', 'Clinician ']) expect(text).not.toContain(value);
  await axe(page, 'auditor session');
  await screenshot(page, 'fidelity-session');

  // A draft is saved within a second and comes back after a reload.
  await page.locator('label[for="adherence-2"]').click();
  await page.getByLabel('Overall note').fill('opening review done');
  await expect(page.getByText('Draft saved')).toBeVisible({ timeout: 1000 + 500 });
  // "Draft saved" stays up through later changes until their save starts: wait for the save holding the note.
  await expect
    .poll(() => app.calls.findLast((c) => c.name === 'fidelity.saveDraft'))
    .toMatchObject({ input: { draft: { scores: { adherence: 2 }, overallNote: 'opening review done' } }, result: { ok: true } });
  await page.reload();
  await page.getByRole('button', { name: 'Resume auditing' }).click();
  await expect(page.getByLabel('Overall adherence to the manual 2')).toBeChecked();
  await expect(page.getByLabel('Overall note')).toHaveValue('opening review done');
  await expect(page.getByText('Score 2: not acceptable')).toBeVisible();
  // R goes to the first item not yet scored (adherence is); arrows choose in the group, not skip audio.
  const before = await mediaTime(page);
  await page.keyboard.press('r');
  await expect(page.getByLabel('Homework discussed 0 — absent')).toBeFocused();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByLabel('Homework discussed 1 — present')).toBeChecked();
  expect(await mediaTime(page)).toBe(before);
  // "Unscorable" in a sound recording's words; ScoreForm's video wording is not shown.
  await page.getByRole('checkbox', { name: 'This recording is unscorable' }).check();
  const why = page.getByRole('combobox', { name: 'Why is it unscorable?' });
  await expect(why).toHaveValue('video_quality');
  await expect(why.locator('option:checked')).toHaveText('Recording quality');
  await expect(page.getByText('Video quality')).toBeHidden();
  await expect(page.getByText('This clip is unscorable')).toBeHidden();
  await page.getByRole('checkbox', { name: 'This recording is unscorable' }).uncheck();
});

test('every sampled session is audited through the UI by its auditors', async () => {
  const page = await app.page();
  const doubled = doubledCodes();
  expect(doubled.length).toBeGreaterThan(0);
  for (const auditor of AUDITORS) {
    const mine = assignments.filter((a) => a.auditor === auditor);
    if (auditor === AUDITORS[0]) await login(page, auditor, PASSWORD);
    else {
      await page.getByRole('button', { name: 'Log out' }).click();
      await login(page, auditor, PASSWORD);
    }
    await expect(page.getByText(`Session recordings audited: 0 of ${mine.length}`)).toBeVisible();
    await page.getByRole('button', { name: /^(Start|Resume) auditing$/ }).click();
    for (let i = 0; i < mine.length; i++) {
      await expect(page.getByText(`${i + 1} of ${mine.length}`, { exact: true })).toBeVisible();
      const code = (await page.locator('h1 .code').textContent())!;
      const assignment = mine.find((a) => a.code === code)!;
      expect(assignment, `${code} is ${auditor}'s`).toBeDefined();
      await playASecond(page);
      const score = scoreFor(code, assignment.purpose, doubled);
      await page.locator(`label[for="adherence-${score}"]`).click();
      await expect(page.getByLabel(`Overall adherence to the manual ${score}`, { exact: true })).toBeChecked();
      await page.locator(`label[for="homework-${score >= 3 ? 1 : 0}"]`).click();
      await page.keyboard.press('Control+Enter');
    }
    await expect(page.getByText(`Session recordings audited: ${mine.length} of ${mine.length}`)).toBeVisible();
    await expect(page.getByText('Every session recording in your queue is audited')).toBeVisible();
  }
  // Every sampled session has its primary audit, in the database as entered.
  const db = new Database(path.join(studyDir(), 'study.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(`SELECT c.code, a.purpose, r.scores FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id`)
      .all() as { code: string; purpose: 'primary' | 'reliability'; scores: string }[];
    expect(rows.filter((r) => r.purpose === 'primary').map((r) => r.code).sort()).toEqual(sampled.map((s) => s.code).sort());
    for (const r of rows) expect(JSON.parse(r.scores)['adherence']).toBe(scoreFor(r.code, r.purpose, doubled));
  } finally {
    db.close();
  }
});

test('the summary shows what was worked out by hand; CSV export', async () => {
  const page = await open(AUDITORS[1]);
  await page.getByRole('tab', { name: 'Summary' }).click();
  await expect(page.getByRole('heading', { name: 'Fidelity summary' })).toBeVisible();
  await expect(page.getByTestId('summary-counts')).toHaveText('5 of 40 session recordings sampled · 5 scored · 0 unscorable');
  await expect(page.getByTestId('sampling-rule')).toContainText('Per clinician: ceil(10% × n), at least 1 and at most n');
  await expect(page.getByTestId('rounding-rule')).toContainText('one decimal place');

  const cells = (group: string) => page.getByTestId(`fidelity-row-${group}`).locator('th, td').allTextContents();
  const all = sampled.map((s) => SCORE[s.clinician]!);
  expect(await cells('All sampled sessions')).toEqual(expectedRow('All sampled sessions', all, 5));
  // 3 of 5 acceptable: R's binom.test(3, 5)$conf.int is 0.1466328 to 0.9472550.
  expect(expectedRow('x', all, 5).slice(4, 6)).toEqual(['60.0%', '14.7–94.7%']);
  for (const s of sampled) expect(await cells(s.clinicianLabel)).toEqual(expectedRow(s.clinicianLabel, [SCORE[s.clinician]!], 1));
  for (const n of new Set(sampled.map((s) => s.session))) {
    const here = sampled.filter((s) => s.session === n);
    expect(await cells(`Session ${n}`)).toEqual(expectedRow(`Session ${n}`, here.map((s) => SCORE[s.clinician]!), here.length));
  }
  // Agreement on the double-scored sessions: all but the first agree exactly.
  const doubled = doubledCodes();
  const exact = doubled.filter((c) => scoreFor(c, 'reliability', doubled) === scoreFor(c, 'primary', doubled)).length;
  await expect(page.getByTestId('auditor-agreement')).toContainText(
    `${doubled.length} double-scored session${doubled.length === 1 ? '' : 's'}; exact agreement ${((exact / doubled.length) * 100).toFixed(1)}%`,
  );
  await expect(page.locator('.summary-plot svg rect.plot-bar')).toHaveCount(1 + 5 + new Set(sampled.map((s) => s.session)).size);
  await axe(page, 'fidelity summary');
  await screenshot(page, 'fidelity-summary');

  await page.getByRole('button', { name: 'Export CSV…' }).click();
  await expect(page.getByRole('status')).toHaveText(`Saved to ${csvOut()}`);
  const lines = readFileSync(csvOut(), 'utf8').trim().split('\r\n');
  expect(lines[0]).toBe('level,group,sampled,scored,acceptable,percent_acceptable,ci95_lower_percent,ci95_upper_percent,mean_adherence,min_adherence,max_adherence');
  const [lo, hi] = clopperPearson95(3, 5);
  expect(lines[1]).toBe(`"overall","All sampled sessions",5,5,3,60,${Math.round(lo * 10000) / 100},${Math.round(hi * 10000) / 100},3,1,5`);
  expect(lines).toHaveLength(1 + 1 + 5 + new Set(sampled.map((s) => s.session)).size);
  for (const value of [...CLINICIANS, 'FAM-']) expect(readFileSync(csvOut(), 'utf8')).not.toContain(value);
});

test('a submitted audit is locked; an amendment needs a reason, keeps the original, and moves the summary', async () => {
  const eva = sampled.find((s) => s.clinician === 'Eva Smit')!;
  const auditor = assignments.find((a) => a.code === eva.code && a.purpose === 'primary')!.auditor;
  const page = await open(auditor);
  await page.getByRole('button', { name: new RegExp(eva.code) }).click();
  await expect(page.getByText(/Submitted .* — locked/)).toBeVisible();
  await expect(page.getByLabel('Overall adherence to the manual 1', { exact: true })).toBeDisabled();
  await page.getByRole('button', { name: 'Amend…' }).click();
  await page.locator('label[for="adherence-3"]').click();
  await page.locator('label[for="homework-1"]').click();
  await expect(page.getByRole('button', { name: 'Submit amendment' })).toBeDisabled();
  await page.getByLabel('Reason for the amendment (required)').fill('Listened again: the homework review was there');
  await page.getByRole('button', { name: 'Submit amendment' }).click();
  await expect(page.getByTestId('version-2')).toContainText('Listened again: the homework review was there');
  await expect(page.getByTestId('version-1')).toContainText('Overall adherence to the manual: 1');
  await expect(page.getByTestId('version-2')).toContainText('Overall adherence to the manual: 3');
  await axe(page, 'amendment history');
  await screenshot(page, 'fidelity-amended');

  await page.getByRole('button', { name: 'Back to your sessions' }).click();
  await page.getByRole('tab', { name: 'Summary' }).click();
  const amended = sampled.map((s) => (s.clinician === 'Eva Smit' ? 3 : SCORE[s.clinician]!));
  await expect.poll(() => page.getByTestId('fidelity-row-All sampled sessions').locator('th, td').allTextContents()).toEqual(expectedRow('All sampled sessions', amended, 5));
});

test('clinicians by name only for a manager who opened the key; never in what an auditor received', async () => {
  // The calls of the tests before this one: every auditor's, each in their own run of the app.
  const auditorCalls = [...earlierCalls];
  const page = await open('manager');
  const summary = () => page.evaluate(() => window.blindfold['fidelity.summary']({}));
  const before = await summary();
  expect(before.ok && before.value.clinicianNames).toBe('pseudonyms');
  expect(JSON.stringify(before)).not.toContain('Anna de Vries');
  expect(await page.evaluate((passphrase) => window.blindfold['setup.unlock']({ passphrase }), PASSPHRASE)).toMatchObject({ ok: true });
  const after = await summary();
  expect(after.ok && after.value.byClinician.map((c) => c.group)).toEqual([...CLINICIANS]);
  expect(await page.evaluate(() => window.blindfold['fidelity.queue']({}))).toMatchObject({ ok: false, error: { code: 'forbidden' } });

  // Everything the auditors' pages received (calls before the manager's) carries no name.
  const auditorResults = JSON.stringify(auditorCalls.map((c) => c.result));
  expect(auditorCalls.some((c) => c.name === 'fidelity.clip')).toBe(true);
  for (const value of [...CLINICIANS, 'FAM-', 'visit', '2023-']) expect(auditorResults).not.toContain(value);
});
