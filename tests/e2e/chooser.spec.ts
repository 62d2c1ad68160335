// The first screen, as shipped (built main and preload under the electron stand-in, the page in
// Chromium), when no study is named: a study on this computer — a folder chosen in the native
// dialog, or a recent one — or a study server, whose certificate is shown by its fingerprint and
// pinned. What the person gets wrong (a folder that is no study, an address that is not HTTPS, a
// certificate they do not trust) is said on the page, which stays; nothing is created or sent.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { createDemoStudy } from '../../electron/core/app/demo';
import { launchApp } from './electron/launch';
import { ARTIFACTS, login } from './support';
import { startServer, type RunningServer } from '../support/serve';
import { testCertificate } from '../support/tls';

const CHOOSER = 'blindfold://app/choose.html';
let root: string;
let studyDir: string;
let server: RunningServer;

test.describe.configure({ mode: 'serial', timeout: 120_000 });

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-chooser-'));
  studyDir = path.join(root, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  mkdirSync(path.join(root, 'not-a-study'));
  server = await startServer(studyDir);
});

test.afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

async function axe(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
}

test('a study folder: one that is no study is refused on the page, the study opens, and the next start offers it', async ({ browser }) => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'blindfold-chooser-user-'));
  const answers = [path.join(root, 'not-a-study'), null, studyDir];
  try {
    const app = await launchApp({ browser, userData, viewport: { width: 1366, height: 768 }, env: { BLINDFOLD_STUDY: undefined }, dialogs: { open: () => answers.shift() ?? null } });
    try {
      const page = await app.window(CHOOSER);
      await expect(page.getByRole('heading', { name: 'Open a study on this computer' })).toBeVisible();
      await expect(page.getByRole('heading', { name: 'Connect to a study server' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'Open the demo study' })).toBeFocused();
      await axe(page);
      await page.screenshot({ path: `${ARTIFACTS}/chooser-1366x768.png` });

      await page.getByRole('button', { name: 'Open a study folder…' }).click();
      await expect(page.getByRole('alert')).toContainText(`The folder ${path.join(root, 'not-a-study')}, which holds no Blindfold study`);
      expect(readdirSync(path.join(root, 'not-a-study'))).toEqual([]);
      // Cancelling the dialog changes nothing and says nothing.
      await page.getByRole('button', { name: 'Open a study folder…' }).click();
      await expect(page.getByRole('alert')).toHaveText('');
      await page.getByRole('button', { name: 'Open a study folder…' }).click();
      const opened = await app.window();
      await login(opened, 'coder1', 'demo-coder1');
      await expect(opened.getByText(/Clips submitted: 0 of \d+/)).toBeVisible();
      // The routes are gone once the choice is made: nothing loaded later can choose again.
      const late = await app.fetch('blindfold://app/start/offer.json');
      expect(late.status).toBe(404);
      expect(app.launch.record.dialogs.filter((d) => d.kind === 'open').map((d) => (d.options as { properties?: string[] }).properties)).toEqual([['openDirectory'], ['openDirectory'], ['openDirectory']]);
    } finally {
      await app.quit();
    }

    const again = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: undefined } });
    try {
      const page = await again.window(CHOOSER);
      await page.getByRole('button', { name: `Open ${studyDir}` }).click();
      await expect((await again.window()).getByLabel('User name')).toBeVisible();
    } finally {
      await again.quit();
    }
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});

test('a study server: an address that is not HTTPS is refused, an untrusted certificate sends nothing, a trusted one is pinned and offered next time', async ({ browser }) => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'blindfold-chooser-user-'));
  const asked: string[] = [];
  const replies = [0, 1];
  const fingerprint = new X509Certificate(readFileSync(testCertificate().cert)).fingerprint256;
  try {
    const app = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: undefined }, dialogs: { message: (o) => (asked.push(`${o.message}\n${o.detail ?? ''}`), replies.shift() ?? 0) } });
    try {
      const page = await app.window(CHOOSER);
      const address = page.getByLabel('Server address');
      await address.fill(server.url.replace('https:', 'http:'));
      await page.getByRole('button', { name: 'Connect…' }).click();
      await expect(page.getByRole('alert')).toContainText("must be a study server's HTTPS address");
      expect(asked).toHaveLength(0);

      const before = server.log.length;
      await address.fill(server.url);
      await page.getByRole('button', { name: 'Connect…' }).click();
      await expect(page.getByRole('alert')).toContainText('You did not trust');
      expect(asked).toHaveLength(1);
      expect(asked[0]).toContain(fingerprint);
      expect(readdirSync(userData)).not.toContain('trusted-servers.json');
      // Nothing but the TLS handshake reached the server: no request was logged.
      expect(server.log.slice(before).filter((l) => /POST|GET/.test(l))).toEqual([]);

      await page.getByRole('button', { name: 'Connect…' }).click();
      const opened = await app.window();
      expect(asked).toHaveLength(2);
      await login(opened, 'coder2', 'demo-coder2');
      await expect(opened.getByText(/Clips submitted: 0 of \d+/)).toBeVisible();
      expect(server.log.slice(before).join('\n')).toContain('auth.login');
    } finally {
      await app.quit();
    }

    // Next start: the trusted server is one click, and it is not asked about again.
    const again = await launchApp({ browser, userData, env: { BLINDFOLD_STUDY: undefined }, dialogs: { message: (o) => (asked.push(String(o.message)), 0) } });
    try {
      const page = await again.window(CHOOSER);
      await page.getByRole('button', { name: `Connect to ${new URL(server.url).origin}` }).click();
      await expect((await again.window()).getByLabel('User name')).toBeVisible();
      expect(asked).toHaveLength(2);
    } finally {
      await again.quit();
    }
  } finally {
    rmSync(userData, { recursive: true, force: true });
  }
});
