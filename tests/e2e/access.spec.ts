// A call from a frame that is not the app's own origin is refused by the harness transport, exactly
// as main's IPC handlers refuse foreign frames (tests/unit/main/shell.test.ts).
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createDemoStudy } from '../../electron/core/study/demo';
import { startHarness, type Harness } from './harness/harness';

let root: string;
let harness: Harness;
let foreign: http.Server;
let foreignOrigin: string;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-access-'));
  (await createDemoStudy(path.join(root, 'study'), { clipSeconds: 1 })).close();
  harness = await startHarness(path.join(root, 'study'));
  foreign = http.createServer((_req, res) => res.end('<html><body>elsewhere</body></html>'));
  await new Promise<void>((r) => foreign.listen(0, '127.0.0.1', r));
  foreignOrigin = `http://127.0.0.1:${(foreign.address() as AddressInfo).port}`;
});

test.afterAll(async () => {
  await harness.close();
  foreign.close();
  rmSync(root, { recursive: true, force: true });
});

test('calls from a foreign origin are refused; the app origin is answered', async ({ page }) => {
  await harness.attach(page);
  await page.goto(`${harness.origin}/index.html`);
  expect(await page.evaluate(() => window.blindfold['study.info']({}))).toEqual({ ok: true, value: { name: 'Blindfold demo study' } });

  await page.goto(`${foreignOrigin}/`);
  const result = await page.evaluate(() =>
    (window as unknown as { __blindfoldInvoke: (n: string, i: unknown) => Promise<unknown> }).__blindfoldInvoke('auth.login', {
      name: 'manager',
      password: 'demo-manager',
    }),
  );
  expect(result).toMatchObject({ ok: false, error: { code: 'foreign_origin' } });
  expect(harness.calls.at(-1)).toMatchObject({ name: 'auth.login', result: { ok: false, error: { code: 'foreign_origin' } } });
});
