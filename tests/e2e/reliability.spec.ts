// The reliability lead's screens in the shipped app (built main and preload under the electron
// stand-in, the renderer in Debian's Chromium) over a study with real (tiny, generated) clips: two
// coders who double-coded twelve clips with known scores, and three gold-standard training clips.
// The lead edits the settings, compares the pair (n and weighted kappa checked against a naive
// computation here), opens a disagreement with both notes, re-watches it, records a consensus,
// saves the report as PDF (main's hidden printer window, Chromium's print engine) and CSV, and
// certifies a trainee. axe on each screen.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { findUserByName } from '../../db/repositories/users';
import { verifyAuditChain } from '../../electron/core/audit/chain';
import { addUser } from '../../electron/core/auth/users';
import { submitRating } from '../../electron/core/coding/ratings';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { importGoldClips, recordGoldScores, reliabilitySettings } from '../../electron/core/reliability/study';
import { openStudy } from '../../electron/core/study/study';
import { buildStudy } from '../support/studyFixtures';
import { serverMode, TestApp } from './app';
import { ARTIFACTS, login, screenshot } from './support';

const CODER_PASSWORD = 'coder-password-1';
const LEAD = { name: 'rita', password: 'reliability-lead-password-1' };

// Known scores on EAS sensitivity (1–7 in half points); clip 2 is the largest disagreement (−1.5).
const KIM = [5.5, 3, 4, 6, 2.5, 5, 7, 3.5, 4.5, 6.5, 2, 5];
const LEE = [5, 3, 5.5, 6, 2.5, 4, 6.5, 3.5, 4.5, 6, 3, 5];
const KIM_NI = [5, 4, 6, 5.5, 3, 4.5, 6.5, 4, 5, 6, 3.5, 5];
const LEE_NI = [5, 4.5, 6, 5, 3, 4.5, 6, 4, 5, 6, 4, 5];
const NOTE_KIM = 'Warm throughout; follows the child’s lead';
const NOTE_LEE = 'Misses two bids for attention at 0:02';
const OVERALL_LEE = 'Camera angle hides the mother’s face at times';

let root: string;
let studyDir: string;
let app: TestApp;
let codes: string[];
let goldCodes: string[];
const saveDir = () => path.join(root, 'saved');

/** Linear (Cicchetti–Allison) weighted kappa over the full 13-point scale, written out naively. */
function naiveLinearKappa(a: readonly number[], b: readonly number[]): number {
  const values = Array.from({ length: 13 }, (_, i) => 1 + i * 0.5);
  const k = values.length;
  const n = a.length;
  const p = values.map(() => values.map(() => 0));
  a.forEach((x, t) => (p[values.indexOf(x)]![values.indexOf(b[t]!)]! += 1 / n));
  const rows = p.map((r) => r.reduce((s, x) => s + x, 0));
  const cols = values.map((_, j) => p.reduce((s, r) => s + r[j]!, 0));
  let po = 0;
  let pe = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const w = 1 - Math.abs(i - j) / (k - 1);
      po += w * p[i]![j]!;
      pe += w * rows[i]! * cols[j]!;
    }
  }
  return (po - pe) / (1 - pe);
}

const fmt3 = (x: number): string => x.toFixed(3).replace('-', '−');

test.describe.configure({ mode: 'serial', timeout: 180_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-reliability-'));
  mkdirSync(saveDir());
  studyDir = path.join(root, 'study');
  const all = Array.from({ length: 12 }, (_, i) => i);
  codes = await buildStudy(studyDir, {
    clips: all.map(() => ({ seconds: 3, size: '160x120' })),
    coders: [
      { name: 'kim', password: CODER_PASSWORD, clips: all },
      { name: 'lee', password: CODER_PASSWORD, clips: all },
      { name: 'max', password: CODER_PASSWORD, clips: [] },
    ],
  });

  // Gold-standard clips through the real de-identification, and their master scores.
  const sources = path.join(root, 'training');
  mkdirSync(sources);
  for (let i = 0; i < 3; i++) {
    await runFfmpeg(testPatternArgs({ out: path.join(sources, `training-${i}.mp4`), seconds: 2, size: '160x120', frequency: 500 + 40 * i }));
  }
  const study = openStudy(studyDir);
  try {
    const db = study.db;
    await addUser(db, { name: LEAD.name, role: 'reliability', password: LEAD.password }, 'test');
    const gold = await importGoldClips(
      db,
      study.paths.blindedMedia,
      [0, 1, 2].map((i) => ({ file: path.join(sources, `training-${i}.mp4`), label: `EA-train-${i + 1}` })),
      'test',
    );
    goldCodes = gold.added.map((g) => g.code);
    expect(goldCodes).toHaveLength(3);
    const master = { sensitivity: [2, 4.5, 6.5], non_intrusiveness: [3, 5, 6.5] };
    recordGoldScores(
      db,
      (['sensitivity', 'non_intrusiveness'] as const).flatMap((d) => master[d].map((score, i) => ({ clip: `EA-train-${i + 1}`, dimension: d, score }))),
      { source: 'EA trainers 2025' },
      'test',
    );

    // Both coders' ratings, through the same core function the coding screen calls.
    for (const [name, sens, ni] of [
      ['kim', KIM, KIM_NI],
      ['lee', LEE, LEE_NI],
    ] as const) {
      const coder = { id: findUserByName(db, name)!.id, name };
      codes.forEach((code, i) => {
        const notes: Record<string, string> = i === 2 ? { sensitivity: name === 'kim' ? NOTE_KIM : NOTE_LEE } : {};
        submitRating(db, coder, code, { scores: { sensitivity: sens[i]!, non_intrusiveness: ni[i]! }, notes, overallNote: i === 2 && name === 'lee' ? OVERALL_LEE : '', unscorable: null }, 90);
      });
    }
  } finally {
    study.close();
  }

});

test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, studyDir, {
    // The native save dialog: the name the app proposes, in the test's folder.
    dialogs: { save: (options) => path.join(saveDir(), options.defaultPath!) },
    // The page main's hidden printer window prints (printToPDF), as print media.
    onPrint: async (printer) => {
      await printer.emulateMedia({ media: 'print' });
      await printer.screenshot({ path: path.join(ARTIFACTS, 'reliability-report-print.png'), fullPage: true });
    },
  });
});

test.afterEach(async () => {
  await app.close();
});

test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

async function open(): Promise<Page> {
  const page = await app.page();
  await login(page, LEAD.name, LEAD.password);
  await expect(page.getByRole('heading', { name: 'Reliability', level: 1 })).toBeVisible();
  return page;
}

async function axe(page: Page, screen: string) {
  const results = await new AxeBuilder({ page }).exclude('.vjs-text-track-display').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${screen}: ${v.id} ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
}

/** The study's database as the app wrote it (read-only, beside the running app). */
const db = () => app.db();

async function showKimAndLee(page: Page) {
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await page.getByLabel('Dimension').selectOption('sensitivity');
  await page.getByRole('button', { name: 'Compare kim and lee' }).click();
  await expect(page.getByTestId('pair-count')).toContainText('n = 12');
}

test('the lead edits the reliability settings', async () => {
  const page = await open();
  await page.getByRole('tab', { name: 'Settings' }).click();
  await expect(page.locator('#rel-criterion-threshold')).toHaveValue('0.7');
  await page.getByLabel('Drift batch size (clips)').fill('4');
  await page.getByLabel(/Next batch starts after/).fill('4');
  await page.locator('#rel-cert-min').fill('3');
  await page.getByRole('button', { name: 'Save settings' }).click();
  await expect(page.getByRole('status')).toContainText('drift in batches of 4');
  await axe(page, 'settings');
  await screenshot(page, 'reliability-settings');

  const settings = reliabilitySettings(db());
  expect(settings).toMatchObject({ driftBatchSize: 4, driftStep: 4, certification: { minPairs: 3 }, criterion: { threshold: 0.7, weights: 'linear' } });
  const audit = db().prepare("SELECT actor FROM audit_log WHERE action = 'reliability.settings'").all();
  expect(audit).toEqual([{ actor: LEAD.name }]);
});

test('the lead compares two coders: n and weighted kappa as computed independently, charts, drift, verdict', async () => {
  const page = await open();
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await expect(page.getByRole('table', { name: 'Coders who double-coded outcome clips' }).getByRole('row', { name: /kim and lee/ })).toContainText('12');
  await axe(page, 'reliability home');
  await showKimAndLee(page);

  const expected = naiveLinearKappa(KIM, LEE);
  const linear = page.getByTestId('stat-kappa-linear');
  await expect(linear.locator('[data-cell="estimate"]')).toHaveText(fmt3(expected));
  await expect(linear.locator('[data-cell="ci"]')).toHaveText(/^−?\d\.\d{3} to \d\.\d{3}/);
  await expect(linear.locator('[data-cell="z"]')).toContainText('SE₀');
  await expect(page.getByTestId('stat-agreement-exact').locator('[data-cell="estimate"]')).toHaveText(`${((100 * KIM.filter((x, i) => x === LEE[i]).length) / 12).toFixed(1)}%`);
  await expect(page.getByTestId('stat-kappa-cutoff-5.5')).toBeVisible();
  await expect(page.getByTestId('stat-icc21').locator('[data-cell="ci"]')).toHaveText(/ to /);
  await expect(page.getByTestId('verdict')).toContainText(expected >= 0.7 ? 'Pass' : 'Fail');
  await expect(page.getByTestId('verdict')).toContainText(`linear weighted kappa ${expected.toFixed(3)}`);

  // The charts are images that decoded, each with its numbers as a table.
  for (const name of [/Heatmap of the confusion matrix/, /Bland–Altman plot/, /Drift plot/]) {
    const img = page.getByRole('img', { name });
    await expect(img).toBeVisible();
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  }
  // Shown at their own size or larger, so that every label (12 px in the SVG) is at least 12 px.
  for (const img of await page.locator('.rel-chart img').all()) {
    expect(await img.evaluate((i: HTMLImageElement) => i.clientWidth / i.naturalWidth)).toBeGreaterThanOrEqual(1);
  }
  await expect(page.getByTestId('drift-table').locator('tbody tr')).toHaveCount(3);
  await expect(page.getByTestId('drift-note')).toHaveCount(0); // 12 pairs in batches of 4: nothing partial
  // The cut-off note is the 2 × 2 table it describes (rows kim, columns lee).
  const cutoff = page.getByTestId('cutoff-table-5.5');
  const above = (xs: readonly number[]) => xs.map((x) => x >= 5.5);
  const [ka, la] = [above(KIM), above(LEE)];
  const cell = (a: boolean, b: boolean) => String(ka.filter((x, i) => x === a && la[i] === b).length);
  await expect(cutoff.getByRole('row', { name: /kim < 5.5/ }).locator('td')).toHaveText([cell(false, false), cell(false, true)]);
  await expect(cutoff.getByRole('row', { name: /kim ≥ 5.5/ }).locator('td')).toHaveText([cell(true, false), cell(true, true)]);
  await expect(page.getByTestId('bland-altman-table')).toContainText('Bias');
  await page.getByText('Confusion matrix as a table').click();
  await expect(page.getByTestId('confusion-table').locator('tbody tr')).toHaveCount(13);

  // Disagreements of at least one point: clips 2 (−1.5), 5 (+1) and 10 (−1), largest first.
  const rows = page.getByTestId('disagreements').locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText(codes[2]!);
  await expect(rows.first()).toContainText(NOTE_KIM);
  await expect(rows.first()).toContainText(NOTE_LEE);
  await page.getByLabel('Show disagreements of at least (scale points)').fill('1.5');
  await page.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId('disagreements').locator('tbody tr')).toHaveCount(1);
  await axe(page, 'pair report');
  // At a lab laptop's 1366×768, where the drift plot's key must not sit on a batch (tests/unit/reliability/driftSvg.test.ts).
  await page.setViewportSize({ width: 1366, height: 768 });
  await screenshot(page, 'reliability-report');

  // A date range with no submissions: n = 0, and every statistic says why it is undefined.
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('Submitted from (optional)').fill(tomorrow);
  await page.getByRole('button', { name: 'Show agreement' }).click();
  await expect(page.getByTestId('pair-count')).toContainText('n = 0');
  await expect(page.getByTestId('stat-kappa-linear')).toContainText('undefined');
  await expect(page.getByTestId('stat-kappa-linear')).toContainText('kappa needs at least one pair of ratings');
  await expect(page.getByTestId('verdict')).toContainText('No verdict yet');
  await screenshot(page, 'reliability-empty-range');
});

test('a disagreement shows both notes, the clip plays again, and a consensus keeps both originals', async () => {
  const page = await open();
  await showKimAndLee(page);
  await page.getByRole('button', { name: `Review clip ${codes[2]}` }).click();
  const review = page.getByTestId('disagreement-review');
  await expect(review.getByTestId('note-a')).toHaveText(NOTE_KIM);
  await expect(review.getByTestId('note-b')).toContainText(NOTE_LEE);
  await expect(review.getByTestId('note-b')).toContainText(OVERALL_LEE);

  await review.getByRole('button', { name: 'Re-watch the clip' }).click();
  const video = review.locator('video');
  await expect(video).toHaveCount(1);
  await video.evaluate((v: HTMLVideoElement) => v.play());
  await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(0.5);
  expect(app.media.some((m) => m.status === 206 || m.status === 200)).toBe(true);

  const before = db().prepare('SELECT id, scores FROM ratings ORDER BY id').all();
  await review.getByLabel('Consensus score (EAS maternal sensitivity)').selectOption('5');
  await expect(review.getByRole('button', { name: 'Record consensus' })).toBeDisabled();
  await review.getByLabel('Reason (required)').fill('Re-watched together: responsive, but two bids missed');
  await review.getByRole('button', { name: 'Record consensus' }).click();
  await expect(review.getByRole('status')).toContainText('Consensus 5 recorded as version 1');
  await expect(review.getByTestId('consensus-history')).toContainText('Version 1: 5 by rita');
  await expect(page.getByTestId(`disagreement-${codes[2]}`)).toContainText('5 (v1)');
  await axe(page, 'disagreement review');
  await screenshot(page, 'reliability-consensus');

  expect(db().prepare('SELECT id, scores FROM ratings ORDER BY id').all()).toEqual(before);
  const consensus = db().prepare('SELECT score, reason, version FROM consensus').all();
  expect(consensus).toEqual([{ score: 5, reason: 'Re-watched together: responsive, but two bids missed', version: 1 }]);
  expect(verifyAuditChain(db()).ok).toBe(true);
});

test('the report is saved as a PDF printed by Chromium and as CSV', async () => {
  const page = await open();
  await showKimAndLee(page);
  if (serverMode()) {
    // A browser client has no native dialog and no printer: it is told where saving is done.
    await page.getByRole('button', { name: 'Save PDF report' }).click();
    await expect(page.getByText(/Saving a file is done on the study's own computer/).first()).toBeVisible();
    return;
  }
  await page.getByRole('button', { name: 'Save PDF report' }).click();
  const pdfPath = path.join(saveDir(), 'reliability-sensitivity-kim-vs-lee.pdf');
  await expect(page.getByTestId('export-message')).toHaveText(`Saved to ${pdfPath}`);
  const pdf = readFileSync(pdfPath);
  expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  expect(pdf.length).toBeGreaterThan(5_000);
  copyFileSync(pdfPath, path.join(ARTIFACTS, 'reliability-report.pdf'));

  await page.getByRole('button', { name: 'Save statistics (CSV)' }).click();
  const csvPath = path.join(saveDir(), 'reliability-sensitivity-kim-vs-lee.csv');
  await expect(page.getByTestId('export-message')).toHaveText(`Saved to ${csvPath}`);
  const csv = readFileSync(csvPath, 'utf8');
  expect(csv.split('\r\n')[0]).toMatch(/^dimension,rater_a,rater_b,clips,/);
  const linear = csv.split('\r\n').find((l) => l.includes(',"kappa_linear",'))!;
  expect(Number(linear.split(',')[9])).toBeCloseTo(naiveLinearKappa(KIM, LEE), 12);

  await page.getByRole('button', { name: 'Save originals and consensus (CSV)' }).click();
  await expect(page.getByTestId('export-message')).toContainText('-consensus.csv');
  const both = readFileSync(path.join(saveDir(), 'reliability-sensitivity-kim-vs-lee-consensus.csv'), 'utf8');
  expect(both.split('\r\n').filter((l) => l.startsWith(`"${codes[2]}","sensitivity",`))).toHaveLength(3); // kim, lee, consensus
  const exports = db().prepare("SELECT detail FROM audit_log WHERE action = 'reliability.export'").all() as { detail: string }[];
  expect(exports.map((e) => (JSON.parse(e.detail) as { format: string }).format)).toEqual(['pdf', 'csv', 'consensus_csv']);
});

test('a trainee is given gold clips, compared with the gold standard, and certified', async () => {
  const page = await open();
  await page.getByRole('tab', { name: 'Training & certification' }).click();
  await expect(page.getByRole('table', { name: /Gold-standard clips/ })).toContainText('EA-train-2');
  await page.getByRole('button', { name: 'Train and certify max' }).click();
  await page.getByRole('button', { name: 'Assign 3 gold clips to max' }).click();
  await expect(page.getByTestId('assign-message')).toHaveText("3 gold-standard clips placed in max's queue.");
  await expect(page.getByTestId('trainee-max')).toContainText('0 of 3');
  await page.getByRole('tab', { name: 'Overview' }).click();
  await expect(page.getByTestId('overview-max-gold-sensitivity').locator('[data-cell="kappa"]')).toHaveText(/^undefined: too few pairs \(n = 0; at least \d+ needed\)$/);
  await page.getByRole('tab', { name: 'Training & certification' }).click();
  await page.getByRole('button', { name: 'Train and certify max' }).click();

  // The trainee codes the training clips (as the coding screen would submit them), through a
  // second, writable connection to the study beside the running app.
  const maxCoder = { id: findUserByName(db(), 'max')!.id, name: 'max' };
  const traineeScores: Record<string, { sensitivity: number; non_intrusiveness: number }> = {
    'EA-train-1': { sensitivity: 2, non_intrusiveness: 3 },
    'EA-train-2': { sensitivity: 4.5, non_intrusiveness: 5 },
    'EA-train-3': { sensitivity: 6, non_intrusiveness: 6.5 },
  };
  const writer = openStudy(studyDir);
  try {
    goldCodes.forEach((code, i) =>
      submitRating(writer.db, maxCoder, code, { scores: traineeScores[`EA-train-${i + 1}`]!, notes: {}, overallNote: '', unscorable: null }, 60),
    );
  } finally {
    writer.close();
  }
  // Progress is current without a reload: the trainee's submissions show up on their own.
  await expect(page.getByTestId('trainee-max')).toContainText('3 of 3', { timeout: 15_000 });

  await page.getByRole('button', { name: 'Preview verdict' }).click();
  await expect(page.getByTestId('certification-verdict')).toContainText('preview, not recorded');
  expect(db().prepare('SELECT COUNT(*) AS n FROM certifications').get()).toEqual({ n: 0 });
  await page.getByRole('button', { name: 'Record this verdict' }).click();
  await expect(page.getByTestId('certify-message')).toContainText('Recorded: max is certified');
  await expect(page.getByTestId('trainee-max')).toContainText('3 of 3');
  await expect(page.getByTestId('trainee-max')).toContainText('Certified');
  await axe(page, 'training');
  await screenshot(page, 'reliability-training');
  const audit = db().prepare("SELECT detail FROM audit_log WHERE action = 'training.certify'").all() as { detail: string }[];
  expect(audit).toHaveLength(1);
  expect(JSON.parse(audit[0]!.detail)).toMatchObject({ trainee: 'max', verdict: 'certified', master: 'gold standard' });

  // The same trainee against the gold standard on the agreement screen.
  await page.getByRole('tab', { name: 'Agreement' }).click();
  await page.getByLabel('Coder A').selectOption('max');
  await page.getByLabel('Compared with').selectOption({ label: 'Gold standard (master scores, training clips)' });
  await page.getByRole('button', { name: 'Show agreement' }).click();
  await expect(page.getByTestId('pair-count')).toContainText('n = 3 training clips');
  await expect(page.getByRole('heading', { name: 'EAS maternal sensitivity: max vs gold standard' })).toBeVisible();
});

/** t(0.975, 11), from scipy: `python3 -c "from scipy import stats; print(stats.t.ppf(0.975, 11))"` (scipy 1.17.1). */
const T_975_11 = 2.200985160082949;

test("the lead's overview: every pair and each coder against the gold standard on every dimension, bias, each row opening its report", async () => {
  const page = await app.page();
  await page.setViewportSize({ width: 1366, height: 768 });
  await login(page, LEAD.name, LEAD.password);
  await expect(page.getByRole('tab', { name: 'Overview' })).toHaveAttribute('aria-selected', 'true');
  const table = page.getByTestId('overview-table');
  await expect(table.locator('tbody tr')).toHaveCount(4); // kim–lee and max–gold, on two dimensions

  const row = page.getByTestId('overview-kim-lee-sensitivity');
  await expect(row.locator('td').first()).toHaveText('EAS maternal sensitivity');
  await expect(row).toContainText('12');
  await expect(row.locator('[data-cell="kappa"]')).toContainText(fmt3(naiveLinearKappa(KIM, LEE)));
  await expect(row.locator('[data-cell="verdict"]')).toContainText(naiveLinearKappa(KIM, LEE) >= 0.7 ? 'Pass' : 'Fail');
  await expect(page.getByTestId('overview-max-gold-sensitivity')).toContainText('3');

  // kim's bias from lee (the only co-coder): the mean of kim − lee per clip, with the t interval.
  for (const [dimension, a, b] of [
    ['sensitivity', KIM, LEE],
    ['non_intrusiveness', KIM_NI, LEE_NI],
  ] as const) {
    const d = a.map((x, i) => x - b[i]!);
    const mean = d.reduce((s, x) => s + x, 0) / d.length;
    const sd = Math.sqrt(d.reduce((s, x) => s + (x - mean) ** 2, 0) / (d.length - 1));
    const half = (T_975_11 * sd) / Math.sqrt(d.length);
    const sign = (x: number) => (x > 0 ? `+${fmt3(x)}` : fmt3(x));
    await expect(page.getByTestId(`bias-kim-${dimension}`).locator('[data-cell="co-coders"]')).toHaveText(
      `${sign(mean)} (${fmt3(mean - half)} to ${fmt3(mean + half)}), n = 12`,
    );
  }
  // max against the master scores: trainee 2, 4.5, 6 vs master 2, 4.5, 6.5 on sensitivity.
  await expect(page.getByTestId('bias-max-sensitivity').locator('[data-cell="gold"]')).toContainText(`${fmt3(-0.5 / 3)} (`);
  await expect(page.getByTestId('bias-max-sensitivity').locator('[data-cell="co-coders"]')).toContainText('undefined: no clips rated with another coder (n = 0)');
  await axe(page, 'overview');
  await screenshot(page, 'reliability-overview');

  await page.getByRole('button', { name: 'Open report: kim and lee, EAS maternal non-intrusiveness' }).click();
  await expect(page.getByRole('tab', { name: 'Agreement' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('heading', { name: 'EAS maternal non-intrusiveness: kim vs lee' })).toBeVisible();
  await expect(page.getByTestId('pair-count')).toContainText('n = 12');
});
