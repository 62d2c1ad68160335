// Player bench (`npm run bench player`, never a test): a 30-minute 720p 25 fps H.264 clip in
// Debian's Chromium, played by a bare <video> from two servers in the same run — core's media
// handler (createMediaHandler behind loopback HTTP, its tokens and headers: the app's media path)
// and, as the baseline, a plain node:http static server with Range support. For each it times
// opening the clip to its first presented frame, a seek to the frame presented
// (requestVideoFrameCallback), and the one-frame step key (`.`, the app's frameStep arithmetic:
// the middle of the next frame) to the new frame. The video.js page itself is not driven: what
// differs between the app and a bare <video> here is the media path, which is what is measured.
// Each round is a fresh browser context (an empty media cache) per server, the servers' order
// alternating; medians and ratios printed, nothing asserted.
//
//   npm run bench player        (BENCH_ROUNDS, BENCH_SEEKS override; BENCH_PLAYER_CLIP reuses a clip)
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser } from '@playwright/test';
import { SessionStore } from '../../electron/core/auth/sessions';
import { createMediaHandler, parseRange } from '../../electron/core/media/handler';
import { MediaTokens } from '../../electron/core/media/tokens';
import { runFfmpeg } from '../../electron/core/media/run';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { serveFetch } from '../support/serveFetch';
import { tempDir } from '../support/tempStudy';
import { median } from './media';

const FPS = 25;
const SECONDS = 30 * 60;

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** 30 minutes of testsrc2 at 720p 25 fps, ultrafast at a low bitrate, a keyframe every 2 s. */
async function makeLongClip(file: string): Promise<void> {
  await runFfmpeg([
    '-y', '-f', 'lavfi', '-i', `testsrc2=size=1280x720:rate=${FPS}:duration=${SECONDS}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:duration=${SECONDS}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-tune', 'fastdecode', '-b:v', '400k', '-g', String(2 * FPS), '-pix_fmt', 'yuv420p',
    '-c:a', 'aac', '-b:a', '64k', '-movflags', '+faststart', file,
  ]);
}

const PAGE = '<!doctype html><meta charset="utf-8"><title>player bench</title><body style="margin:0;background:#000"></body>';

/** The baseline, which also serves the page: node:http, createReadStream, Range handled minimally. */
function staticServer(file: string): Promise<{ origin: string; close: () => void }> {
  const size = statSync(file).size;
  const server = http.createServer((req, res) => {
    if (req.url === '/') {
      res.writeHead(200, { 'Content-Type': 'text/html' });
      res.end(PAGE);
      return;
    }
    const range = parseRange(req.headers.range ?? null, size);
    const type = { 'Content-Type': 'video/mp4', 'Accept-Ranges': 'bytes' };
    if (range === null || range === 'unsatisfiable') {
      res.writeHead(200, { ...type, 'Content-Length': size });
      createReadStream(file).pipe(res);
      return;
    }
    res.writeHead(206, { ...type, 'Content-Length': range.end - range.start + 1, 'Content-Range': `bytes ${range.start}-${range.end}/${size}` });
    createReadStream(file, { start: range.start, end: range.end }).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }),
    ),
  );
}

interface Trial {
  open: number;
  seeks: number[];
  steps: number[];
}

async function trial(browser: Browser, pageUrl: string, mediaUrl: string, seekTargets: readonly number[], steps: number): Promise<Trial> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const page = await context.newPage();
    await page.goto(pageUrl);
    const open = await page.evaluate(async (src) => {
      const video = document.createElement('video');
      video.muted = true;
      video.preload = 'auto';
      video.width = 1280;
      video.height = 720;
      document.body.append(video);
      (window as unknown as { benchVideo: HTMLVideoElement }).benchVideo = video;
      const t0 = performance.now();
      const presented = new Promise<number>((resolve) => video.requestVideoFrameCallback((now) => resolve(now)));
      video.src = src;
      const at = await presented;
      return Math.max(at, performance.now()) - t0;
    }, mediaUrl);
    // The app's frameStep: pause, and land in the middle of the neighbouring frame.
    await page.evaluate((fps) => {
      const video = (window as unknown as { benchVideo: HTMLVideoElement }).benchVideo;
      const w = window as unknown as { benchStep: Promise<number> };
      document.addEventListener('keydown', (event) => {
        if (event.key !== '.') return;
        const t0 = performance.now();
        w.benchStep = new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now() - t0)));
        video.pause();
        const frame = Math.floor(video.currentTime * fps + 1e-6);
        video.currentTime = Math.min((frame + 1 + 0.5) / fps, video.duration);
      });
    }, FPS);
    const seekTimes: number[] = [];
    const stepTimes: number[] = [];
    for (const target of seekTargets) {
      seekTimes.push(
        await page.evaluate(async (to) => {
          const video = (window as unknown as { benchVideo: HTMLVideoElement }).benchVideo;
          const t0 = performance.now();
          const presented = new Promise<number>((resolve) => video.requestVideoFrameCallback(() => resolve(performance.now() - t0)));
          video.currentTime = to;
          return presented;
        }, target),
      );
      for (let i = 0; i < steps; i++) {
        await page.keyboard.press('.');
        // Measured from the keydown handler in the page, so the CDP round trip is not counted.
        stepTimes.push(await page.evaluate(() => (window as unknown as { benchStep: Promise<number> }).benchStep));
      }
    }
    return { open, seeks: seekTimes, steps: stepTimes };
  } finally {
    await context.close();
  }
}

export async function benchPlayer(): Promise<void> {
  const rounds = setting('BENCH_ROUNDS', 8);
  const seekCount = setting('BENCH_SEEKS', 10);
  const stepsPerSeek = 3;
  const { dir, cleanup } = tempDir('blindfold-player-');
  try {
    const given = process.env['BENCH_PLAYER_CLIP'];
    const file = given && existsSync(given) ? given : path.join(dir, 'long.mp4');
    if (file !== given) {
      const t0 = performance.now();
      await makeLongClip(file);
      console.log(`player: generated a 30-minute 1280x720 ${FPS} fps clip in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    }
    const sessions = new SessionStore();
    sessions.start('bench', { id: 1, name: 'bench', role: 'coder' });
    const tokens = new MediaTokens(sessions);
    const handler = createMediaHandler(tokens);
    const served = await serveFetch((request) => handler(request, { sessionKey: 'bench' }));
    const baseline = await staticServer(file);
    const browser = await chromium.launch({ executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const version = browser.version();
    const results: Record<'handler' | 'baseline', Trial[]> = { handler: [], baseline: [] };
    try {
      for (let round = 0; round < rounds; round++) {
        // The same random positions for both servers in a round, anywhere in the 30 minutes.
        const targets = Array.from({ length: seekCount }, () => Math.round(Math.random() * (SECONDS - 10) * FPS) / FPS + 0.5 / FPS);
        const order: ('handler' | 'baseline')[] = round % 2 === 0 ? ['handler', 'baseline'] : ['baseline', 'handler'];
        for (const which of order) {
          const mediaUrl =
            which === 'handler'
              ? `${served.origin}/media/${tokens.issue({ sessionKey: 'bench', userId: 1, file, contentType: 'video/mp4' })}`
              : `${baseline.origin}/clip.mp4?round=${round}`;
          results[which].push(await trial(browser, `${baseline.origin}/`, mediaUrl, targets, stepsPerSeek));
        }
      }
    } finally {
      await browser.close();
      await served.close();
      baseline.close();
    }
    const figures = (trials: Trial[]): { open: number; seek: number; step: number } => ({
      open: median(trials.map((t) => t.open)),
      seek: median(trials.flatMap((t) => t.seeks)),
      step: median(trials.flatMap((t) => t.steps)),
    });
    const h = figures(results.handler);
    const b = figures(results.baseline);
    console.log(`player: ${rounds} rounds (fresh context each), ${seekCount} random seeks × ${stepsPerSeek} frame steps per round, Chromium ${version}`);
    console.log(`  ${''.padEnd(34)} ${'handler'.padStart(10)} ${'baseline'.padStart(10)} ${'ratio'.padStart(7)}`);
    const row = (label: string, x: number, y: number): void =>
      console.log(`  ${label.padEnd(34)} ${`${x.toFixed(1)} ms`.padStart(10)} ${`${y.toFixed(1)} ms`.padStart(10)} ${(x / y).toFixed(2).padStart(7)}`);
    row('open → first frame (median)', h.open, b.open);
    row('seek → presented frame (median)', h.seek, b.seek);
    row('frame step key → new frame (median)', h.step, b.step);
    console.log('  (goal: every ratio ≤ 1.2)');
  } finally {
    cleanup();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchPlayer();
