// Account changes: own password change, the manager's reset, role change and unlock, and the
// unblinding passphrase — each audited, each refusing what would harm the trial.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { changePassword, listAccounts, resetPassword, setRole, unlockAccount } from '../../../electron/core/auth/accounts';
import { changeUnblindingPassphrase } from '../../../electron/core/blinding/passphrase';
import { checkLogin } from '../../../electron/core/auth/users';
import { createStudyKey, unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { fastUser } from './fastUsers';

let study: Study;
let cleanup: () => void;
let ids: Record<string, number>;

beforeEach(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  study = createStudy(t.dir, 'Accounts trial');
  ids = {
    mia: await fastUser(study.db, 'mia', 'manager', 'mia-password'),
    ann: await fastUser(study.db, 'ann', 'coder', 'ann-password'),
    rex: await fastUser(study.db, 'rex', 'reliability', 'rex-password'),
  };
});
afterEach(() => {
  study.close();
  cleanup();
});

function audit(action: string): { actor: string; detail: unknown; reason: string | null }[] {
  return (study.db.prepare('SELECT actor, detail, reason FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { actor: string; detail: string; reason: string | null }[]).map(
    (r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }),
  );
}

describe('changing one’s own password', () => {
  it('needs the current password, then the new one works and the old does not', async () => {
    await expect(changePassword(study.db, { id: ids.ann!, name: 'ann' }, 'nope-nope', 'new-ann-password')).rejects.toMatchObject({ code: 'bad_credentials' });
    await changePassword(study.db, { id: ids.ann!, name: 'ann' }, 'ann-password', 'new-ann-password');
    await expect(checkLogin(study.db, 'ann', 'ann-password')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(checkLogin(study.db, 'ann', 'new-ann-password')).resolves.toMatchObject({ name: 'ann' });
    expect(audit('auth.password_change_failed')).toEqual([{ actor: 'ann', detail: { failures: 1 }, reason: null }]);
    expect(audit('auth.password_change')).toEqual([{ actor: 'ann', detail: {}, reason: null }]);
    expect(listAccounts(study.db).find((a) => a.name === 'ann')?.passwordChangedAt).toMatch(/^\d{4}-/);
  });

  it('refuses a short or unchanged password before touching anything', async () => {
    await expect(changePassword(study.db, { id: ids.ann!, name: 'ann' }, 'ann-password', 'short')).rejects.toThrow(/at least 8/);
    await expect(changePassword(study.db, { id: ids.ann!, name: 'ann' }, 'ann-password', 'ann-password')).rejects.toThrow(/differ/);
    expect(audit('auth.password_change')).toEqual([]);
  });

  it('counts wrong current passwords towards the lock-out', async () => {
    for (let i = 0; i < 5; i++) {
      await expect(changePassword(study.db, { id: ids.ann!, name: 'ann' }, `guess-${i}-xx`, 'new-ann-password')).rejects.toMatchObject({ code: 'bad_credentials' });
    }
    await expect(changePassword(study.db, { id: ids.ann!, name: 'ann' }, 'ann-password', 'new-ann-password')).rejects.toMatchObject({ code: 'locked' });
    await expect(checkLogin(study.db, 'ann', 'ann-password')).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('the manager’s changes', () => {
  it('resets a password, lifting the lock-out, with the reason in the audit log', async () => {
    for (let i = 0; i < 5; i++) await checkLogin(study.db, 'ann', 'wrong').catch(() => undefined);
    expect(listAccounts(study.db).find((a) => a.name === 'ann')).toMatchObject({ failedLogins: 5, lockedUntil: expect.any(String) });
    expect(await resetPassword(study.db, 'mia', 'ann', 'fresh-ann-password', 'forgot it')).toBe(ids.ann);
    await expect(checkLogin(study.db, 'ann', 'fresh-ann-password')).resolves.toMatchObject({ id: ids.ann });
    expect(audit('user.password_reset')).toEqual([{ actor: 'mia', detail: { user: 'ann' }, reason: 'forgot it' }]);
    await expect(resetPassword(study.db, 'mia', 'nobody', 'fresh-password')).rejects.toMatchObject({ code: 'not_found' });
  });

  it('changes roles with an audit entry, keeps a manager, and never makes an account a coder', () => {
    expect(setRole(study.db, 'mia', 'rex', 'auditor', 'moved to fidelity')).toEqual({ userId: ids.rex, changed: true });
    expect(setRole(study.db, 'mia', 'rex', 'auditor')).toEqual({ userId: ids.rex, changed: false });
    expect(() => setRole(study.db, 'mia', 'rex', 'coder')).toThrow(/cannot become a coder/);
    expect(() => setRole(study.db, 'mia', 'mia', 'reliability')).toThrow(/at least one manager/);
    setRole(study.db, 'mia', 'ann', 'manager');
    setRole(study.db, 'mia', 'mia', 'reliability');
    expect(audit('user.role')).toEqual([
      { actor: 'mia', detail: { user: 'rex', from: 'reliability', to: 'auditor' }, reason: 'moved to fidelity' },
      { actor: 'mia', detail: { user: 'ann', from: 'coder', to: 'manager' }, reason: null },
      { actor: 'mia', detail: { user: 'mia', from: 'manager', to: 'reliability' }, reason: null },
    ]);
    expect(listAccounts(study.db).map((a) => [a.name, a.role])).toEqual([
      ['ann', 'manager'],
      ['mia', 'reliability'],
      ['rex', 'auditor'],
    ]);
  });

  it('unlocks a locked name, and says when there was nothing to unlock', async () => {
    for (let i = 0; i < 5; i++) await checkLogin(study.db, 'ann', 'wrong').catch(() => undefined);
    expect(unlockAccount(study.db, 'mia', 'ann')).toBe(true);
    expect(unlockAccount(study.db, 'mia', 'ann')).toBe(false);
    await expect(checkLogin(study.db, 'ann', 'ann-password')).resolves.toMatchObject({ name: 'ann' });
    expect(audit('user.unlock')).toEqual([{ actor: 'mia', detail: { user: 'ann' }, reason: null }]);
    expect(verifyAuditChain(study.db)).toMatchObject({ ok: true });
  });
});

describe('the unblinding passphrase', () => {
  it('changes with the current passphrase, audited; a wrong one is audited and changes nothing', async () => {
    await createStudyKey(study.db, 'the first passphrase', { N: 2 ** 10, r: 8, p: 1 });
    await expect(changeUnblindingPassphrase(study.db, 'mia', 'not the passphrase', 'the second passphrase')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(changeUnblindingPassphrase(study.db, 'mia', 'the first passphrase', 'short')).rejects.toMatchObject({ code: 'bad_input' });
    await changeUnblindingPassphrase(study.db, 'mia', 'the first passphrase', 'the second passphrase');
    await expect(unlockStudyKey(study.db, 'the first passphrase')).rejects.toMatchObject({ code: 'bad_credentials' });
    await expect(unlockStudyKey(study.db, 'the second passphrase')).resolves.toBeDefined();
    expect(audit('study.passphrase_change_failed')).toHaveLength(1);
    expect(audit('study.passphrase_change')).toEqual([{ actor: 'mia', detail: {}, reason: null }]);
  });
});
