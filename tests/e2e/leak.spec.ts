// The leak test (ARCHITECTURE.md, "The one rule"). Adversarial recordings carry participant ids, arm
// labels and timepoints in file names, folder names, container tags, chapters, subtitle, data and
// timecode tracks, GPS and creation times, and phone rotation. After the whole pipeline and a coder
// session in the shipped app (the built main and preload under the electron stand-in, the renderer
// in Debian's Chromium), none of those values may appear in anything the coder's window received:
// every IPC result main sent, every response of main's protocol handlers (headers and body bytes;
// the media bytes served checked against the whole clip main serves, which is ffprobed and
// verified), the DOM, the page's and the window's title, the console — nor in the raw bytes of the
// study's database files or the names under its media folder.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { main } from '../../electron/cli/main';
import type { CliIo } from '../../electron/cli/io';
import type { ClipView } from '../../electron/common/contract';
import { verifyBlindedOutput } from '../../electron/core/blinding/deidentify';
import { probe } from '../../electron/core/media/probe';
import { makeAdversarialRecording, type PlantedKind } from '../support/mediaFixtures';
import type { ResponseRecord } from './electron/launch';
import { TestApp } from './app';
import { login, screenshot } from './support';

const PASSPHRASE = 'leak test unblinding passphrase';
const ARMS = ['LEAKARM-VIPPSD', 'LEAKARM-CTRLCAU'];
const TIMEPOINTS = ['LEAKTP-PRE', 'LEAKTP-POST'];
const PARTICIPANTS = Array.from({ length: 11 }, (_, i) => `LEAKP-${String(4100 + i * 7)}`);

let root: string;
let studyDir: string;
let app: TestApp;
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

// Not Buffer#toString('utf16le'): on a large slice at an odd offset it corrupts the heap in Node 24.21.
const utf16 = new TextDecoder('utf-16le');

function findNeedles(text: string): string[] {
  return [...needles].filter((n) => text.includes(n));
}

test.describe.configure({ mode: 'serial', timeout: 600_000 });

test.beforeAll(async ({ browser }) => {
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
  // The rotations vary on purpose (every copy path is exercised), so the picture differs by
  // timepoint: the blinding guard needs the reason recorded before it de-identifies.
  await cli('deidentify', studyDir, '--blinding-reason', 'Leak test: rotations vary on purpose so that every copy path is exercised');
  await cli('assign', studyDir, '--coders', 'coder-a,coder-b', '--double-fraction', '0.2');
  await cli('seal', studyDir);
  app = await TestApp.open(browser, studyDir);
});

test.afterAll(async () => {
  await app?.close();
  rmSync(root, { recursive: true, force: true });
});

/** Every kind the fixtures can plant: a kind added to PlantedKind fails the typecheck until it is listed here. */
const EVERY_KIND = Object.keys({
  title: true, comment: true, artist: true, description: true, location: true, 'apple-location': true, 'creation-time': true,
  'stream-title': true, 'handler-name': true, 'stream-language': true, chapters: true, 'subtitle-track': true, 'data-track': true,
  timecode: true, attachment: true, rotation: true, 'sei-user-data': true, 'aac-data-element': true, 'aac-encoder-string': true,
  'avcc-sei': true,
} satisfies Record<PlantedKind, true>) as PlantedKind[];

test('at least 20 adversarial recordings, every planted kind confirmed in the fixtures', () => {
  const files = readdirSync(path.join(root, 'recordings'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.(mp4|mov|mkv)$/.test(f));
  expect(files.length).toBeGreaterThanOrEqual(20);
  for (const kind of ['title', 'comment', 'artist', 'location', 'creation-time', 'stream-title', 'handler-name', 'chapters', 'subtitle-track', 'data-track', 'timecode', 'rotation', 'apple-location', 'sei-user-data'] as const) {
    expect([...plantedKinds]).toContain(kind);
  }
  for (const kind of EVERY_KIND) expect([...plantedKinds]).toContain(kind);
});

/** What a response of main's handlers sent, but its body: URL, status, headers. */
const described = (r: ResponseRecord) => ({ url: r.url, method: r.method, status: r.status, headers: r.headers });

test('a coder session reveals no planted value: contract, media, DOM, title, console', async () => {
  const page = await app.page();
  await login(page, 'coder-a', 'leak-coder-password');
  const domTexts: string[] = [];
  const snapshot = async () => {
    domTexts.push(await page.content());
    domTexts.push(await page.evaluate(() => document.body.innerText));
    domTexts.push(await page.title());
    domTexts.push(await app.windowTitle());
  };
  await snapshot();
  await page.getByRole('button', { name: 'Start coding' }).click();
  let coded = 0;
  const codedCodes: string[] = [];
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
    codedCodes.push(current.trim());
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
  await app.settle();

  // Everything that crossed the contract: each call's result as main sent it back, and every IPC
  // record (any channel, arguments, errors) of the launch.
  expect(app.calls.length).toBeGreaterThan(coded);
  const contractText = JSON.stringify(app.calls);
  expect(findNeedles(contractText), 'contract results').toEqual([]);
  expect(findNeedles(app.transcript()), app.mode === 'server' ? 'HTTP exchanges' : 'IPC records').toEqual([]);
  // DOM, title, console (every message and page error of the window since its first document).
  expect(findNeedles(domTexts.join('\n')), 'DOM and title').toEqual([]);
  const consoleText = app.consoleText();
  // The server's own log (one line per request, by route and status) holds none of it either.
  expect(findNeedles(app.serverLog().join('\n')), 'server log').toEqual([]);
  if (app.mode === 'server') expect(app.serverLog().length).toBeGreaterThan(coded);
  expect(findNeedles(consoleText.join('\n')), 'console').toEqual([]);
  // Every response of main's protocol handlers the window received: headers, then body bytes.
  expect(findNeedles(JSON.stringify(app.responses.map(described))), 'response headers').toEqual([]);
  for (const r of app.responses) expect(findNeedles(r.body.toString('latin1')), `body of ${r.url}`).toEqual([]);
  // Media responses: headers, the bytes served, and those bytes checked against the whole clip main
  // serves for each clip view, which is probed and verified.
  const media = app.media;
  expect(media.length).toBeGreaterThan(0);
  expect(findNeedles(JSON.stringify(media.map(described))), 'media headers').toEqual([]);
  for (const m of media) {
    expect(findNeedles(m.body.toString('latin1')), `bytes served for ${m.url} (${m.headers['content-range'] ?? 'whole'})`).toEqual([]);
    expect(findNeedles(utf16.decode(m.body)), `bytes served for ${m.url}, read as UTF-16`).toEqual([]);
    expect(findNeedles(utf16.decode(m.body.subarray(1))), `bytes served for ${m.url}, read as UTF-16 from an odd offset`).toEqual([]);
  }
  const views = app.calls.filter((c) => c.name === 'coding.clip' && c.result.ok).map((c) => c.result.value as ClipView);
  const whole = new Map<string, { code: string; bytes: Buffer }>();
  const served = path.join(root, 'served');
  mkdirSync(served, { recursive: true });
  for (const view of views) {
    const response = await app.fetch(view.mediaUrl);
    expect(response.status).toBe(200);
    expect(findNeedles(JSON.stringify([...response.headers.entries()]))).toEqual([]);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(findNeedles(bytes.toString('latin1')), `bytes served for ${view.code}`).toEqual([]);
    whole.set(view.mediaUrl, { code: view.code, bytes });
    const file = path.join(served, `${view.code}.mp4`);
    writeFileSync(file, bytes);
    const probed = await probe(file);
    expect(findNeedles(JSON.stringify(probed)), `ffprobe of ${view.code}`).toEqual([]);
    expect(await verifyBlindedOutput(file), `verification of ${view.code}`).toEqual([]);
    expect(probed.streams.map((s) => s.codecType).sort()).toEqual(['audio', 'video']);
    expect(probed.chapters).toBe(0);
  }
  // What the window was sent is exactly part of a clip checked above, and every clip coded was sent.
  const sentCodes = new Set<string>();
  for (const m of media) {
    const clip = whole.get(m.url);
    expect(clip, `media response for ${m.url}, a URL of no clip view`).toBeDefined();
    expect([200, 206], `status of ${m.url}`).toContain(m.status);
    if (m.status === 200) {
      expect(m.body.equals(clip!.bytes), `whole body of ${clip!.code}`).toBe(true);
    } else {
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(m.headers['content-range'] ?? '');
      expect(range, `Content-Range of a 206 for ${clip!.code}`).not.toBeNull();
      const [start, end, size] = range!.slice(1).map(Number) as [number, number, number];
      expect(size).toBe(clip!.bytes.length);
      expect(m.body.equals(clip!.bytes.subarray(start, end + 1)), `bytes ${start}-${end} of ${clip!.code}`).toBe(true);
    }
    if (m.body.length > 0) sentCodes.add(clip!.code);
  }
  for (const code of codedCodes) expect([...sentCodes], `media sent for ${code}`).toContain(code);
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
