// Logins with lock-out: exponential back-off persisted in the study, the same for names that exist
// and names that do not, and every attempt in the audit log.
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { setAccountPolicy } from '../../../electron/core/auth/policy';
import { checkLogin } from '../../../electron/core/auth/users';
import { CoreError } from '../../../electron/common/result';
import { createStudy, openStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { fastUser } from './fastUsers';

const MIN = 60_000;
let study: Study;
let dir: string;
let cleanup: () => void;
let now: number;
const clock = (): number => now;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  study = createStudy(path.join(dir, 'study'), 'Login trial');
  await fastUser(study.db, 'ann', 'coder', 'ann-password');
  now = Date.parse('2025-03-01T09:00:00Z');
});
afterEach(() => {
  study.close();
  cleanup();
});

async function attempt(name: string, password: string): Promise<{ code: string; message: string } | 'ok'> {
  try {
    await checkLogin(study.db, name, password, clock);
    return 'ok';
  } catch (error) {
    if (error instanceof CoreError) return { code: error.code, message: error.message };
    throw error;
  }
}

function actions(): { actor: string; action: string }[] {
  return study.db.prepare("SELECT actor, action FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").all() as { actor: string; action: string }[];
}

describe('lock-out', () => {
  it('locks a name after five failures, refuses even the right password while locked, and backs off', async () => {
    for (let i = 1; i <= 4; i++) expect(await attempt('ann', 'wrong')).toMatchObject({ code: 'bad_credentials' });
    const fifth = await attempt('ann', 'wrong');
    expect(fifth).toEqual({ code: 'bad_credentials', message: expect.stringMatching(/try again in 1 minute\.$/) });
    expect(await attempt('ann', 'ann-password')).toEqual({ code: 'locked', message: 'Too many failed attempts with this name. Try again in 1 minute.' });

    now += MIN + 1;
    expect(await attempt('ann', 'wrong')).toMatchObject({ message: expect.stringMatching(/try again in 2 minutes/) });
    now += 2 * MIN + 1;
    expect(await attempt('ann', 'wrong')).toMatchObject({ message: expect.stringMatching(/try again in 4 minutes/) });
    now += 3 * MIN;
    expect(await attempt('ann', 'ann-password')).toMatchObject({ code: 'locked', message: expect.stringMatching(/1 minute/) });
    now += MIN + 1;
    expect(await attempt('ann', 'ann-password')).toBe('ok');
    // A success clears the count: the next failure starts again from one.
    expect(await attempt('ann', 'wrong')).toEqual({ code: 'bad_credentials', message: 'That name and password do not match an account of this study.' });

    const log = actions().map((a) => a.action);
    expect(log.filter((a) => a === 'auth.login_failed')).toHaveLength(8);
    expect(log.filter((a) => a === 'auth.lockout')).toHaveLength(3);
    expect(log.filter((a) => a === 'auth.login_locked')).toHaveLength(2);
    expect(log.filter((a) => a === 'auth.login')).toHaveLength(1);
    expect(verifyAuditChain(study.db)).toMatchObject({ ok: true });
  });

  it('caps the lock at an hour', async () => {
    for (let i = 0; i < 14; i++) {
      await attempt('ann', 'wrong');
      now += 61 * MIN;
    }
    const row = study.db.prepare('SELECT failures, locked_until FROM login_throttle').get() as { failures: number; locked_until: string };
    expect(row.failures).toBe(14);
    expect(Date.parse(row.locked_until) - (now - 61 * MIN)).toBe(60 * MIN);
  });

  it('treats a name that does not exist exactly like one that does', async () => {
    const seen = { ann: [] as unknown[], nobody: [] as unknown[] };
    for (let i = 0; i < 7; i++) {
      seen.ann.push(await attempt('ann', 'wrong'));
      seen.nobody.push(await attempt('nobody', 'wrong'));
      if (i === 5) now += MIN + 1;
    }
    expect(seen.nobody).toEqual(seen.ann);
    expect(seen.ann.at(-1)).toMatchObject({ message: expect.stringMatching(/2 minutes/) });
  });

  it('persists across a restart, and counts names case-insensitively like the users table', async () => {
    for (let i = 0; i < 5; i++) await attempt(i % 2 ? 'ANN' : ' ann ', 'wrong');
    study.close();
    study = openStudy(path.join(dir, 'study'));
    expect(await attempt('Ann', 'ann-password')).toMatchObject({ code: 'locked' });
  });

  it('forgets failures after a quiet day', async () => {
    for (let i = 0; i < 4; i++) await attempt('ann', 'wrong');
    now += 25 * 60 * MIN;
    await attempt('someone-else', 'wrong');
    expect(await attempt('ann', 'wrong')).toEqual({ code: 'bad_credentials', message: 'That name and password do not match an account of this study.' });
    expect(study.db.prepare("SELECT failures FROM login_throttle WHERE name = 'ann'").get()).toEqual({ failures: 1 });
  });

  it('follows a stricter study policy', async () => {
    setAccountPolicy(study.db, 'manager', { maxFailures: 3, lockBaseMinutes: 10 });
    for (let i = 0; i < 3; i++) await attempt('ann', 'wrong');
    expect(await attempt('ann', 'ann-password')).toMatchObject({ code: 'locked', message: expect.stringMatching(/10 minutes/) });
  });

  it('audits a disabled account as a failure, with the name as typed', async () => {
    study.db.prepare("UPDATE users SET disabled_at = '2025-01-01T00:00:00Z' WHERE name = 'ann'").run();
    expect(await attempt('ann', 'ann-password')).toMatchObject({ code: 'bad_credentials' });
    expect(actions()).toEqual([{ actor: 'ann', action: 'auth.login_failed' }]);
  });
});
