// The Electron shell as shipped: the built main bundle under the electron stand-in, with the built
// preload and renderer in Chromium. What a user meets before and around the app itself — first
// start, a second launch, a folder that is not a study, full screen, a crashed page, navigation,
// packaged builds — and the boundary main draws (schemes, CSP, IPC channels, foreign frames).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { CALL_NAMES, channelOf } from '../../electron/common/contract';
import { createDemoStudy } from '../../electron/core/app/demo';
import { launchApp } from './electron/launch';
import { login, screenshot } from './support';

let root: string;
let studyDir: string;
let foreign: http.Server;
let foreignOrigin: string;

test.describe.configure({ timeout: 180_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-shell-'));
  studyDir = path.join(root, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 2 })).close();
  foreign = http.createServer((_req, res) => res.end('<html><body>elsewhere</body></html>'));
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(() => {
  foreign.close();
  rmSync(root, { recursive: true, force: true });
});

test('the shipped main opens a sandboxed window on the app scheme, with its CSP, one IPC handler per contract entry', async ({ browser }) => {
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    const page = await app.window();
    await expect(page.getByLabel('User name')).toBeVisible();
    const { launch } = app;
    expect([...launch.privileged!.keys()].sort()).toEqual(['blindfold', 'blindfold-media']);
    expect(launch.privileged!.get('blindfold-media')).toMatchObject({ standard: true, secure: true, stream: true });
    expect([...launch.ipcHandlers.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
    const prefs = launch.windows[0]!.webPreferences;
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, devTools: true });
    const index = launch.record.responses.find((r) => r.url === 'blindfold://app/index.html')!;
    expect(index.headers['content-security-policy']).toContain('media-src blindfold-media:');
    expect(index.headers['content-security-policy']).toContain("script-src 'self'");
    // The renderer got only the contract API: no ipcRenderer, no require, no process.
    expect(await page.evaluate(() => [typeof window.blindfold, typeof (window as never as Record<string, unknown>)['require'], typeof (window as never as Record<string, unknown>)['process']])).toEqual(['object', 'undefined', 'undefined']);
    expect(await page.evaluate(() => window.blindfold['study.info']({}))).toEqual({ ok: true, value: { name: 'Blindfold demo study' } });
    // A script from elsewhere is refused by the CSP main sent.
    const blocked = await page.evaluate(async (origin) => fetch(`${origin}/`).then(() => 'fetched', () => 'refused'), foreignOrigin);
    expect(blocked).toBe('refused');
    // window.open is denied by main's handler: no second window.
    await page.evaluate(() => void window.open('https://example.org/', '_blank'));
    await expect.poll(() => launch.record.navigations.filter((n) => n.url.includes('example.org')).map((n) => n.prevented)).toEqual([true]);
    expect(launch.windows).toHaveLength(1);
    // The media scheme is core's handler: an unknown token is a bare 404.
    const unknown = await app.fetch('blindfold-media://clip/not-a-token');
    expect(unknown.status).toBe(404);
    // Dispatch checks the input and the role before core runs.
    expect(await page.evaluate(() => window.blindfold['auth.login']({ name: 42 } as never))).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    await login(page, 'coder1', 'demo-coder1');
    expect(await page.evaluate(() => window.blindfold['accounts.list']({} as never))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(launch.record.errors).toEqual([]);
  } finally {
    await app.quit();
  }
});

test('navigation: in-app pages load, other origins are refused (will-navigate reads details.url); a foreign frame gets no answer', async ({ browser }) => {
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    const page = await app.window();
    // The page navigating itself within the app: allowed.
    await page.evaluate(() => (location.href = '/index.html?again'));
    await expect(page).toHaveURL(/index\.html\?again$/);
    await expect(page.getByLabel('User name')).toBeVisible();
    // …and away from it: refused, the app stays.
    await page.evaluate((origin) => (location.href = `${origin}/`), foreignOrigin).catch(() => undefined);
    await expect.poll(() => app.launch.record.navigations.filter((n) => n.url.startsWith(foreignOrigin)).map((n) => n.prevented)).toEqual([true]);
    await expect(page.getByLabel('User name')).toBeVisible();
    expect(app.launch.record.navigations.find((n) => n.url.endsWith('?again'))).toMatchObject({ prevented: false });

    // Were the window on another origin anyway, the preload runs there, and main refuses every call.
    const elsewhere = await app.forceNavigate(`${foreignOrigin}/`);
    const result = await elsewhere.evaluate(() => window.blindfold['auth.login']({ name: 'manager', password: 'demo-manager' }));
    expect(result).toMatchObject({ ok: false, error: { code: 'foreign_origin' } });
    expect(app.launch.record.ipc.at(-1)).toMatchObject({ channel: 'blindfold:auth.login', frameUrl: `${foreignOrigin}/` });
  } finally {
    await app.quit();
  }
});

test('full screen is granted to the app and refused elsewhere; the player enters it with F', async ({ browser }) => {
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    const page = await app.window();
    await login(page, 'coder1', 'demo-coder1');
    await page.getByRole('button', { name: 'Start coding' }).click();
    await expect(page.locator('video')).toHaveCount(1);
    await page.locator('.video-js').click();
    await page.keyboard.press('f');
    await expect.poll(() => page.evaluate(() => document.fullscreenElement !== null)).toBe(true);
    expect(app.launch.record.permissions).toContainEqual({ permission: 'fullscreen', requestingUrl: expect.stringMatching(/^blindfold:\/\/app\//), granted: true });
    await page.keyboard.press('Escape');

    const elsewhere = await app.forceNavigate(`${foreignOrigin}/`);
    const asked = await elsewhere.evaluate(() => document.body.requestFullscreen().then(() => 'granted', (e: Error) => e.message));
    expect(asked).toBe('Permissions check failed');
    expect(app.launch.record.permissions.at(-1)).toEqual({ permission: 'fullscreen', requestingUrl: `${foreignOrigin}/`, granted: false });
    const media = await elsewhere.evaluate(() => navigator.mediaDevices.getUserMedia({ audio: true }).then(() => 'granted', (e: Error) => e.name));
    expect(media).toBe('NotAllowedError');
  } finally {
    await app.quit();
  }
});

test('a crashed renderer ends the session and the window reloads to the login', async ({ browser }) => {
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    const page = await app.window();
    await login(page, 'coder1', 'demo-coder1');
    await app.crash();
    const reloaded = await app.window();
    await expect(reloaded.getByLabel('User name')).toBeVisible({ timeout: 30_000 });
    // The session is gone on the main side, not only on screen.
    expect(await reloaded.evaluate(() => window.blindfold['coding.queue']({}))).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  } finally {
    await app.quit();
  }
});

test('BLINDFOLD_STUDY naming a folder without a study is refused with a clear message, and nothing is created', async ({ browser }) => {
  const empty = path.join(root, 'not-a-study');
  mkdirSync(empty);
  const app = await launchApp({ browser, env: { BLINDFOLD_STUDY: empty } });
  expect(await app.launch.endedPromise).toBe(1);
  expect(app.launch.record.errorBoxes).toHaveLength(1);
  expect(app.launch.record.errorBoxes[0]!.content).toContain(`BLINDFOLD_STUDY names ${empty}, which holds no Blindfold study`);
  expect(readdirSync(empty)).toEqual([]);
});

test('first start: a failed demo leaves nothing behind and says what to do; the next start shows progress and opens the demo', async ({ browser }) => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'blindfold-first-start-'));
  try {
    const broken = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: undefined, FFMPEG_PATH: path.join(root, 'no-such-ffmpeg') } });
    await (await broken.window('blindfold://app/choose.html')).getByRole('button', { name: 'Open the demo study' }).click();
    expect(await broken.launch.endedPromise).toBe(1);
    expect(broken.launch.record.errorBoxes).toHaveLength(1);
    expect(broken.launch.record.errorBoxes[0]).toMatchObject({ title: 'Blindfold could not start' });
    expect(broken.launch.record.errorBoxes[0]!.content).toMatch(/could not make its demo study[\s\S]*FFMPEG_PATH/);
    expect(readdirSync(userData)).toEqual([]);

    const app = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: undefined } });
    try {
      await (await app.window('blindfold://app/choose.html')).getByRole('button', { name: 'Open the demo study' }).click();
      const starting = await app.window('blindfold://app/starting.html');
      await expect(starting.getByRole('heading', { name: 'Blindfold is getting ready' })).toBeVisible();
      // Counts move while the demo is made, with the time left.
      await expect(starting.locator('#counts')).toContainText(/^[1-9]\d* of 16 steps · about \d+ s left$/, { timeout: 30_000 });
      await screenshot(starting, 'first-start-progress');
      const page = await app.window();
      await login(page, 'coder1', 'demo-coder1');
      await expect(page.getByText('Clips submitted: 0 of 4')).toBeVisible();
      expect(readdirSync(userData).sort()).toEqual(['demo-study', 'demo-study-recordings']);
    } finally {
      await app.quit();
    }
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('a second launch hands over to the first window and ends; the two never race on one study', async ({ browser }) => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'blindfold-second-'));
  try {
    const first = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: studyDir } });
    await new Promise((r) => setTimeout(r, 300));
    const second = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: studyDir } });
    expect(await second.launch.endedPromise).toBe(0);
    expect(second.launch.windows).toHaveLength(0);
    expect(second.launch.ipcHandlers.size).toBe(0);
    await first.window();
    expect(first.launch.windows[0]!.focusCount).toBeGreaterThan(0);
    await first.quit();
    // Once the first has ended, a new launch is the one instance again.
    const third = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: studyDir } });
    await expect((await third.window()).getByLabel('User name')).toBeVisible();
    await third.quit();
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('a packaged build has a minimal menu and no DevTools', async ({ browser }) => {
  const app = await launchApp({ browser, packaged: true, env: { BLINDFOLD_STUDY: studyDir } });
  try {
    await app.window();
    expect(app.launch.windows[0]!.webPreferences.devTools).toBe(false);
    const menu = JSON.stringify(app.launch.record.applicationMenu);
    expect(app.launch.record.applicationMenu).toBeTruthy();
    for (const role of ['reload', 'forceReload', 'toggleDevTools', 'viewMenu']) expect(menu).not.toContain(`"${role}"`);
    expect(menu).toContain('"copy"');
    expect(menu).toContain('"quit"');
  } finally {
    await app.quit();
  }
  expect(existsSync(studyDir)).toBe(true);
});
