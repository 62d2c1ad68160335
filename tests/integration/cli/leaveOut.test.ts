// `blindfold import-recordings --leave-out`: the wizard's "leave this file out" from the command
// line. A stray file refuses the import whole and the refusal names the option; leaving it out goes
// through the app's own call (setup.importRecordings with leaveOut), imports the rest, and records
// it in the audit log as the wizard does (how many, and a SHA-256 of each path).
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { allAuditRows } from '../../../db/repositories/audit';
import { dispatch } from '../../../electron/core/app/dispatch';
import type * as DispatchModule from '../../../electron/core/app/dispatch';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { leftOutDigests } from '../../../electron/core/setup/recordings';
import { openStudy } from '../../../electron/core/study/study';
import { cliWith } from '../../support/cli';
import { tempDir } from '../../support/tempStudy';

vi.mock('../../../electron/core/app/dispatch', async (importOriginal) => {
  const real = await importOriginal<typeof DispatchModule>();
  return { ...real, dispatch: vi.fn(real.dispatch) };
});
const dispatched = vi.mocked(dispatch);

const PASSPHRASE = 'leave-out test passphrase';
const PATTERN = '{participant}_{timepoint}_*.mp4';
const cli = cliWith({ BLINDFOLD_PASSPHRASE: PASSPHRASE });
let root: string;
let studyDir: string;
let folder: string;
let cleanup: () => void;

async function recording(file: string, i: number): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg(testPatternArgs({ out: file, seconds: 1, size: '160x120', fps: 10, frequency: 300 + i * 41 }));
}

function state(): { audit: { action: string; actor: string; detail: string | null }[]; jobs: number } {
  const study = openStudy(studyDir);
  try {
    const audit = allAuditRows(study.db)
      .filter((r) => r.action !== 'key.open_for_setup')
      .map((r) => ({ action: r.action, actor: r.actor, detail: r.detail }));
    const jobs = (study.db.prepare('SELECT COUNT(*) AS n FROM deid_jobs').get() as { n: number }).n;
    return { audit, jobs };
  } finally {
    study.close();
  }
}

/** The leaveOut inputs of the setup.importRecordings calls made through dispatch since the last clear. */
function leaveOutSent(): unknown[] {
  return dispatched.mock.calls.filter(([, , name]) => name === 'setup.importRecordings').map(([, , , input]) => (input as { leaveOut?: string[] }).leaveOut);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-cli-leave-out-'));
  studyDir = path.join(root, 'study');
  folder = path.join(root, 'recordings');
  await recording(path.join(folder, 'PX-1001_baseline_freeplay.mp4'), 0);
  await recording(path.join(folder, 'PX-1002_baseline_freeplay.mp4'), 1);
  // Two strays: a test export that matches no pattern, and an old file of a participant not in the trial.
  await recording(path.join(folder, 'camera test.mp4'), 2);
  await recording(path.join(folder, 'old', 'PX-9999_baseline_freeplay.mp4'), 3);
  writeFileSync(path.join(root, 'allocation.csv'), 'participant,arm\nPX-1001,intervention\nPX-1002,control\n');
  expect((await cli('init', studyDir, '--name', 'Leave-out trial')).code).toBe(0);
  expect((await cli('import-allocation', studyDir, path.join(root, 'allocation.csv'))).code).toBe(0);
}, 120_000);
afterAll(() => cleanup());
beforeEach(() => dispatched.mockClear());

describe('import-recordings --leave-out', () => {
  it('refuses a folder with stray files whole, marking each, and names --leave-out', async () => {
    const before = state();
    const r = await cli('import-recordings', studyDir, folder, '--pattern', PATTERN);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing was imported/);
    expect(r.err).toMatch(/^ {2}camera test\.mp4: /m);
    expect(r.err).toMatch(/^ {2}old\/PX-9999_baseline_freeplay\.mp4: /m);
    expect(r.err).toMatch(/leave them out of this import with --leave-out <file> \(once per file; recorded in the audit log\)/);
    // The command to run again, with each stray named once, quoted where the shell needs it.
    expect(r.err).toContain(`--pattern '${PATTERN}' --leave-out 'camera test.mp4' --leave-out old/PX-9999_baseline_freeplay.mp4\n`);
    expect(state()).toEqual(before);
    expect(leaveOutSent()).toEqual([undefined]);
  });

  it('refuses a --leave-out that names no file of the folder, and changes nothing', async () => {
    const before = state();
    const r = await cli('import-recordings', studyDir, folder, '--pattern', PATTERN, '--leave-out', 'camera test.mp4', '--leave-out', 'old/PX-9999.mp4');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/"old\/PX-9999\.mp4" is to be left out, but the recordings folder holds no such file/);
    // The stray that was named correctly is left out; the other is still refused, and the hint names it.
    expect(r.err).not.toMatch(/^ {2}camera test\.mp4: /m);
    expect(r.err).toMatch(/^ {2}old\/PX-9999_baseline_freeplay\.mp4: /m);
    expect(r.err).toContain("--leave-out 'camera test.mp4' --leave-out old/PX-9999.mp4 --leave-out old/PX-9999_baseline_freeplay.mp4\n");
    expect(state()).toEqual(before);
  });

  it('imports the rest with the strays left out, through the app call, recorded in the audit log', async () => {
    const before = state();
    // One named as the problems name it, one as a path from the working directory (absolute here).
    const r = await cli('import-recordings', studyDir, folder, '--pattern', PATTERN, '--leave-out', 'camera test.mp4', '--leave-out', path.join(folder, 'old', 'PX-9999_baseline_freeplay.mp4'));
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('Imported 2 recordings. Left out: camera test.mp4, old/PX-9999_baseline_freeplay.mp4 (recorded in the audit log). Run "blindfold deidentify" next.\n');
    expect(leaveOutSent()).toEqual([['camera test.mp4', 'old/PX-9999_baseline_freeplay.mp4']]);
    const after = state();
    expect(after.jobs).toBe(before.jobs + 2);
    const added = after.audit.slice(before.audit.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'recordings.import', actor: `cli:${os.userInfo().username}` });
    const detail = JSON.parse(added[0]!.detail!) as Record<string, unknown>;
    expect(detail).toEqual({ recordings: 2, leftOut: 2, leftOutSha256: leftOutDigests(new Set(['camera test.mp4', 'old/PX-9999_baseline_freeplay.mp4'])) });
    // The log names no file: a path can carry a participant id.
    expect(added[0]!.detail).not.toMatch(/PX-9999|camera/);
  });
});
