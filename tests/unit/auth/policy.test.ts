// The account policy: its defaults, its bounds, and the back-off it implies.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountPolicy, DEFAULT_ACCOUNT_POLICY, lockDurationMs, sessionLimits, setAccountPolicy } from '../../../electron/core/auth/policy';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

let study: Study;
let cleanup: () => void;

beforeEach(() => {
  const t = tempDir();
  cleanup = t.cleanup;
  study = createStudy(t.dir, 'Policy trial');
});
afterEach(() => {
  study.close();
  cleanup();
});

describe('lock-out back-off', () => {
  it('locks after the fifth failure for a minute, doubling each failure after, up to an hour', () => {
    const minutes = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 40].map((n) => lockDurationMs(n, DEFAULT_ACCOUNT_POLICY) / 60_000);
    expect(minutes).toEqual([0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 60, 60, 60]);
  });

  it('follows the study policy', () => {
    const policy = { ...DEFAULT_ACCOUNT_POLICY, maxFailures: 3, lockBaseMinutes: 5, lockMaxMinutes: 15 };
    expect([2, 3, 4, 5].map((n) => lockDurationMs(n, policy) / 60_000)).toEqual([0, 5, 10, 15]);
  });
});

describe('the stored policy', () => {
  it('defaults, then stores a change with an audit entry', () => {
    expect(accountPolicy(study.db)).toEqual(DEFAULT_ACCOUNT_POLICY);
    const next = setAccountPolicy(study.db, 'manager', { sessionIdleMinutes: 10, maxFailures: 4 });
    expect(next).toMatchObject({ sessionIdleMinutes: 10, maxFailures: 4, lockBaseMinutes: 1 });
    expect(accountPolicy(study.db)).toEqual(next);
    const audit = study.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'study.account_policy'").get() as { actor: string; detail: string };
    expect(audit.actor).toBe('manager');
    expect(JSON.parse(audit.detail)).toMatchObject({ sessionIdleMinutes: 10, maxFailures: 4 });
    expect(sessionLimits(next)).toEqual({ idleTimeoutMs: 10 * 60_000, maxAgeMs: 12 * 3_600_000 });
  });

  it('refuses values out of range and changes nothing', () => {
    expect(() => setAccountPolicy(study.db, 'manager', { maxFailures: 1 })).toThrow(/failed logins before a lock-out must be a whole number from 3 to 20/);
    expect(() => setAccountPolicy(study.db, 'manager', { sessionIdleMinutes: 0.5 })).toThrow(/idle minutes/);
    expect(() => setAccountPolicy(study.db, 'manager', { lockBaseMinutes: 30, lockMaxMinutes: 10 })).toThrow(/cannot be shorter/);
    expect(accountPolicy(study.db)).toEqual(DEFAULT_ACCOUNT_POLICY);
    expect(study.db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'study.account_policy'").get()).toEqual({ n: 0 });
  });

  it('ignores a hand-edited value out of range rather than trusting it', () => {
    study.db.prepare('UPDATE study SET settings = ? WHERE id = 1').run(JSON.stringify({ accounts: { maxFailures: 0, sessionMaxHours: 'x', sessionIdleMinutes: 5 } }));
    expect(accountPolicy(study.db)).toEqual({ ...DEFAULT_ACCOUNT_POLICY, sessionIdleMinutes: 5 });
  });
});
