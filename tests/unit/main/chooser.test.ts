// The first screen's routes (electron/main/chooser.ts) on their own: what is offered, what each
// wrong choice is told, and that once a choice holds nothing can choose again.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { CHOOSER_PATHS, createChooser, rememberStudy } from '../../../electron/main/chooser';

let root: string;
let userData: string;
let study: string;
beforeEach(() => {
  root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-chooser-unit-'));
  userData = path.join(root, 'user');
  study = path.join(root, 'study');
  mkdirSync(study, { recursive: true });
  writeFileSync(path.join(study, 'study.sqlite'), '');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const post = (body: unknown, type = 'application/json') =>
  new Request(`blindfold://app${CHOOSER_PATHS.choose}`, { method: 'POST', headers: { 'Content-Type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });
const noDialog = {
  showOpenDialog: () => Promise.reject(new Error('no dialog expected')),
  showMessageBox: () => Promise.reject(new Error('no dialog expected')),
};

it('offers the recent studies that still exist and the servers already trusted', async () => {
  rememberStudy(userData, study);
  rememberStudy(userData, path.join(root, 'gone'));
  writeFileSync(path.join(userData, 'trusted-servers.json'), JSON.stringify({ 'https://a.example.org:8443': {}, 'not a url': {} }));
  const chooser = createChooser({ userData, dialog: noDialog as never });
  const offer = await (await chooser.handle(new Request(`blindfold://app${CHOOSER_PATHS.offer}`))).json();
  expect(offer).toEqual({ recentStudies: [study], trustedServers: ['https://a.example.org:8443'] });
});

it('says what is wrong with a choice and keeps choosing; once one holds the routes are gone', async () => {
  const trusted: string[] = [];
  const chooser = createChooser({ userData, dialog: noDialog as never, trust: async (origin) => (trusted.push(origin), origin.includes('untrusted') ? { ok: false, message: 'You did not trust it' } : { ok: true, pin: { fingerprint: 'f', subject: 's', validTo: 'v' } as never }) });
  expect((await chooser.handle(post('{', 'text/plain'))).status).toBe(415);
  expect((await chooser.handle(post('{'))).status).toBe(400);
  expect(await (await chooser.handle(post({ kind: 'server', server: 'http://a.example.org' }))).json()).toMatchObject({ ok: false, message: expect.stringContaining('HTTPS address') });
  expect(await (await chooser.handle(post({ kind: 'server', server: 'https://a.example.org/path' }))).json()).toMatchObject({ ok: false });
  expect(await (await chooser.handle(post({ kind: 'recent', dir: study }))).json()).toMatchObject({ ok: false, message: expect.stringContaining('no longer in the recent list') });
  expect(await (await chooser.handle(post({ kind: 'server', server: 'https://untrusted.example.org' }))).json()).toEqual({ ok: false, message: 'You did not trust it' });
  expect(trusted).toEqual(['https://untrusted.example.org']);
  expect(await (await chooser.handle(post({ kind: 'server', server: ' https://b.example.org:8443/ ' }))).json()).toEqual({ ok: true });
  await expect(chooser.chosen).resolves.toMatchObject({ kind: 'server', origin: 'https://b.example.org:8443' });
  expect((await chooser.handle(post({ kind: 'demo' }))).status).toBe(404);
  expect((await chooser.handle(new Request(`blindfold://app${CHOOSER_PATHS.offer}`))).status).toBe(404);
});

it('opens a folder only when it holds a study, and remembers it', async () => {
  const picks = [path.join(root, 'empty'), study];
  const chooser = createChooser({ userData, dialog: { ...noDialog, showOpenDialog: async () => ({ canceled: false, filePaths: [picks.shift()!] }) } as never });
  expect(await (await chooser.handle(post({ kind: 'folder' }))).json()).toMatchObject({ ok: false, message: expect.stringContaining('holds no Blindfold study') });
  expect(await (await chooser.handle(post({ kind: 'folder' }))).json()).toEqual({ ok: true });
  await expect(chooser.chosen).resolves.toEqual({ kind: 'open', dir: study });
  const next = createChooser({ userData, dialog: noDialog as never });
  expect(await (await next.handle(new Request(`blindfold://app${CHOOSER_PATHS.offer}`))).json()).toMatchObject({ recentStudies: [study] });
});
