// The leak test (ARCHITECTURE.md, "The one rule"). Adversarial recordings carry participant ids, arm
// labels and timepoints in file names, folder names, container tags, chapters, subtitle, data and
// timecode tracks, GPS and creation times, and phone rotation. After the whole pipeline and a coder
// session, none of those values may appear in anything that crossed the contract, in any media
// response (headers and ffprobe of the bytes served), in the DOM, the title or the console — nor in
// the raw bytes of the study's database files or the names under its media folder.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { main } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/io';
import type { ClipView } from '../../electron/core/contract';
import { verifyBlindedOutput } from '../../electron/core/blinding/deidentify';
import { probe } from '../../electron/core/media/probe';
import { makeAdversarialRecording, type PlantedKind } from '../support/mediaFixtures';
import { startHarness, type Harness } from './harness/harness';
import { login, screenshot } from './support';

const PASSPHRASE = 'leak test unblinding passphrase';
const ARMS = ['LEAKARM-VIPPSD', 'LEAKARM-CTRLCAU'];
const TIMEPOINTS = ['LEAKTP-PRE', 'LEAKTP-POST'];
const PARTICIPANTS = Array.from({ length: 11 }, (_, i) => `LEAKP-${String(4100 + i * 7)}`);

let root: string;
let studyDir: string;
let harness: Harness;
const needles = new Set<string>([...ARMS, ...TIMEPOINTS, ...PARTICIPANTS, 'LEAKSITE', 'freeplay-session']);
const plantedKinds = new Set<PlantedKind>();

async function cli(...argv: string[]): Promise<void> {
  let err = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'leak-coder-password' },
  };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`blindfold ${argv[0]} failed: ${err}`);
}

function findNeedles(text: string): string[] {
  return [...needles].filter((n) => text.includes(n));
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-leak-'));
  studyDir = path.join(root, 'study');
  const recordings = path.join(root, 'recordings');
  let n = 0;
  const containers = ['mp4', 'mov', 'mkv'] as const;
  const rotations = [90, 0, 270, 180] as const;
  for (const [i, participant] of PARTICIPANTS.entries()) {
    const arm = ARMS[i % 2]!;
    for (const timepoint of TIMEPOINTS) {
      if (n >= 22) break;
      const container = containers[n % 3]!;
      // The arm and the site in folder names, the participant and timepoint in the file name.
      const folder = path.join(recordings, `LEAKSITE-${arm}`, participant);
      mkdirSync(folder, { recursive: true });
      const file = path.join(folder, `${participant}_${timepoint}_freeplay-session.${container}`);
      const made = await makeAdversarialRecording(
        file,
        { participant, arm, timepoint, recordedAt: `2019-0${1 + (n % 9)}-1${n % 10}T08:30:00Z`, location: '+51.4416+005.4697/' },
        { container, rotate: rotations[n % 4]!, seconds: 2, size: '320x240' },
      );
      made.needles.forEach((x) => needles.add(x));
      made.planted.forEach((k) => plantedKinds.add(k));
      n++;
    }
  }
  writeFileSync(
    path.join(root, 'allocation.csv'),
    `record_id,randomization_group,stratum\n${PARTICIPANTS.map((p, i) => `${p},${ARMS[i % 2]},S${i % 2}`).join('\n')}\n`,
  );
  await cli('init', studyDir, '--name', 'Leak test study');
  for (const coder of ['coder-a', 'coder-b']) await cli('add-user', studyDir, '--name', coder, '--role', 'coder');
  await cli('import-allocation', studyDir, path.join(root, 'allocation.csv'), '--arms', ARMS.join(','));
  await cli('import-recordings', studyDir, recordings, '--pattern', '{participant}_{timepoint}_*');
  await cli('deidentify', studyDir);
  await cli('assign', studyDir, '--coders', 'coder-a,coder-b', '--double-fraction', '0.2');
  await cli('seal', studyDir);
  harness = await startHarness(studyDir);
});

test.afterAll(async () => {
  await harness?.close();
  rmSync(root, { recursive: true, force: true });
});

test('at least 20 adversarial recordings, every planted kind confirmed in the fixtures', () => {
  const files = readdirSync(path.join(root, 'recordings'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(mp4|mov|mkv)$/.test(f));
  expect(files.length).toBeGreaterThanOrEqual(20);
  for (const kind of ['title', 'comment', 'artist', 'location', 'creation-time', 'stream-title', 'handler-name', 'chapters', 'subtitle-track', 'data-track', 'timecode', 'rotation', 'apple-location', 'sei-user-data'] as const) {
    expect([...plantedKinds]).toContain(kind);
  }
});

test('a coder session reveals no planted value: contract, media, DOM, title, console', async ({ page }) => {
  const consoleText: string[] = [];
  page.on('console', (m) => consoleText.push(m.text()));
  page.on('pageerror', (e) => consoleText.push(e.message));
  await harness.attach(page);
  await page.goto(`${harness.origin}/index.html`);
  await login(page, 'coder-a', 'leak-coder-password');
  const domTexts: string[] = [];
  const snapshot = async () => {
    domTexts.push(await page.content());
    domTexts.push(await page.evaluate(() => document.body.innerText));
    domTexts.push(await page.title());
  };
  await snapshot();
  await page.getByRole('button', { name: 'Start coding' }).click();
  let coded = 0;
  for (;;) {
    await expect(page.locator('h1 .code')).toBeVisible();
    expect(await page.getByRole('alert').allInnerTexts()).toEqual([]);
    await expect(page.locator('video')).toHaveCount(1);
    await page.locator('video').evaluate(
      (v: HTMLVideoElement) => new Promise((r, j) => (v.readyState >= 2 ? r(null) : (v.addEventListener('loadeddata', r), v.addEventListener('error', () => j(new Error('media error')))))),
    );
    await page.locator('video').evaluate((v: HTMLVideoElement) => v.play().then(() => new Promise((r) => setTimeout(r, 300))).then(() => v.pause()));
    await snapshot();
    if (coded === 0) await screenshot(page, 'leak-clip');
    await page.locator('label[for="sensitivity-4"]').click();
    await page.locator('label[for="non_intrusiveness-5_5"]').click();
    await page.getByLabel('Overall note').fill('no identifying content seen');
    const current = await page.locator('h1 .code').innerText();
    await page.getByRole('button', { name: 'Submit rating' }).click();
    coded++;
    // Wait for the submission to move the page on: either the next clip (a different code) or the end of the queue.
    const doneNote = page.getByText('Every clip in your queue is submitted');
    const nextClip = page.locator('h1 .code').filter({ hasNotText: current });
    await expect(doneNote.or(nextClip)).toBeVisible();
    if (await doneNote.isVisible()) break;
    if (coded > 40) throw new Error('queue did not end');
  }
  await snapshot();
  expect(coded).toBeGreaterThan(5);

  // Everything that crossed the contract.
  const contractText = JSON.stringify(harness.calls);
  expect(findNeedles(contractText), 'contract results').toEqual([]);
  // DOM, title, console.
  expect(findNeedles(domTexts.join('\n')), 'DOM and title').toEqual([]);
  expect(findNeedles(consoleText.join('\n')), 'console').toEqual([]);
  // Media responses: headers, then the bytes served, probed.
  expect(harness.media.length).toBeGreaterThan(0);
  expect(findNeedles(JSON.stringify(harness.media)), 'media headers').toEqual([]);
  const views = harness.calls.filter((c) => c.name === 'coding.clip' && c.result.ok).map((c) => (c.result as { value: ClipView }).value);
  const served = path.join(root, 'served');
  mkdirSync(served, { recursive: true });
  for (const view of views) {
    const response = await fetch(view.mediaUrl);
    expect(response.status).toBe(200);
    expect(findNeedles(JSON.stringify([...response.headers.entries()]))).toEqual([]);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(findNeedles(bytes.toString('latin1')), `bytes served for ${view.code}`).toEqual([]);
    const file = path.join(served, `${view.code}.mp4`);
    writeFileSync(file, bytes);
    const probed = await probe(file);
    expect(findNeedles(JSON.stringify(probed)), `ffprobe of ${view.code}`).toEqual([]);
    expect(await verifyBlindedOutput(file), `verification of ${view.code}`).toEqual([]);
    expect(probed.streams.map((s) => s.codecType).sort()).toEqual(['audio', 'video']);
    expect(probed.chapters).toBe(0);
  }
});

test('the study folder holds no planted value: database bytes and media names', () => {
  for (const name of readdirSync(studyDir, { recursive: true, encoding: 'utf8' })) {
    expect(findNeedles(name), `name ${name}`).toEqual([]);
    if (/study\.sqlite/.test(name)) {
      const bytes = readFileSync(path.join(studyDir, name)).toString('latin1');
      expect(findNeedles(bytes), `bytes of ${name}`).toEqual([]);
      // The source file names' characteristic parts, in UTF-16 too (SQLite may store either).
      const utf16 = readFileSync(path.join(studyDir, name)).toString('utf16le');
      expect(findNeedles(utf16), `UTF-16 view of ${name}`).toEqual([]);
    }
  }
});
