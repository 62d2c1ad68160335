// The desktop app as a study server's client, as shipped (built main and preload under the electron
// stand-in, the renderer in Chromium) against a real `blindfold serve` over HTTPS: the server's
// certificate is shown once by its fingerprint and pinned; a coder codes a clip with every call and
// every media byte going to the server; a later start trusts the pin without asking; a server whose
// certificate changed is refused before anything is sent to it.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createDemoStudy, DEMO_USERS } from '../../electron/core/app/demo';
import { ElectronApp } from './app';
import { login, screenshot } from './support';
import { startServer, type RunningServer } from '../support/serve';
import { newCertificate, testCertificate } from '../support/tls';

let root: string;
let dir: string;
let server: RunningServer;
let userData: string;
const fingerprint = () => new X509Certificate(readFileSync(testCertificate().cert)).fingerprint256;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-client-'));
  dir = path.join(root, 'study');
  userData = path.join(root, 'user-data');
  (await createDemoStudy(dir, { clipSeconds: 4 })).close();
  server = await startServer(dir);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('first connection: the fingerprint is shown and confirmed once; a coder codes a clip on the server', async ({ browser }) => {
  const asked: string[] = [];
  const app = await ElectronApp.open(browser, dir, {
    userData,
    env: { BLINDFOLD_STUDY: '', BLINDFOLD_SERVER: server.url },
    dialogs: { message: (options) => (asked.push(`${options.message}\n${options.detail ?? ''}`), 1) },
  });
  try {
    const page = await app.page();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(fingerprint());
    const coder = DEMO_USERS.find((u) => u.name === 'coder1')!;
    await login(page, coder.name, coder.password);
    await page.getByRole('button', { name: 'Start coding' }).click();
    const video = page.locator('video');
    await expect(video).toHaveCount(1);
    await video.evaluate((v: HTMLVideoElement) => new Promise((r, j) => (v.readyState >= 2 ? r(null) : (v.addEventListener('loadeddata', r), v.addEventListener('error', () => j(new Error('media error')))))));
    const code = (await page.locator('h1 .code').textContent())!.trim();
    await page.locator('label[for="sensitivity-6"]').click();
    await page.locator('label[for="non_intrusiveness-5_5"]').click();
    await expect(page.getByText('Draft saved')).toBeVisible();
    await screenshot(page, 'client-mode-clip');
    await page.getByRole('button', { name: 'Submit rating' }).click();
    await expect(page.locator('h1 .code')).not.toHaveText(code);
    // The rating is in the server's study, written by the server (the app opened no study).
    const row = app.db().prepare('SELECT r.scores FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?').get(code) as { scores: string } | undefined;
    expect(JSON.parse(row!.scores)).toEqual({ sensitivity: 6, non_intrusiveness: 5.5 });
    // Every call went to the server; media came through the app's media scheme from the server, by range.
    expect(server.log.some((l) => l.startsWith('POST /api/coding.submit 200'))).toBe(true);
    expect(server.log.some((l) => /^GET \/media\/… 206/.test(l))).toBe(true);
    expect(app.media.some((r) => r.status === 206)).toBe(true);
    expect(readFileSync(path.join(userData, 'trusted-servers.json'), 'utf8')).toContain(fingerprint());
  } finally {
    await app.close();
  }
});

test('the server goes away: the draft is kept encrypted on this computer and sent when the server is back', async ({ browser }) => {
  const app = await ElectronApp.open(browser, dir, { userData, env: { BLINDFOLD_STUDY: '', BLINDFOLD_SERVER: server.url } });
  try {
    const page = await app.page();
    const coder = DEMO_USERS.find((u) => u.name === 'coder1')!;
    await login(page, coder.name, coder.password);
    await page.getByRole('button', { name: /Start coding|Resume/ }).click();
    await expect(page.locator('video')).toHaveCount(1);
    const code = (await page.locator('h1 .code').textContent())!.trim();
    const port = Number(new URL(server.url).port);
    await server.stop();
    await page.locator('label[for="sensitivity-3_5"]').click();
    // The coder sees at once (after the client's few quick resends) that the server is away, and where the scores are.
    await expect(page.getByRole('alert')).toContainText('kept, encrypted, on this computer', { timeout: 30_000 });
    const folder = path.join(userData, 'offline-drafts');
    const files = readdirSync(folder).filter((f) => f.endsWith('.draft'));
    expect(files).toHaveLength(1);
    const bytes = readFileSync(path.join(folder, files[0]!));
    for (const plain of [code, 'sensitivity', 'coder1', '3.5']) expect(bytes.includes(Buffer.from(plain)), plain).toBe(false);

    server = await startServer(dir, { port });
    // The restarted server has forgotten the session: the coder logs in again, and the kept draft goes up.
    await page.reload();
    await login(page, coder.name, coder.password);
    await expect
      .poll(() => {
        const row = app.db().prepare('SELECT d.draft FROM drafts d JOIN assignments a ON a.id = d.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?').get(code) as { draft: string } | undefined;
        return row ? (JSON.parse(row.draft) as { scores: Record<string, number> }).scores['sensitivity'] : null;
      }, { timeout: 20_000 })
      .toBe(3.5);
    await expect.poll(() => readdirSync(folder).filter((f) => f.endsWith('.draft')).length).toBe(0);
  } finally {
    await app.close();
  }
});

test('a later start trusts the pinned certificate without asking; a changed certificate is refused before anything is sent', async ({ browser }) => {
  const again = await ElectronApp.open(browser, dir, { userData, env: { BLINDFOLD_STUDY: '', BLINDFOLD_SERVER: server.url } });
  try {
    const page = await again.page();
    await expect(page.getByLabel('User name')).toBeVisible();
  } finally {
    await again.close();
  }
  // The same address, another certificate (a swapped or intercepted server).
  const port = Number(new URL(server.url).port);
  await server.stop();
  server = await startServer(dir, { port, certificate: newCertificate() });
  const before = server.log.length;
  const refused = await ElectronApp.open(browser, dir, { userData, env: { BLINDFOLD_STUDY: '', BLINDFOLD_SERVER: server.url } });
  try {
    await expect.poll(() => refused.launched.launch.record.errorBoxes.length).toBe(1);
    const box = refused.launched.launch.record.errorBoxes[0]!;
    expect(box.title).toBe('Blindfold cannot connect to the study server');
    expect(box.content).toMatch(/different certificate/);
    expect(box.content).toContain(fingerprint());
    expect(server.log.slice(before).filter((l) => l.includes('/api/'))).toEqual([]);
  } finally {
    await refused.close();
  }
});
