// The command line and the app cannot drift: every CLI command that has a contract entry reaches
// core through the one dispatch (watched here), so a role the entry refuses is refused from the CLI
// too, a bad input gets the app's message, and the audit actor is the logged-in user or, for the
// study holder, `cli:<operating-system user>`. The study holder itself is reachable only from a
// local face: no session key a transport could send makes a call as it.
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { allAuditRows } from '../../../db/repositories/audit';
import type { CliIo } from '../../../electron/cli/io';
import { main } from '../../../electron/cli/main';
import { CALL_NAMES, contract, PUBLIC } from '../../../electron/common/contract';
import { createCore, type Core } from '../../../electron/core/app/core';
import { dispatch } from '../../../electron/core/app/dispatch';
import type * as DispatchModule from '../../../electron/core/app/dispatch';
import { createStudyKey } from '../../../electron/core/blinding/sealedKey';
import { createStudy, openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { FAST_SCRYPT, fastUser } from '../../unit/auth/fastUsers';

// Every call core makes through dispatch, recorded (core.ts imports this very module).
vi.mock('../../../electron/core/app/dispatch', async (importOriginal) => {
  const real = await importOriginal<typeof DispatchModule>();
  return { ...real, dispatch: vi.fn(real.dispatch) };
});
const dispatched = vi.mocked(dispatch);

const PASSPHRASE = 'the study passphrase';
const ENV = { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'lead-password' };
const OS_ACTOR = `cli:${os.userInfo().username}`;

let root: string;
let dir: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-cli-dispatch-'));
  dir = path.join(root, 'study');
  const study = createStudy(dir, 'Drift trial');
  await fastUser(study.db, 'mia', 'manager', 'manager-password');
  await fastUser(study.db, 'lea', 'reliability', 'lead-password');
  await fastUser(study.db, 'ann', 'coder', 'coder-password');
  await createStudyKey(study.db, PASSPHRASE, FAST_SCRYPT);
  study.close();
  writeFileSync(path.join(root, 'allocation.csv'), 'participant,arm\nP1,intervention\nP2,control\n');
  writeFileSync(path.join(root, 'ratings.csv'), 'clip_code,coder,dimension,score\n');
  writeFileSync(path.join(root, 'gold.csv'), 'file,sensitivity\n');
  writeFileSync(path.join(root, 'sessions.csv'), 'file,clinician,family,session\n');
  dispatched.mockClear();
});
afterEach(() => cleanup());

async function cli(argv: string[], env: Record<string, string> = ENV): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { stdout: (s) => (out += s), stderr: (s) => (err += s), readFile: async (p) => readFileSync(p), env };
  return { code: await main(argv, io), out, err };
}

/** The names the CLI dispatched, with whether each came from a local identity (never a session key). */
function calls(): { name: string; local: boolean }[] {
  return dispatched.mock.calls.map(([, who, name]) => ({ name, local: 'identity' in who }));
}

function auditActors(action: string): string[] {
  const study = openStudy(dir);
  try {
    return allAuditRows(study.db)
      .filter((r) => r.action === action)
      .map((r) => r.actor);
  } finally {
    study.close();
  }
}

// Each converted command with the entry it must reach. Data need not make sense: a call that core
// refuses was still made through dispatch, which is what is proved.
const CONVERTED: readonly (readonly [string, () => string[], string, Record<string, string>?])[] = [
  ['add-user', () => ['add-user', dir, '--name', 'ben', '--role', 'coder'], 'setup.addUser'],
  ['blinding-check', () => ['blinding-check', dir, '--on', '--timepoints', 'pre,post'], 'study.setBlindingCheck'],
  ['import-allocation', () => ['import-allocation', dir, path.join(root, 'allocation.csv'), '--id-column', 'participant'], 'setup.importAllocation'],
  ['import-recordings', () => ['import-recordings', dir, path.join(root, 'none'), '--pattern', '{participant}_{timepoint}'], 'setup.importRecordings'],
  ['deidentify', () => ['deidentify', dir], 'setup.deidentify'],
  ['assign', () => ['assign', dir, '--coders', 'ann'], 'setup.assign'],
  ['seal', () => ['seal', dir], 'setup.seal'],
  ['import-sessions', () => ['import-sessions', dir, root, '--manifest', path.join(root, 'sessions.csv'), '--file-column', 'file'], 'fidelity.importSessions'],
  ['assign-auditors', () => ['assign-auditors', dir, '--auditors', 'ann'], 'fidelity.assignAuditors'],
  ['fidelity-summary', () => ['fidelity-summary', dir, '--json'], 'fidelity.summary'],
  ['consensus', () => ['consensus', dir, '--clip', 'ABCD-EFGH', '--dimension', 'sensitivity', '--score', '5', '--reason', 'watched again', '--as', 'lea'], 'reliability.recordConsensus'],
  ['import-gold', () => ['import-gold', dir, path.join(root, 'gold.csv'), '--source', 'trainers', '--as', 'lea'], 'reliability.importGold'],
  ['assign-training', () => ['assign-training', dir, '--trainee', 'ann', '--as', 'lea'], 'reliability.assignTraining'],
  ['certify', () => ['certify', dir, '--trainee', 'ann', '--as', 'lea'], 'reliability.certify'],
  ['reliability-settings', () => ['reliability-settings', dir, '--threshold', '0.8', '--as', 'lea'], 'reliability.setSettings'],
  ['import-ratings', () => ['import-ratings', dir, path.join(root, 'ratings.csv')], 'closeout.importRatings'],
  ['lock', () => ['lock', dir], 'closeout.lock'],
  ['unblind', () => ['unblind', dir, '--manager', 'mia', '--reason', 'primary analysis'], 'closeout.unblind', { BLINDFOLD_PASSWORD: 'manager-password' }],
  ['export', () => ['export', dir, '--out', path.join(root, 'export.csv')], 'closeout.export'],
  ['backup', () => ['backup', dir, '--to', root], 'backups.now'],
  ['backup-schedule', () => ['backup-schedule', dir, '--off'], 'backups.setSchedule'],
  ['set-password', () => ['set-password', dir, '--name', 'ann'], 'accounts.resetPassword'],
  ['set-passphrase', () => ['set-passphrase', dir], 'accounts.changePassphrase'],
  ['set-role', () => ['set-role', dir, '--name', 'ann', '--role', 'auditor'], 'accounts.setRole'],
  ['unlock-user', () => ['unlock-user', dir, '--name', 'ann'], 'accounts.unlock'],
];

/**
 * The commands cli/main.ts lists as direct, read from its note (each with its reason there): wholly
 * (a bare name) or in part (a name with the form that stays direct, e.g. "certify --preview …").
 */
function directCommands(): { wholly: Set<string>; inPart: Set<string> } {
  const source = readFileSync(path.join(__dirname, '../../../electron/cli/main.ts'), 'utf8');
  const note = source.slice(source.indexOf('These stay direct'), source.indexOf('\nimport '));
  const items = [...note.matchAll(/^\/\/ - ([^:]+):/gm)].flatMap((m) => m[1]!.replace(/\n\/\/\s*/g, ' ').split(',').map((n) => n.trim()));
  const name = (item: string) => item.split(' ')[0]!;
  return { wholly: new Set(items.filter((i) => !i.includes(' ')).map(name)), inPart: new Set(items.filter((i) => i.includes(' ')).map(name)) };
}

describe('the command line goes through the dispatch of the app', () => {
  it('classifies every command: through dispatch, or direct with its reason in cli/main.ts', async () => {
    const help = await cli(['--help']);
    const commands = [...help.out.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!);
    expect(commands.length).toBeGreaterThan(30);
    const converted = new Set(CONVERTED.map(([command]) => command));
    const direct = directCommands();
    expect(commands.filter((c) => !converted.has(c) && !direct.wholly.has(c))).toEqual([]);
    expect([...converted].filter((c) => direct.wholly.has(c))).toEqual([]);
    expect([...direct.inPart].filter((c) => !converted.has(c))).toEqual([]);
  });

  it.each(CONVERTED.map(([command, argv, entry, env]) => ({ command, argv, entry, env })))('$command calls $entry through dispatch, as a local identity', async ({ argv, entry, env }) => {
    await cli(argv(), { ...ENV, BLINDFOLD_NEW_PASSPHRASE: 'another study passphrase', ...env });
    expect(calls()).toContainEqual({ name: entry, local: true });
    expect(calls().every((c) => c.local)).toBe(true);
  });

  it('refuses from the CLI a role the entry refuses in the app', async () => {
    // A manager may not record a consensus or give training clips, in the app…
    const core = createCore({ studyDir: dir, mediaBaseUrl: 'x://', log: () => undefined, scheduledBackups: false });
    try {
      expect((await core.invoke('app', 'auth.login', { name: 'mia', password: 'manager-password' })).ok).toBe(true);
      expect(await core.invoke('app', 'reliability.assignTraining', { trainee: 'ann' })).toEqual({ ok: false, error: { code: 'forbidden', message: 'A manager may not do this' } });
    } finally {
      await core.close();
    }
    // …nor from the command line, where `--as mia` logs her in and dispatch decides.
    dispatched.mockClear();
    const r = await cli(['assign-training', dir, '--trainee', 'ann', '--as', 'mia'], { BLINDFOLD_PASSWORD: 'manager-password' });
    expect(r).toMatchObject({ code: 2, err: expect.stringContaining('"mia" is a manager; this needs a reliability user') });
    expect(calls()).toEqual([
      { name: 'auth.login', local: true },
      { name: 'reliability.assignTraining', local: true },
    ]);
    // A coder cannot unblind, whatever her password.
    const coder = await cli(['unblind', dir, '--manager', 'ann', '--reason', 'primary analysis'], { ...ENV, BLINDFOLD_PASSWORD: 'coder-password' });
    expect(coder).toMatchObject({ code: 2, err: expect.stringContaining('"ann" is a coder; this needs a manager user') });
  });

  it('gives a bad input the message the app gives', async () => {
    const core = createCore({ studyDir: dir, mediaBaseUrl: 'x://', log: () => undefined, scheduledBackups: false });
    let app: { short: string; coderRole: string };
    try {
      await core.invoke('app', 'auth.login', { name: 'mia', password: 'manager-password' });
      const short = await core.invoke('app', 'setup.addUser', { name: 'ben', role: 'coder', password: 'short' });
      const coderRole = await core.invoke('app', 'accounts.setRole', { name: 'mia', role: 'coder' });
      if (short.ok || coderRole.ok) throw new Error('expected refusals');
      app = { short: short.error.message, coderRole: coderRole.error.message };
    } finally {
      await core.close();
    }
    expect(await cli(['add-user', dir, '--name', 'ben', '--role', 'coder'], { BLINDFOLD_PASSWORD: 'short' })).toEqual({ code: 1, out: '', err: `blindfold add-user: ${app.short}\n` });
    expect(await cli(['set-role', dir, '--name', 'mia', '--role', 'coder'])).toEqual({ code: 1, out: '', err: `blindfold set-role: ${app.coderRole}\n` });
  });

  it('audits the study holder as the operating-system user and a named user as themselves', async () => {
    expect((await cli(['set-password', dir, '--name', 'ann'], { BLINDFOLD_PASSWORD: 'a-new-password' })).code).toBe(0);
    expect(auditActors('user.password_reset')).toEqual([OS_ACTOR]);
    expect(await cli(['import-allocation', dir, path.join(root, 'allocation.csv'), '--id-column', 'participant'])).toMatchObject({ code: 0, err: '' });
    expect(auditActors('key.open_for_setup')).toEqual([OS_ACTOR]);
    expect(auditActors('allocation.import')).toEqual([OS_ACTOR]);
    expect((await cli(['reliability-settings', dir, '--threshold', '0.8', '--as', 'lea'])).code).toBe(0);
    expect(auditActors('auth.login')).toEqual(['lea']);
    expect(auditActors('reliability.settings')).toEqual(['lea']);
  });
});

describe('import-allocation with the trial\'s own arm labels', () => {
  it('says how to name the arms (--arms, the intervention first) and imports once they are named', async () => {
    const csv = path.join(root, 'sealed-envelope.csv');
    writeFileSync(csv, 'participant,arm\nP1,VIPP-PMH\nP2,Usual care\nP3,VIPP-PMH\n');
    const refused = await cli(['import-allocation', dir, csv]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('arm "VIPP-PMH" is not one of the trial\'s arms (intervention, control)');
    expect(refused.err).toContain("Name the trial's arms as the file writes them, the intervention first, with --arms");
    expect(refused.err).toContain('blindfold import-allocation <studyDir> <csv> --arms "VIPP-PMH,Usual care"');
    expect(refused.err).toContain('The first arm named is the intervention');
    const imported = await cli(['import-allocation', dir, csv, '--arms', 'VIPP-PMH,Usual care']);
    expect(imported).toMatchObject({ code: 0, err: '' });
    expect(imported.out).toContain('3 participants (VIPP-PMH 2, Usual care 1)');
  });
});

describe('the study holder', () => {
  let core: Core;
  beforeEach(() => {
    core = createCore({ studyDir: dir, mediaBaseUrl: 'x://', log: () => undefined, scheduledBackups: false });
  });
  afterEach(async () => core.close());

  it('is a manager audited under the name its face gives', async () => {
    const holder = core.studyHolder('cli:someone');
    expect(await core.invokeAs(holder, 'auth.session', {})).toEqual({ ok: true, value: { name: 'cli:someone', role: 'manager' } });
    expect((await core.invokeAs(holder, 'accounts.unlock', { name: 'ann' })).ok).toBe(true);
    expect(await core.invokeAs(holder, 'reliability.overview', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await core.invokeAs(holder, 'setup.assign', { coders: [], doubleFraction: 0.2 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect((await core.invokeAs(holder, 'setup.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    expect(allAuditRows(core.context.study.db).at(-1)).toMatchObject({ actor: 'cli:someone', action: 'key.open_for_setup' });
  });

  it('cannot be reached by any session key a transport could send', async () => {
    const holder = core.studyHolder('cli:someone');
    expect((await core.invokeAs(holder, 'setup.unlock', { passphrase: PASSPHRASE })).ok).toBe(true);
    const keys = [holder.key, holder.key.toUpperCase(), 'local:', `local:${'A'.repeat(32)}`, '', 'cli:someone', 'manager', 'holder', '0'];
    for (const key of keys) {
      for (const name of CALL_NAMES) {
        const entry = contract[name];
        const r = await core.invoke(key, name, {});
        // Without a login nothing but the public entries answers, and those answer as no one.
        if (entry.roles !== PUBLIC || key.startsWith('local:')) expect(r).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^(unauthenticated|bad_input)$/) } });
        if (r.ok && name === 'auth.session') expect(r.value).toBeNull();
      }
    }
    // Not even by logging in under its key: a transport cannot start a session there.
    expect(await core.invoke(holder.key, 'auth.login', { name: 'mia', password: 'manager-password' })).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    // The holder's opened key is its own and goes when it is released.
    expect(await core.invokeAs(holder, 'setup.status', {})).toMatchObject({ ok: true, value: { unlocked: true } });
    core.release(holder);
    expect(await core.invokeAs(holder, 'setup.status', {})).toMatchObject({ ok: true, value: { unlocked: false } });
  });

  it('goes through the same dispatch as a session: input, roles and output shapes alike', async () => {
    const holder = core.studyHolder('cli:someone');
    dispatched.mockClear();
    await core.invokeAs(holder, 'setup.status', {});
    await core.invoke('app', 'setup.status', {});
    expect(dispatched.mock.calls.map(([, who, name]) => [Object.keys(who), name])).toEqual([
      [['identity'], 'setup.status'],
      [['sessionKey'], 'setup.status'],
    ]);
  });
});
