// A small trial through the whole shipped app (issue 7, item 7; the built main and preload under
// the electron stand-in, the renderer in Debian's Chromium): set up through the CLI on recordings
// generated with ffmpeg (8 participants × 2 timepoints, two coders, half the clips double-coded,
// sealed); both coders code their whole queues in the workspace; reliability by the CLI, checked
// against a weighted kappa computed here; then the manager's close-out screens — a refused ratings
// import, an emergency unblinding, the lock, unblinding, exports read back, and the analysis
// report, whose numbers are checked against values computed here from the scores entered and the
// allocation. A second test takes the published-trial fixture through the exceptions at the lock,
// a ratings import and a new session that reopens the key, and finds the published values on screen.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import Database from 'better-sqlite3';
import Papa from 'papaparse';
import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { main } from '../../electron/cli/main';
import { createCore } from '../../electron/core/app/core';
import { unlockStudyKey } from '../../electron/core/blinding/sealedKey';
import { setBlindingCheck } from '../../electron/core/coding/dimensions';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { recordingsOf } from '../../electron/core/setup/sealedRecords';
import { openStudy } from '../../electron/core/study/study';
import { serverMode, TestApp, type AppOptions } from './app';
import { ARTIFACTS, login, screenshot } from './support';
import { ARM_C as PUBLISHED_C, ARM_I as PUBLISHED_I } from '../integration/closeout/publishedTrial';
import { buildTrialStudy, type BuiltClip, MANAGER as PUBLISHED_MANAGER, PASSPHRASE as PUBLISHED_PASSPHRASE } from '../integration/closeout/trialStudy';

test.describe.configure({ mode: 'serial', timeout: 300_000 });
test.use({ actionTimeout: 20_000 });

const PASSPHRASE = 'small trial unblinding passphrase';
const MANAGER = { name: 'maria', password: 'manager-password' } as const;
const CODERS = { ann: 'ann-coder-password', bob: 'bob-coder-password' } as const;
type Coder = keyof typeof CODERS;
const ARM_I = 'VIPP-SD';
const ARM_C = 'care as usual';
const TIMEPOINTS = ['pre', 'post'] as const;
type Timepoint = (typeof TIMEPOINTS)[number];
const DIMENSIONS = ['sensitivity', 'non_intrusiveness'] as const;
type Dimension = (typeof DIMENSIONS)[number];
type Scores = Record<Dimension, number>;
const UPPER = 5.5; // "sensitive" / "non-intrusive" on the EAS

const ALLOCATION: Record<string, string> = { P01: ARM_I, P02: ARM_C, P03: ARM_I, P04: ARM_C, P05: ARM_I, P06: ARM_C, P07: ARM_I, P08: ARM_C };
// The scores that count (the primary coder's), by participant and timepoint.
const PRIMARY: Record<string, Record<Timepoint, Scores>> = {
  P01: { pre: { sensitivity: 4, non_intrusiveness: 5 }, post: { sensitivity: 6, non_intrusiveness: 6.5 } },
  P02: { pre: { sensitivity: 5, non_intrusiveness: 4 }, post: { sensitivity: 5.5, non_intrusiveness: 4.5 } },
  P03: { pre: { sensitivity: 5.5, non_intrusiveness: 4.5 }, post: { sensitivity: 6.5, non_intrusiveness: 5.5 } },
  P04: { pre: { sensitivity: 4, non_intrusiveness: 6 }, post: { sensitivity: 4, non_intrusiveness: 5.5 } },
  P05: { pre: { sensitivity: 3.5, non_intrusiveness: 6 }, post: { sensitivity: 5.5, non_intrusiveness: 6 } },
  P06: { pre: { sensitivity: 6, non_intrusiveness: 5.5 }, post: { sensitivity: 4.5, non_intrusiveness: 5 } },
  P07: { pre: { sensitivity: 5, non_intrusiveness: 3 }, post: { sensitivity: 4.5, non_intrusiveness: 4 } },
  P08: { pre: { sensitivity: 3, non_intrusiveness: 3.5 }, post: { sensitivity: 3.5, non_intrusiveness: 3 } },
};
// The second coder's departures from the primary score on the k-th double-coded clip (by code).
const RELIABILITY_DELTA: Record<Dimension, readonly number[]> = {
  sensitivity: [0, 0.5, 0, -0.5, 1, 0, -1, 0.5],
  non_intrusiveness: [0.5, 0, 0, -0.5, 0, 1, 0, -0.5],
};
const ARM_GUESSES = {
  intervention: ['intervention', 'intervention', 'control', 'dont_know'],
  control: ['control', 'intervention', 'dont_know', 'control'],
} as const;

let root: string;
let studyDir: string;
let app: TestApp | null = null;
const openAnswers: string[] = [];
const saveAnswers: string[] = [];
/** code → participant and timepoint, read from the sealed key by the test (the oracle). */
const clipOf = new Map<string, { participant: string; timepoint: Timepoint }>();
/** code → coder → purpose. */
const assignments = new Map<string, Map<Coder, 'primary' | 'reliability'>>();
/** Every score entered in the workspace, and every blinding guess. */
const entered: { code: string; coder: Coder; scores: Scores }[] = [];
const guesses: { trueArm: 'intervention' | 'control'; guess: 'intervention' | 'control' | 'dont_know' }[] = [];

// The native dialogs answer from these queues; main prints the report in its hidden printer window
// (JavaScript off, from a temporary file), whose HTML and look the test keeps.
function appOptions(): AppOptions {
  return {
    dialogs: { open: () => openAnswers.shift() ?? null, save: () => saveAnswers.shift() ?? null },
    onPrint: async (printer) => {
      writeFileSync(path.join(root, 'printed-report.html'), readFileSync(fileURLToPath(printer.url())));
      await printer.screenshot({ path: `${ARTIFACTS}/trial-report-printed.png`, fullPage: true });
    },
  };
}

async function cli(argv: string[], password = ''): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: password },
  });
  return { code, out, err };
}

async function setup(argv: string[], password = ''): Promise<void> {
  const r = await cli(argv, password);
  if (r.code !== 0) throw new Error(`blindfold ${argv[0]} failed: ${r.err}`);
}

function dbRows(sql: string, ...args: unknown[]): Record<string, unknown>[] {
  const db = new Database(path.join(studyDir, 'study.sqlite'), { readonly: true });
  try {
    return db.prepare(sql).all(...args) as Record<string, unknown>[];
  } finally {
    db.close();
  }
}

// ---- Independent statistics (the test's own, from the formulas in the issue).

const Z975 = 1.959963984540054;
const mean = (x: readonly number[]) => x.reduce((a, b) => a + b, 0) / x.length;
const sd = (x: readonly number[]) => Math.sqrt(x.reduce((a, v) => a + (v - mean(x)) ** 2, 0) / (x.length - 1));

function katz(a: number, n1: number, c: number, n2: number) {
  const rr = a / n1 / (c / n2);
  const se = Math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2);
  return [rr, rr * Math.exp(-Z975 * se), rr * Math.exp(Z975 * se)];
}

function hedges(x: readonly number[], y: readonly number[]) {
  const [n1, n2] = [x.length, y.length];
  const pooled = Math.sqrt(((n1 - 1) * sd(x) ** 2 + (n2 - 1) * sd(y) ** 2) / (n1 + n2 - 2));
  const g = (1 - 3 / (4 * (n1 + n2) - 9)) * ((mean(x) - mean(y)) / pooled);
  const se = Math.sqrt((n1 + n2) / (n1 * n2) + g ** 2 / (2 * (n1 + n2)));
  return [g, g - Z975 * se, g + Z975 * se];
}

function binomialCdf(k: number, n: number, p: number): number {
  let sum = 0;
  let term = (1 - p) ** n;
  for (let i = 0; i <= k; i++) {
    sum += term;
    term *= ((n - i) / (i + 1)) * (p / (1 - p));
  }
  return sum;
}

/** Clopper–Pearson by bisection on the binomial tails. */
function clopperPearson(k: number, n: number): [number, number] {
  const solve = (f: (p: number) => number) => {
    let [lo, hi] = [0, 1];
    for (let i = 0; i < 80; i++) {
      const mid = (lo + hi) / 2;
      if (f(mid) > 0) lo = mid;
      else hi = mid;
    }
    return (lo + hi) / 2;
  };
  const lower = k === 0 ? 0 : solve((p) => 1 - binomialCdf(k - 1, n, p) < 0.025 ? 1 : -1);
  const upper = k === n ? 1 : solve((p) => (binomialCdf(k, n, p) > 0.025 ? 1 : -1));
  return [lower, upper];
}

/** Weighted kappa in closed form: 1 − mean disagreement over its chance expectation (equal spacing). */
function weightedKappa(pairs: readonly (readonly [number, number])[], power: 1 | 2): number {
  const d = (a: number, b: number) => Math.abs(a - b) ** power;
  const observed = mean(pairs.map(([a, b]) => d(a, b)));
  const expected = mean(pairs.flatMap(([a]) => pairs.map(([, b]) => d(a, b))));
  return 1 - observed / expected;
}

/** The numbers in a formatted cell ("3/4 75% (19%–99%)", "−0.66 (−1.38 to 0.07)"). */
function numbers(text: string): number[] {
  return (text.replace(/\u2212/g, '-').match(/-?\d+(\.\d+)?/g) ?? []).map(Number);
}

function expectClose(shown: number[], expected: number[], digits: number) {
  expect(shown).toHaveLength(expected.length);
  shown.forEach((s, i) => expect(Math.abs(s - expected[i]!), `${shown.join(', ')} vs ${expected.join(', ')}`).toBeLessThanOrEqual(0.5 * 10 ** -digits + 1e-9));
}

// ---- Whose score is what.

const armOf = (participant: string): 'intervention' | 'control' => (ALLOCATION[participant] === ARM_I ? 'intervention' : 'control');

function scoresFor(code: string, coder: Coder): Scores {
  const clip = clipOf.get(code)!;
  const primary = PRIMARY[clip.participant]![clip.timepoint];
  if (assignments.get(code)!.get(coder) === 'primary') return primary;
  const k = doubleCoded().indexOf(code);
  // A shift past the scale's end goes the other way, so every difference is exactly its delta (a
  // clamp would shrink it, and which clips meet the end depends on the random codes).
  const shift = (d: Dimension) => {
    const delta = RELIABILITY_DELTA[d][k % 8]!;
    const moved = primary[d] + delta;
    return moved > 7 || moved < 1 ? primary[d] - delta : moved;
  };
  return { sensitivity: shift('sensitivity'), non_intrusiveness: shift('non_intrusiveness') };
}

const doubleCoded = () => [...assignments].filter(([, by]) => by.size === 2).map(([code]) => code).sort();

async function axe(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** Starts the app on a study folder (closed after the test) and returns its window's page. */
async function open(browser: Browser, dir: string = studyDir): Promise<Page> {
  app = await TestApp.open(browser, dir, appOptions());
  return app.page();
}

async function openCloseout(browser: Browser, dir: string, name: string, password: string): Promise<Page> {
  const page = await open(browser, dir);
  await login(page, name, password);
  await page.getByRole('tab', { name: 'Close-out' }).click();
  await expect(page.getByRole('heading', { name: 'Where the close-out stands' })).toBeVisible();
  return page;
}

function readCsv(file: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, 'utf8'), { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-trial-'));
  studyDir = path.join(root, 'study');
  mkdirSync(path.join(root, 'out'));
  const recordings = path.join(root, 'recordings');
  mkdirSync(recordings);
  let i = 0;
  for (const p of Object.keys(ALLOCATION)) {
    for (const t of TIMEPOINTS) {
      await runFfmpeg(testPatternArgs({ out: path.join(recordings, `${p}_${t}_play.mp4`), seconds: 1, size: '160x120', fps: 10, frequency: 300 + 40 * i++ }));
    }
  }
  writeFileSync(path.join(root, 'allocation.csv'), `record_id,arm\n${Object.entries(ALLOCATION).map(([p, a]) => `${p},${a}`).join('\n')}\n`);
  await setup(['init', studyDir, '--name', 'Small VIPP trial']);
  await setup(['add-user', studyDir, '--name', MANAGER.name, '--role', 'manager'], MANAGER.password);
  for (const [name, password] of Object.entries(CODERS)) await setup(['add-user', studyDir, '--name', name, '--role', 'coder'], password);
  await setup(['import-allocation', studyDir, path.join(root, 'allocation.csv'), '--arms', `${ARM_I},${ARM_C}`]);
  await setup(['import-recordings', studyDir, recordings, '--pattern', '{participant}_{timepoint}_*.mp4']);
  await setup(['deidentify', studyDir, '--jobs', '2']);
  await setup(['assign', studyDir, '--coders', 'ann,bob', '--double-fraction', '0.5', '--seed', 'small-trial']);
  await setup(['seal', studyDir]);

  // The test's own knowledge: which clip is whose (from the sealed key), and who codes what.
  const study = openStudy(studyDir);
  try {
    setBlindingCheck(study.db, { enabled: true, timepoints: [...TIMEPOINTS] });
    const keyring = await unlockStudyKey(study.db, PASSPHRASE);
    for (const r of recordingsOf(study.db, keyring)) clipOf.set(r.code, { participant: r.participant, timepoint: r.timepoint as Timepoint });
    const rows = study.db
      .prepare('SELECT c.code, u.name, a.purpose FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id')
      .all() as { code: string; name: Coder; purpose: 'primary' | 'reliability' }[];
    for (const r of rows) assignments.set(r.code, (assignments.get(r.code) ?? new Map()).set(r.name, r.purpose));
  } finally {
    study.close();
  }
  expect(clipOf.size).toBe(16);
  expect(doubleCoded()).toHaveLength(8);
});

test.afterEach(async () => {
  await app?.close();
  app = null;
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function codeWholeQueue(page: Page, coder: Coder) {
  await login(page, coder, CODERS[coder]);
  const total = [...assignments.values()].filter((by) => by.has(coder)).length;
  await expect(page.getByText(`Clips submitted: 0 of ${total}`)).toBeVisible();
  await page.getByRole('button', { name: 'Start coding' }).click();
  const perArm = { intervention: 0, control: 0 };
  let previous = '';
  for (let i = 0; i < total; i++) {
    const codeText = page.locator('.clip-heading h1 .code');
    await expect(codeText).not.toHaveText(previous);
    const code = (await codeText.textContent())!.trim();
    previous = code;
    const scores = scoresFor(code, coder);
    for (const d of DIMENSIONS) await page.locator(`label[for="${d}-${String(scores[d]).replace('.', '_')}"]`).click();
    await page.getByRole('button', { name: 'Submit rating' }).click();
    entered.push({ code, coder, scores });
    // The blinding check: the guess cycles by the clip's true arm (which the coder cannot know).
    const trueArm = armOf(clipOf.get(code)!.participant);
    const guess = ARM_GUESSES[trueArm][perArm[trueArm]++ % 4]!;
    guesses.push({ trueArm, guess });
    await page.getByRole('group', { name: 'Group' }).getByLabel({ intervention: 'Intervention', control: 'Control', dont_know: "Don't know" }[guess]).check();
    await page.getByRole('group', { name: 'Timepoint' }).getByLabel(TIMEPOINTS[i % 2]!).check();
    await page.getByRole('button', { name: 'Save guess and continue' }).click();
  }
  await expect(page.getByText(`Clips submitted: ${total} of ${total}`)).toBeVisible();
  await expect(page.getByText('Every clip in your queue is submitted')).toBeVisible();
  await page.getByRole('button', { name: 'Log out' }).click();
}

test('both coders code their whole queues in the workspace', async ({ browser }) => {
  const page = await open(browser);
  await codeWholeQueue(page, 'ann');
  await codeWholeQueue(page, 'bob');
  expect(entered).toHaveLength(24);
  const stored = dbRows(
    `SELECT c.code, u.name AS coder, r.scores FROM ratings r JOIN assignments a ON a.id = r.assignment_id
       JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id`,
  );
  expect(stored.map((r) => ({ code: r['code'], coder: r['coder'], scores: JSON.parse(String(r['scores'])) })).sort((a, b) => `${a.code}${a.coder}`.localeCompare(`${b.code}${b.coder}`))).toEqual(
    [...entered].sort((a, b) => `${a.code}${a.coder}`.localeCompare(`${b.code}${b.coder}`)),
  );
});

test('reliability: the weighted kappa of the double-coded clips matches an independent computation', async () => {
  for (const d of DIMENSIONS) {
    const r = await cli(['reliability-report', studyDir, '--a', 'ann', '--b', 'bob', '--dimension', d, '--json']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out) as { n: number; statistics: { linear: { kappa: number }; quadratic: { kappa: number } } };
    const pairs = doubleCoded().map((code) => {
      const by = (coder: Coder) => entered.find((e) => e.code === code && e.coder === coder)!.scores[d];
      return [by('ann'), by('bob')] as const;
    });
    expect(report.n).toBe(8);
    expect(report.statistics.linear.kappa).toBeCloseTo(weightedKappa(pairs, 1), 10);
    expect(report.statistics.quadratic.kappa).toBeCloseTo(weightedKappa(pairs, 2), 10);
    console.log(`${d}: linear weighted kappa ${weightedKappa(pairs, 1).toFixed(3)}, quadratic ${weightedKappa(pairs, 2).toFixed(3)} (n ${pairs.length})`);
  }
});

test('the manager closes the trial: import refused, emergency unblinding, lock, unblind, export', async ({ browser }) => {
  const page = await openCloseout(browser, studyDir, MANAGER.name, MANAGER.password);
  await expect(page.getByTestId('lock-state')).toContainText('Not locked');
  await expect(page.getByTestId('unsubmitted-count')).toContainText('None');
  const commitment = (await page.getByTestId('seal-commitment').textContent())!;
  expect(commitment).toMatch(/^[0-9a-f]{64}$/);
  await axe(page, 'close-out before the lock');
  await screenshot(page, 'trial-closeout-status');

  // Ratings from paper with problems: a table of them, and nothing written.
  const ratingsBefore = dbRows('SELECT COUNT(*) AS n FROM ratings')[0]!['n'];
  const someCode = entered[0]!;
  writeFileSync(
    path.join(root, 'bad-ratings.csv'),
    ['clip_code,coder,dimension,score', 'ZZZZ-ZZZZ,ann,sensitivity,4', `${someCode.code},${someCode.coder},sensitivity,8`, `${someCode.code},${someCode.coder},non_intrusiveness,4`, ''].join('\n'),
  );
  if (serverMode()) {
    // A browser has no native dialog: the path (on the server's machine) is typed.
    await page.getByLabel('Ratings CSV').fill(path.join(root, 'bad-ratings.csv'));
  } else {
    openAnswers.push(path.join(root, 'bad-ratings.csv'));
    await page.getByRole('button', { name: 'Choose…' }).click();
    await expect(page.getByLabel('Ratings CSV')).toHaveValue(path.join(root, 'bad-ratings.csv'));
  }
  await page.getByRole('button', { name: 'Import ratings' }).click();
  const problems = page.locator('.problems table');
  await expect(problems).toContainText('nothing was imported');
  await expect(problems).toContainText('ZZZZ-ZZZZ');
  expect(await problems.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
  expect(dbRows('SELECT COUNT(*) AS n FROM ratings')[0]!['n']).toBe(ratingsBefore);
  await screenshot(page, 'trial-import-problems');

  // An emergency unblinding of one clip: refused with a wrong passphrase, then revealed once.
  const emergency = [...clipOf].find(([, c]) => c.participant === 'P06' && c.timepoint === 'post')![0];
  const card = page.locator('section', { has: page.getByRole('heading', { name: 'Emergency unblinding of one clip' }) });
  await card.getByLabel('Clip code').fill(emergency.toLowerCase());
  await card.getByLabel('Your password').fill(MANAGER.password);
  await card.getByLabel('Unblinding passphrase').fill('not the passphrase');
  await card.getByLabel(/^Reason/).fill('Coder reported a safety concern in this recording');
  await card.getByRole('button', { name: 'Reveal this clip' }).click();
  // The passphrase check is a deliberately slow key derivation (scrypt): give it time on a busy machine.
  await expect(card.getByRole('alert')).toContainText('not the unblinding passphrase', { timeout: 30_000 });
  await card.getByLabel('Your password').fill(MANAGER.password);
  await card.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await card.getByRole('button', { name: 'Reveal this clip' }).click();
  const reveal = page.getByTestId('emergency-reveal');
  await expect(reveal).toContainText(`Clip ${emergency}: participant P06, arm ${ARM_C}, timepoint post.`, { timeout: 30_000 });
  await expect(page.getByTestId('emergency-list')).toContainText(emergency);
  await expect(page.getByTestId('emergency-list')).toContainText('Coder reported a safety concern in this recording');
  await screenshot(page, 'trial-emergency-reveal');
  await reveal.getByRole('button', { name: 'I have noted it — hide' }).click();
  await expect(reveal).toHaveCount(0);
  await expect(page.getByText('participant P06')).toHaveCount(0);

  // The lock: reliability first — the double-coded clips whose scores differ by a point (the ±1 of
  // RELIABILITY_DELTA) have no consensus, and 8 pairs are too few for a verdict, so none fails —
  // then an explicit confirmation with a reason, then nothing can change.
  const reliability = page.getByTestId('lock-reliability');
  await expect(reliability.locator('table.reliability-unresolved tbody tr')).toHaveCount(3);
  await expect(reliability.locator('table.reliability-failing')).toHaveCount(0);
  const lockButton = page.getByRole('button', { name: 'Lock the study' });
  await expect(lockButton).toBeDisabled();
  await page.getByLabel('I understand that after the lock nothing can change.').check();
  await expect(lockButton).toBeDisabled();
  await page.getByLabel('Reason for locking despite these reliability problems').fill("Reviewed at the coders' meeting: the scores stand");
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.locator('#closeout-lock').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${ARTIFACTS}/trial-lock-reliability-1366x768.png` });
  await lockButton.click();
  await expect(page.getByTestId('locked-over-reliability')).toContainText("Reason given: “Reviewed at the coders' meeting: the scores stand”");
  await expect(page.getByTestId('lock-state')).toContainText('every assigned rating submitted');
  await expect(page.getByTestId('locked-note')).toContainText('No rating, amendment, draft, blinding guess or consensus can change');
  await expect(page.getByRole('heading', { name: 'Emergency unblinding of one clip' })).toHaveCount(0);
  // An amendment after the lock, sent straight to core (no screen offers it any more): a second core,
  // built from the sources on the same study folder beside the running app, answers it.
  const direct = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
  try {
    await direct.invoke('probe', 'auth.login', { name: someCode.coder, password: CODERS[someCode.coder] });
    const amend = await direct.invoke('probe', 'coding.amend', {
      code: someCode.code,
      rating: { scores: { sensitivity: 1, non_intrusiveness: 1 }, notes: {}, overallNote: '', unscorable: null },
      reason: 'after the lock',
      secondsSpent: 1,
    });
    expect(amend).toMatchObject({ ok: false, error: { code: 'locked' } });
  } finally {
    await direct.close();
  }

  // Unblinding: password, passphrase and a reason; who, when, why, and the commitment checked.
  const unblind = page.locator('section', { has: page.getByRole('heading', { name: 'Unblinding' }) });
  await unblind.getByLabel('Your password').fill(MANAGER.password);
  await unblind.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await expect(unblind.getByRole('button', { name: 'Unblind the study' })).toBeDisabled();
  await unblind.getByLabel(/^Reason/).fill('Coding is complete and locked; primary analysis per the SAP');
  await unblind.getByRole('button', { name: 'Unblind the study' }).click();
  const receipt = page.getByTestId('unblind-receipt');
  await expect(receipt).toContainText(`by ${MANAGER.name}`, { timeout: 30_000 });
  await expect(receipt).toContainText('Reason: “Coding is complete and locked; primary analysis per the SAP”');
  await expect(receipt).toContainText(`The opened key matches the seal’s SHA-256 commitment ${commitment}`);
  await expect(receipt).toContainText(`16 clips in the key; randomised: ${ARM_I} 4, ${ARM_C} 4.`);
  const audit = dbRows("SELECT actor, reason FROM audit_log WHERE action = 'study.unblind'");
  expect(audit).toEqual([{ actor: MANAGER.name, reason: 'Coding is complete and locked; primary analysis per the SAP' }]);
  await screenshot(page, 'trial-unblinded');

  // Exports: blinded tidy, unblinded tidy and wide; each read back. Saving goes through the desktop
  // app's native dialog; a browser client gets the exports from the study's machine (README).
  if (serverMode()) {
    await page.getByRole('button', { name: 'Export blinded…' }).click();
    await expect(page.getByText(/Saving a file is done on the study's own computer/).first()).toBeVisible();
    await screenshot(page, 'trial-exports-served');
    return;
  }
  const out = (name: string) => path.join(root, 'out', name);
  saveAnswers.push(out('blinded-tidy.csv'));
  await page.getByRole('button', { name: 'Export blinded…' }).click();
  saveAnswers.push(out('unblinded-tidy.csv'));
  await page.getByRole('button', { name: 'Export unblinded…' }).click();
  await page.getByLabel(/Long: one row per participant × timepoint/).check();
  saveAnswers.push(out('unblinded-long.csv'));
  await page.getByRole('button', { name: 'Export unblinded…' }).click();
  await page.getByLabel(/Wide: one row per participant, a column per/).check();
  saveAnswers.push(out('unblinded-wide.csv'));
  await page.getByRole('button', { name: 'Export unblinded…' }).click();
  const receipts = page.getByTestId('export-receipt');
  await expect(receipts).toHaveCount(4);
  await expect(receipts.nth(0)).toContainText('Blinded tidy export: 48 rows');
  await expect(receipts.nth(1)).toContainText('Unblinded tidy export: 48 rows');
  await expect(receipts.nth(2)).toContainText('Unblinded long export: 16 rows');
  await expect(receipts.nth(3)).toContainText('Unblinded wide export: 8 rows');
  await expect(receipts.nth(3)).toContainText(out('unblinded-wide.dictionary.md'));
  await expect(receipts.nth(3)).toContainText('beside them the readers unblinded-wide.R, unblinded-wide.sps, unblinded-wide.do, unblinded-wide.sas');
  await screenshot(page, 'trial-exports');

  const blinded = readCsv(out('blinded-tidy.csv'));
  expect(blinded).toHaveLength(48);
  expect(Object.keys(blinded[0]!)).not.toContain('arm');
  const tidy = readCsv(out('unblinded-tidy.csv'));
  expect(tidy).toHaveLength(48);
  for (const e of entered) {
    for (const d of DIMENSIONS) {
      const row = tidy.find((r) => r['clip_code'] === e.code && r['coder'] === e.coder && r['dimension'] === d)!;
      const clip = clipOf.get(e.code)!;
      expect(row).toMatchObject({ participant: clip.participant, arm: ALLOCATION[clip.participant], timepoint: clip.timepoint, score: String(e.scores[d]) });
      expect(row['emergency_unblinded']).toBe(e.code === emergency ? '1' : '0');
    }
  }
  const long = readCsv(out('unblinded-long.csv'));
  expect(long).toHaveLength(16);
  for (const [participant, byTime] of Object.entries(PRIMARY)) {
    for (const t of TIMEPOINTS) {
      const row = long.find((r) => r['participant'] === participant && r['timepoint'] === t)!;
      expect(row).toMatchObject({ arm: ALLOCATION[participant], sensitivity: String(byTime[t].sensitivity), non_intrusiveness: String(byTime[t].non_intrusiveness) });
    }
  }
  const wide = readCsv(out('unblinded-wide.csv'));
  expect(wide).toHaveLength(8);
  for (const [participant, byTime] of Object.entries(PRIMARY)) {
    const row = wide.find((r) => r['participant'] === participant)!;
    for (const t of TIMEPOINTS) {
      expect(row).toMatchObject({ arm: ALLOCATION[participant], [`sensitivity_${t}`]: String(byTime[t].sensitivity), [`non_intrusiveness_${t}`]: String(byTime[t].non_intrusiveness) });
    }
  }
  expect(readFileSync(out('unblinded-wide.R'), 'utf8')).toContain('attr(data$sensitivity_post, "label") <-');
  expect(readFileSync(out('unblinded-wide.dictionary.md'), 'utf8')).toContain('non_intrusiveness');
});

test('the analysis report shows the numbers computed independently from the scores and the allocation', async ({ browser }) => {
  const page = await openCloseout(browser, studyDir, MANAGER.name, MANAGER.password);
  // A new session: the key must be opened again before the unblinded work.
  await expect(page.getByRole('heading', { name: 'Analysis' })).toHaveCount(0);
  await page.getByLabel('Unblinding passphrase').fill(PASSPHRASE);
  await page.getByRole('button', { name: 'Open the key' }).click();
  await page.getByLabel('Intervention arm').selectOption(ARM_I);
  await page.getByLabel('Control arm').selectOption(ARM_C);
  await page.getByRole('button', { name: 'Run the analysis' }).click();
  const report = page.locator('article.analysis-report');
  await expect(report.getByRole('heading', { name: /Analysis report — Small VIPP trial/ })).toBeVisible();

  const fact = (term: string) => report.locator('.fact', { has: page.locator('dt', { hasText: term }) }).locator('dd');
  await expect(fact('Data lock')).toContainText('every assigned rating submitted');
  await expect(fact('Reliability at the lock')).toContainText("3 disagreement(s) without consensus");
  await expect(fact('Reliability at the lock')).toContainText("reason given: \"Reviewed at the coders' meeting: the scores stand\"");
  await expect(fact('Emergency unblindings before the lock')).toContainText(`by ${MANAGER.name} ("Coder reported a safety concern in this recording")`);
  await expect(fact('Scoring rule')).toContainText("the primary coder's latest submitted version counts");
  await expect(fact('Reason for unblinding')).toHaveText('Coding is complete and locked; primary analysis per the SAP');

  const valuesAt = (arm: 'intervention' | 'control', t: Timepoint, d: Dimension) =>
    Object.entries(PRIMARY)
      .filter(([p]) => armOf(p) === arm)
      .map(([, byTime]) => byTime[t][d]);
  const row = (table: Locator, header: string) => table.locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${header}$`) }) }).locator('td');
  for (const d of DIMENSIONS) {
    const section = report.getByTestId(`report-dimension-${d}`);
    for (const t of TIMEPOINTS) {
      const [x, y] = [valuesAt('intervention', t, d), valuesAt('control', t, d)];
      const [a, c] = [x.filter((v) => v >= UPPER).length, y.filter((v) => v >= UPPER).length];
      const upper = row(section.locator('table').nth(0), t);
      await expect(upper.nth(0)).toHaveText('4');
      await expect(upper.nth(1)).toHaveText('4');
      for (const [cell, k] of [
        [upper.nth(2), a],
        [upper.nth(3), c],
      ] as const) {
        const [lo, hi] = clopperPearson(k, 4);
        expectClose(numbers((await cell.textContent())!), [k, 4, Math.round((k / 4) * 100), Math.round(lo * 100), Math.round(hi * 100)], 0);
      }
      expectClose(numbers((await upper.nth(4).textContent())!), katz(a, 4, c, 4), 2);
      const means = row(section.locator('table').nth(1), t);
      expectClose(numbers((await means.nth(0).textContent())!), [mean(x), sd(x), 4], 2);
      expectClose(numbers((await means.nth(1).textContent())!), [mean(y), sd(y), 4], 2);
      expectClose(numbers((await means.nth(2).textContent())!), hedges(x, y), 2);
    }
  }
  // Sensitivity after the intervention, spelled out: 3 of 4 vs 1 of 4 sensitive, RR 3.00.
  await expect(row(report.getByTestId('report-dimension-sensitivity').locator('table').nth(0), 'post').nth(4)).toHaveText(/^3\.00 \(0\.50–17\.9\d\)$/);
  // Its risk difference by Newcombe's hybrid score interval, the Wald interval beside it; statsmodels 0.13.5:
  // confint_proportions_2indep(3, 4, 1, 4, method="newcomb", compare="diff") = (−0.1355, 0.7891).
  await expect(row(report.getByTestId('report-dimension-sensitivity').locator('table').nth(0), 'post').nth(5)).toHaveText('50 (\u221214 to 79)');
  await expect(row(report.getByTestId('report-dimension-sensitivity').locator('table').nth(0), 'post').nth(6)).toHaveText('\u221210 to 100');
  // The arm difference at post adjusted for pre (ANCOVA) beside the unadjusted one, as statsmodels 0.13.5
  // computes them from PRIMARY: smf.ols("follow ~ arm + baseline") and smf.ols("follow ~ arm").
  for (const [d, adjusted, se, unadjusted] of [
    ['sensitivity', '1.25 (\u22120.28 to 2.78)', '0.595 (5 df)', '1.25 (\u22120.23 to 2.73)'],
    ['non_intrusiveness', '1.10 (0.09–2.10)', '0.390 (5 df)', '1.00 (\u22120.87 to 2.87)'],
  ] as const) {
    const cells = row(report.getByTestId(`report-dimension-${d}`).locator('table').nth(2), 'post');
    await expect(cells.nth(0)).toHaveText('8 (4 / 4)');
    await expect(cells.nth(1)).toHaveText(adjusted);
    await expect(cells.nth(2)).toHaveText(se);
    await expect(cells.nth(3)).toHaveText(unadjusted);
    await expect(cells.nth(4)).toHaveText('0 / 0');
  }
  await expect(report.getByTestId('report-methods')).toContainText('Newcombe 1998, method 10');

  // Blinding: Bang's index per true arm, (correct − wrong) / all guesses.
  const bang = (arm: 'intervention' | 'control') => {
    const g = guesses.filter((x) => x.trueArm === arm);
    return (g.filter((x) => x.guess === arm).length - g.filter((x) => x.guess !== arm && x.guess !== 'dont_know').length) / g.length;
  };
  const indices = report.getByTestId('report-blinding').locator('table').nth(1);
  for (const [label, arm] of [
    [ARM_I, 'intervention'],
    [ARM_C, 'control'],
  ] as const) {
    expectClose(numbers((await row(indices, `Bang's index, ${label}`).nth(0).textContent())!).slice(0, 1), [bang(arm)], 2);
  }

  // The figures: core's SVGs as images, each with its text alternative.
  const figures = report.locator('figure');
  await expect(figures).toHaveCount(4);
  for (const img of await figures.locator('img').all()) {
    expect(await img.getAttribute('src')).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(await img.getAttribute('alt')).toBeTruthy();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0))).toBeGreaterThan(0);
  }
  await expect(figures.first().locator('figcaption')).toContainText(`post: ${ARM_I} 3/4 75%`);
  await axe(page, 'analysis report');
  await screenshot(page, 'trial-analysis');
  // The adjusted differences as a statistician first sees them, on a 1366×768 laptop screen.
  await page.setViewportSize({ width: 1366, height: 768 });
  const ancovaTable = report.getByTestId('report-dimension-sensitivity').locator('table').nth(2);
  await ancovaTable.evaluate((t) => t.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${ARTIFACTS}/trial-analysis-ancova-1366x768.png` });
  await report.getByTestId('report-dimension-sensitivity').locator('table').nth(0).evaluate((t) => t.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${ARTIFACTS}/trial-analysis-risk-difference-1366x768.png` });
  console.log(await report.locator('.report-text pre').textContent());

  // The report saved as PDF (printed from self-contained HTML) and as text: the desktop app's
  // native dialog and Chromium's printer, which a browser client has neither of.
  if (serverMode()) {
    await page.getByRole('button', { name: 'Save as text…' }).click();
    await expect(page.getByText(/Saving a file is done on the study's own computer/).first()).toBeVisible();
    return;
  }
  saveAnswers.push(path.join(root, 'out', 'analysis.pdf'));
  await page.getByRole('button', { name: 'Save as PDF…' }).click();
  await expect(page.getByTestId('report-saved')).toContainText(`to ${path.join(root, 'out', 'analysis.pdf')}`);
  const pdf = readFileSync(path.join(root, 'out', 'analysis.pdf'));
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const html = readFileSync(path.join(root, 'printed-report.html'), 'utf8');
  expect(html).toContain('Content-Security-Policy');
  expect(html).not.toMatch(/<script/i);
  expect(html.match(/<svg /g)).toHaveLength(4);
  saveAnswers.push(path.join(root, 'out', 'analysis.txt'));
  await page.getByRole('button', { name: 'Save as text…' }).click();
  await expect(page.getByTestId('report-saved')).toContainText('Saved the text report');
  const text = readFileSync(path.join(root, 'out', 'analysis.txt'), 'utf8');
  expect(text).toContain(`Emergency unblindings before the lock (1)`);
  writeFileSync(`${ARTIFACTS}/trial-analysis-report.txt`, text);
  // Saving into the study folder is refused: it must never hold the allocation.
  saveAnswers.push(path.join(studyDir, 'analysis.txt'));
  await page.getByRole('button', { name: 'Save as text…' }).click();
  await expect(page.getByTestId('report-saved')).toContainText('outside the study folder');
});

test('the published trial: exceptions confirmed at the lock, paper ratings imported, the published values on screen', async ({ browser }) => {
  const dir = path.join(root, 'published');
  const imported = (c: BuiltClip) => c.arm === PUBLISHED_C && c.timepoint === 'follow-up' && c.scores !== null;
  const trial = await buildTrialStudy(dir, { leaveForImport: imported });
  const page = await openCloseout(browser, dir, PUBLISHED_MANAGER.name, PUBLISHED_MANAGER.password);
  const fu = trial.clips.filter(imported);
  const csv = path.join(root, 'paper-ratings.csv');
  writeFileSync(csv, `clip_code,coder,dimension,score\n${fu.flatMap((c) => [`${c.code},${c.primary},sensitivity,${c.scores!.sensitivity}`, `${c.code},${c.primary},quality,${c.scores!.quality}`]).join('\n')}\n`);
  await page.getByLabel('Ratings CSV').fill(csv);
  await page.getByRole('button', { name: 'Import ratings' }).click();
  await expect(page.getByText(`Imported ${fu.length} rating(s) from ${fu.length * 2} row(s).`)).toBeVisible();

  // One reliability rating was never submitted: it is listed, and the lock waits for confirmation.
  const exceptions = page.locator('table.exceptions');
  await expect(exceptions.locator('tbody tr')).toHaveCount(1);
  await expect(exceptions).toContainText(trial.exception.code);
  await expect(exceptions).toContainText('reliability (second) coding');
  await expect(exceptions).toContainText('draft saved, not submitted');
  await expect(page.getByRole('button', { name: 'Lock the study' })).toBeDisabled();
  await screenshot(page, 'trial-lock-exceptions');
  await page.getByLabel(/Lock without this rating: I confirm it as an exception/).check();
  // Its reliability pair fails the criterion on both dimensions: the lock waits for a reason too.
  await expect(page.locator('table.reliability-failing tbody tr')).toHaveCount(2);
  await expect(page.locator('table.reliability-failing')).toContainText('is below the threshold 0.700');
  await expect(page.getByRole('button', { name: 'Lock the study' })).toBeDisabled();
  await page.getByLabel('Reason for locking despite these reliability problems').fill('The steering committee accepted the second coder as is');
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.locator('#closeout-lock').evaluate((e) => e.scrollIntoView({ block: 'start' }));
  await page.screenshot({ path: `${ARTIFACTS}/trial-lock-reliability-failing-1366x768.png` });
  await page.getByRole('button', { name: 'Lock the study' }).click();
  await expect(page.getByTestId('lock-state')).toContainText('with 1 confirmed exception(s)');
  await expect(page.locator('table.exceptions')).toContainText(trial.exception.code);

  const unblind = page.locator('section', { has: page.getByRole('heading', { name: 'Unblinding' }) });
  await unblind.getByLabel('Your password').fill('not my password');
  await unblind.getByLabel('Unblinding passphrase').fill(PUBLISHED_PASSPHRASE);
  await unblind.getByLabel(/^Reason/).fill('Final analysis of the published trial');
  await unblind.getByRole('button', { name: 'Unblind the study' }).click();
  await expect(unblind.getByRole('alert')).toContainText('do not match a manager');
  await unblind.getByLabel('Your password').fill(PUBLISHED_MANAGER.password);
  await unblind.getByLabel('Unblinding passphrase').fill(PUBLISHED_PASSPHRASE);
  await unblind.getByRole('button', { name: 'Unblind the study' }).click();
  await expect(page.getByTestId('unblind-receipt')).toContainText('The opened key matches the seal’s SHA-256 commitment');

  await page.getByLabel('Intervention arm').selectOption(PUBLISHED_I);
  await page.getByLabel('Control arm').selectOption(PUBLISHED_C);
  await page.getByRole('button', { name: 'Run the analysis' }).click();
  const report = page.locator('article.analysis-report');
  const row = (section: string, table: number, header: string) =>
    report.getByTestId(section).locator('table').nth(table).locator('tbody tr', { has: page.locator('th', { hasText: new RegExp(`^${header}$`) }) }).locator('td');
  // 9 of 17 vs 3 of 11 sensitive at post-test: RR 1.94 (0.67–5.63).
  await expect(row('report-dimension-sensitivity', 0, 'post').nth(2)).toContainText('9/17');
  await expect(row('report-dimension-sensitivity', 0, 'post').nth(3)).toContainText('3/11');
  await expect(row('report-dimension-sensitivity', 0, 'post').nth(4)).toHaveText('1.94 (0.67–5.63)');
  // Completion at follow-up: 95% (75%–100%) and 70% (46%–88%), Clopper–Pearson.
  await expect(row('report-completion', 0, 'follow-up').nth(0)).toHaveText('19/20 95% (75%–100%)');
  await expect(row('report-completion', 0, 'follow-up').nth(1)).toHaveText('14/20 70% (46%–88%)');
  // Quality at follow-up: 67 ± 10 (n 19) vs 74 ± 11 (n 13), g −0.66 (−1.38 to 0.07).
  await expect(row('report-dimension-quality', 1, 'follow-up').nth(0)).toHaveText('67 ± 10 (n 19)');
  await expect(row('report-dimension-quality', 1, 'follow-up').nth(1)).toHaveText('74 ± 11 (n 13)');
  await expect(row('report-dimension-quality', 1, 'follow-up').nth(2)).toHaveText('\u22120.66 (\u22121.38 to 0.07)');
  await expect(report.locator('.fact', { has: page.locator('dt', { hasText: 'Data lock' }) })).toContainText(`${trial.exception.code} (cem, reliability)`);
  await screenshot(page, 'trial-published-analysis');
});
