// The account commands of the CLI: secrets from the environment or a prompt, never arguments;
// usage errors for bad flags; every change audited as the operating-system user.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { accountCommands } from '../../../electron/cli/commands/accounts';
import { UsageError, type CliIo } from '../../../electron/cli/io';
import { checkLogin } from '../../../electron/core/auth/users';
import { createStudyKey, unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { createStudy, openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { FAST_SCRYPT, fastUser } from './fastUsers';

let dir: string;
let cleanup: () => void;

beforeEach(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  dir = path.join(t.dir, 'study');
  const study = createStudy(dir, 'CLI trial');
  await fastUser(study.db, 'mia', 'manager', 'mia-password');
  await fastUser(study.db, 'ann', 'coder', 'ann-password');
  await createStudyKey(study.db, 'the old passphrase', FAST_SCRYPT);
  study.close();
});
afterEach(() => cleanup());

async function run(name: string, args: string[], env: Record<string, string> = {}, answers: string[] = []): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env,
    ...(answers.length > 0 ? { prompt: async () => answers.shift() ?? '' } : {}),
  };
  const code = await accountCommands[name]!.run(args, io);
  return { code, out, err };
}

function audit(): { actor: string; action: string }[] {
  const study = openStudy(dir);
  try {
    return study.db.prepare("SELECT actor, action FROM audit_log WHERE action LIKE 'user.%' OR action LIKE 'study.%' ORDER BY seq").all() as { actor: string; action: string }[];
  } finally {
    study.close();
  }
}

describe('account commands', () => {
  it('set-password resets a password from BLINDFOLD_PASSWORD', async () => {
    expect(await run('set-password', [dir, '--name', 'ann'], { BLINDFOLD_PASSWORD: 'brand-new-pass' })).toMatchObject({ code: 0, out: expect.stringMatching(/Set a new password for "ann"/) });
    const study = openStudy(dir);
    try {
      await expect(checkLogin(study.db, 'ann', 'brand-new-pass')).resolves.toMatchObject({ name: 'ann' });
    } finally {
      study.close();
    }
    expect(audit().at(-1)).toEqual({ actor: expect.stringMatching(/^cli:/), action: 'user.password_reset' });
    await expect(run('set-password', [dir, '--name', 'ann'])).rejects.toThrow(UsageError);
    await expect(run('set-password', [dir])).rejects.toThrow(/--name/);
  });

  it('set-role changes a role and refuses to make a coder', async () => {
    expect(await run('set-role', [dir, '--name', 'mia', '--role', 'manager'])).toMatchObject({ code: 0, out: expect.stringMatching(/already is manager/) });
    await expect(run('set-role', [dir, '--name', 'ann', '--role', 'boss'])).rejects.toThrow(/--role must be one of/);
    await expect(run('set-role', [dir, '--name', 'mia', '--role', 'coder'])).rejects.toThrow(/cannot become a coder/);
    expect(await run('set-role', [dir, '--name', 'ann', '--role', 'auditor', '--reason', 'moved'])).toMatchObject({ code: 0, out: expect.stringMatching(/now auditor/) });
    expect(audit().at(-1)).toMatchObject({ action: 'user.role' });
  });

  it('unlock-user lifts a lock-out', async () => {
    const study = openStudy(dir);
    for (let i = 0; i < 5; i++) await checkLogin(study.db, 'ann', 'wrong').catch(() => undefined);
    study.close();
    expect(await run('unlock-user', [dir, '--name', 'ann'])).toMatchObject({ code: 0, out: expect.stringMatching(/Lifted/) });
    expect(await run('unlock-user', [dir, '--name', 'ann'])).toMatchObject({ code: 0, out: expect.stringMatching(/was not locked out/) });
  });

  it('set-passphrase takes the old one and the new one (asked twice on a terminal)', async () => {
    await expect(run('set-passphrase', [dir], { BLINDFOLD_PASSPHRASE: 'the old passphrase' }, ['first new passphrase', 'typo new passphrase'])).rejects.toThrow(/differ/);
    await expect(run('set-passphrase', [dir], { BLINDFOLD_PASSPHRASE: 'the old passphrase' })).rejects.toThrow(/BLINDFOLD_NEW_PASSPHRASE/);
    await expect(run('set-passphrase', [dir], { BLINDFOLD_PASSPHRASE: 'wrong passphrase', BLINDFOLD_NEW_PASSPHRASE: 'the new passphrase' })).rejects.toMatchObject({
      code: 'bad_credentials',
    });
    expect(await run('set-passphrase', [dir], { BLINDFOLD_PASSPHRASE: 'the old passphrase' }, ['the new passphrase', 'the new passphrase'])).toMatchObject({ code: 0 });
    const study = openStudy(dir);
    try {
      await expect(unlockStudyKey(study.db, 'the new passphrase')).resolves.toBeDefined();
    } finally {
      study.close();
    }
    expect(audit().filter((a) => a.action.startsWith('study.passphrase'))).toEqual([
      { actor: expect.stringMatching(/^cli:/), action: 'study.passphrase_change_failed' },
      { actor: expect.stringMatching(/^cli:/), action: 'study.passphrase_change' },
    ]);
  });

  it('backup-schedule stores and removes the schedule', async () => {
    const folder = path.dirname(dir);
    expect(await run('backup-schedule', [dir, '--to', folder, '--every', '6', '--media'])).toMatchObject({ code: 0, out: expect.stringMatching(/every 6 h .* with media/) });
    await expect(run('backup-schedule', [dir, '--to', folder, '--every', '0'])).rejects.toThrow(/--every must be a whole number from 1 to 168/);
    await expect(run('backup-schedule', [dir])).rejects.toThrow(/--to <folder>/);
    expect(await run('backup-schedule', [dir, '--off'])).toMatchObject({ code: 0, out: 'Scheduled backups are off.\n' });
    expect(audit().filter((a) => a.action === 'study.backup_schedule')).toHaveLength(2);
  });

  it('every command has a usage line that names it', () => {
    for (const [name, command] of Object.entries(accountCommands)) expect(command.usage.startsWith(`${name} `)).toBe(true);
  });
});
