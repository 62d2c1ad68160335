// A manager switches on a preset scale and writes the study's own anchor text; a coder then sees the
// new dimension with that anchor on the rating form.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { createDemoStudy } from '../../electron/core/app/demo';
import { TestApp } from './app';
import { login, screenshot } from './support';

let root: string;
let app: TestApp;

test.beforeAll(async () => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-scales-'));
  (await createDemoStudy(path.join(root, 'study'), { clipSeconds: 2 })).close();
});
test.beforeEach(async ({ browser }) => {
  app = await TestApp.open(browser, path.join(root, 'study'));
});
test.afterEach(async () => {
  await app?.close();
});
test.afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

test('a manager adds a preset scale with an anchor; the coder rates on it', async () => {
  const page = await app.page();
  await login(page, 'manager', 'demo-manager');
  await page.getByRole('tab', { name: 'Scales' }).click();
  await page.getByLabel('Add a dimension').selectOption({ label: 'Ainsworth sensitivity (1–9)' });
  const editor = page.locator('fieldset.dimension-editor', { hasText: 'Ainsworth sensitivity' });
  await editor.getByText("Anchor texts (the study's own)").click();
  await editor.getByLabel('7', { exact: true }).fill('Study anchor: prompt, appropriate responses');
  await page.getByRole('button', { name: 'Save scales' }).click();
  await expect(page.getByText('Scales saved.')).toBeVisible();
  await screenshot(page, 'scales-editor');
  await page.getByRole('button', { name: 'Log out' }).click();

  await login(page, 'coder1', 'demo-coder1');
  await page.getByRole('button', { name: 'Start coding' }).click();
  await expect(page.getByRole('group', { name: 'Ainsworth sensitivity' })).toBeVisible();
  await page.locator('label[for="ainsworth_sensitivity-7"]').click();
  await expect(page.getByText('Score 7: sensitive — Study anchor: prompt, appropriate responses')).toBeVisible();
  await page.locator('label[for="sensitivity-5"]').click();
  await page.locator('label[for="non_intrusiveness-5"]').click();
  await page.getByRole('button', { name: 'Submit rating' }).click();
  await expect(page.getByText('2 of 4', { exact: true })).toBeVisible();
  const rows = app.db().prepare('SELECT scores FROM ratings').all() as { scores: string }[];
  expect(JSON.parse(rows[0]!.scores)).toEqual({ sensitivity: 5, non_intrusiveness: 5, ainsworth_sensitivity: 7 });
});
