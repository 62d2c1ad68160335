// Accounts through the contract: password changes and resets end the right sessions, lock-out after
// repeated failures and its lifting, and an on-demand backup.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import type { AccountView, BackupsView } from '../../../electron/common/contract';
import { createDemoStudy } from '../../../electron/core/app/demo';
import { tempDir } from '../../support/tempStudy';

let core: Core;
let root: string;
let cleanup: () => void;

const login = (key: string, name: string, password: string) => core.invoke(key, 'auth.login', { name, password });

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir());
  (await createDemoStudy(path.join(root, 'study'), { clipSeconds: 1 })).close();
  core = createCore({ studyDir: path.join(root, 'study'), mediaBaseUrl: 'x://', log: () => undefined });
}, 120_000);
afterAll(async () => {
  await core.close();
  cleanup();
});

describe('accounts', () => {
  it("changing one's password keeps this session and ends the others", async () => {
    expect((await login('a', 'coder1', 'demo-coder1')).ok).toBe(true);
    expect((await login('b', 'coder1', 'demo-coder1')).ok).toBe(true);
    expect(await core.invoke('a', 'account.changePassword', { oldPassword: 'demo-coder1', newPassword: 'a-new-password-1' })).toEqual({ ok: true, value: null });
    expect((await core.invoke('a', 'coding.queue', {})).ok).toBe(true);
    expect(await core.invoke('b', 'coding.queue', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await login('c', 'coder1', 'demo-coder1')).ok).toBe(false);
    expect((await login('c', 'coder1', 'a-new-password-1')).ok).toBe(true);
  });

  it("a manager's reset ends the user's sessions", async () => {
    expect((await login('m', 'manager', 'demo-manager')).ok).toBe(true);
    expect((await login('d', 'coder2', 'demo-coder2')).ok).toBe(true);
    expect((await core.invoke('m', 'accounts.resetPassword', { name: 'coder2', password: 'reset-by-manager' })).ok).toBe(true);
    expect(await core.invoke('d', 'coding.queue', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect((await login('d', 'coder2', 'reset-by-manager')).ok).toBe(true);
  });

  it('locks a name out after repeated failures, says so, and the manager can lift it', async () => {
    for (let i = 0; i < 5; i++) expect((await login('x', 'lead', 'wrong-password')).ok).toBe(false);
    const locked = await login('x', 'lead', 'demo-lead');
    expect(locked).toMatchObject({ ok: false, error: { code: 'locked' } });
    const list = await core.invoke('m', 'accounts.list', {});
    const lead = (list.ok ? (list.value as AccountView[]) : []).find((a) => a.name === 'lead');
    expect(lead?.lockedUntil).not.toBeNull();
    expect(await core.invoke('m', 'accounts.unlock', { name: 'lead' })).toEqual({ ok: true, value: { unlocked: true } });
    expect((await login('x', 'lead', 'demo-lead')).ok).toBe(true);
    const actions = core.context.study.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%' OR action LIKE 'account%'").all() as { action: string }[];
    expect(actions.map((a) => a.action)).toEqual(expect.arrayContaining(['auth.login', 'auth.login_failed']));
  });

  it('backs the study up on demand into a chosen folder and lists it', async () => {
    const folder = path.join(root, 'backups');
    mkdirSync(folder);
    const r = await core.invoke('m', 'backups.now', { folder, includeMedia: true });
    expect(r.ok).toBe(true);
    if (r.ok) expect(existsSync((r.value as { file: string }).file)).toBe(true);
    const status = await core.invoke('m', 'backups.status', {});
    expect(status.ok && (status.value as BackupsView).backups).toHaveLength(1);
    expect(await core.invoke('m', 'backups.now', { folder: path.join(root, 'missing'), includeMedia: false })).toMatchObject({ ok: false });
  });
});
