// Media serving bench (`npm run bench`): 200 random byte ranges of a generated 200 MB file through
// core's media handler behind loopback HTTP, and through a plain node:http static-file server as the
// baseline, in the same run; then the round-trip of coding.submit through the shipped main and
// preload (the built bundles under the electron stand-in, the renderer in Chromium).
import { randomBytes, randomInt } from 'node:crypto';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { SessionStore } from '../../electron/core/auth/sessions';
import { addUser } from '../../electron/core/auth/users';
import { createMediaHandler, parseRange } from '../../electron/core/media/handler';
import { MediaTokens } from '../../electron/core/media/tokens';
import { createStudy } from '../../electron/core/study/study';
import { insertAssignment } from '../../db/repositories/assignments';
import { insertClip } from '../../db/repositories/clips';
import { newClipCode } from '../../electron/core/blinding/codes';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { serveFetch } from '../support/serveFetch';
import { launchApp } from '../e2e/electron/launch';
import { tempDir } from '../support/tempStudy';

const FILE_SIZE = 200 * 1024 * 1024;
const REQUESTS = 200;

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

async function writeRandomFile(file: string, size: number): Promise<void> {
  const out = createWriteStream(file);
  const chunk = randomBytes(4 * 1024 * 1024);
  for (let written = 0; written < size; written += chunk.length) {
    if (!out.write(chunk.subarray(0, Math.min(chunk.length, size - written)))) await new Promise<void>((r) => out.once('drain', () => r()));
  }
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
}

/** The baseline: node:http reading the same file with createReadStream, Range handled minimally. */
function staticBaseline(file: string): Promise<{ origin: string; close: () => void }> {
  const size = statSync(file).size;
  const server = http.createServer((req, res) => {
    const range = parseRange(req.headers.range ?? null, size);
    if (range === null || range === 'unsatisfiable') {
      res.writeHead(200, { 'Content-Length': size });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(206, { 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
    createReadStream(file, { start: range.start, end: range.end }).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

async function timeRanges(url: string, ranges: readonly [number, number][]): Promise<number[]> {
  const times: number[] = [];
  for (const [start, end] of ranges) {
    const t0 = performance.now();
    const response = await fetch(url, { headers: { Range: `bytes=${start}-${end}` } });
    const body = await response.arrayBuffer();
    times.push(performance.now() - t0);
    if (response.status !== 206 || body.byteLength !== end - start + 1) throw new Error(`bad response ${response.status} ${body.byteLength}`);
  }
  return times;
}

async function benchRanges(dir: string): Promise<{ handler: number; baseline: number }> {
  const file = path.join(dir, 'big.mp4');
  await writeRandomFile(file, FILE_SIZE);
  const sessions = new SessionStore();
  sessions.start('bench', { id: 1, name: 'bench', role: 'coder' });
  const tokens = new MediaTokens(sessions);
  const token = tokens.issue({ sessionKey: 'bench', userId: 1, file, contentType: 'video/mp4' });
  const served = await serveFetch(createMediaHandler(tokens));
  const baseline = await staticBaseline(file);
  const ranges = Array.from({ length: REQUESTS }, () => {
    const length = randomInt(64 * 1024, 2 * 1024 * 1024);
    const start = randomInt(0, FILE_SIZE - length);
    return [start, start + length - 1] as [number, number];
  });
  // Warm the page cache for both, then interleave halves so drift hits both alike.
  await timeRanges(`${baseline.origin}/big.mp4`, ranges.slice(0, 20));
  await timeRanges(`${served.origin}/media/${token}`, ranges.slice(0, 20));
  const h1 = await timeRanges(`${served.origin}/media/${token}`, ranges.slice(0, 100));
  const b1 = await timeRanges(`${baseline.origin}/big.mp4`, ranges.slice(0, 100));
  const b2 = await timeRanges(`${baseline.origin}/big.mp4`, ranges.slice(100));
  const h2 = await timeRanges(`${served.origin}/media/${token}`, ranges.slice(100));
  await served.close();
  baseline.close();
  return { handler: median([...h1, ...h2]), baseline: median([...b1, ...b2]) };
}

async function benchSubmit(dir: string, count = 60): Promise<number> {
  const studyDir = path.join(dir, 'study');
  const study = createStudy(studyDir, 'Bench');
  const coderId = await addUser(study.db, { name: 'coder', role: 'coder', password: 'bench-password' }, 'bench');
  const taken = new Set<string>();
  study.db.transaction(() => {
    for (let i = 1; i <= count; i++) {
      const code = newClipCode(taken);
      taken.add(code);
      const at = new Date().toISOString();
      const clipId = insertClip(study.db, { code, kind: 'outcome', mediaFile: `${code}.mp4`, sha256: '0'.repeat(64), durationSeconds: 10, frameRate: 25, width: 1, height: 1, createdAt: at });
      insertAssignment(study.db, { clipId, coderId, position: i, purpose: 'primary', createdAt: at });
    }
  })();
  study.close();
  const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    const page = await app.window();
    return await page.evaluate(async () => {
      const api = window.blindfold;
      await api['auth.login']({ name: 'coder', password: 'bench-password' });
      const queue = await api['coding.queue']({});
      if (!queue.ok) throw new Error('queue failed');
      const times: number[] = [];
      for (const item of queue.value.items) {
        const t0 = performance.now();
        const r = await api['coding.submit']({ code: item.code, rating: { scores: { sensitivity: 5.5, non_intrusiveness: 4 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 1 });
        times.push(performance.now() - t0);
        if (!r.ok) throw new Error(r.error.message);
      }
      times.sort((a, b) => a - b);
      return times[Math.floor(times.length / 2)]!;
    });
  } finally {
    await app.quit();
    await browser.close();
  }
}

export async function benchMedia(): Promise<void> {
  const { dir, cleanup } = tempDir('blindfold-bench-');
  try {
    const ranges = await benchRanges(dir);
    console.log(`media: ${REQUESTS} random ranges (64 KiB–2 MiB) of a 200 MB file`);
    console.log(`  media handler (loopback HTTP): median ${ranges.handler.toFixed(2)} ms`);
    console.log(`  node:http static baseline:     median ${ranges.baseline.toFixed(2)} ms`);
    console.log(`  ratio handler/baseline: ${(ranges.handler / ranges.baseline).toFixed(2)} (goal ≤ 1.2)`);
    const submit = await benchSubmit(dir);
    console.log(`submit-rating round trip through the shipped main and preload: median ${submit.toFixed(2)} ms`);
  } finally {
    cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchMedia();
