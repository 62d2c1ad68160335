// The Picture step's tables in the order a person reads numbers (pictures by size, lengths by
// length, "week2" before "week10" — not as text, where "1280×720" comes before "160×120" and
// "about 1:06" before "about 9.1 s"); and a coding window that starts after a recording ends,
// refused before de-identification starts, naming the recordings and their lengths.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { pictureCheck, setStudyCodingWindow, studyCodingWindow } from '../../../electron/core/setup';
import { naturalCompare } from '../../../electron/core/setup/picture';
import { openStudy } from '../../../electron/core/study/study';
import { cliWith } from '../../support/cli';
import { tempDir } from '../../support/tempStudy';
import { dumpDb } from '../../support/dumpStudy';

const PASSPHRASE = 'lengths test passphrase';
const cli = cliWith({ BLINDFOLD_PASSPHRASE: PASSPHRASE });
let root: string;
let cleanup: () => void;

/** participant, timepoint, picture, seconds */
const RECORDINGS = [
  ['PX-3001', 'week2', '96x64', 9],
  ['PX-3001', 'week10', '1280x720', 1],
  ['PX-3002', 'week2', '160x120', 66],
  ['PX-3002', 'week10', '96x64', 9],
] as const;

async function newStudy(name: string): Promise<string> {
  const dir = path.join(root, name);
  expect((await cli('init', dir, '--name', name)).code).toBe(0);
  expect((await cli('import-allocation', dir, path.join(root, 'allocation.csv'))).code).toBe(0);
  const imported = await cli('import-recordings', dir, path.join(root, 'recordings'), '--pattern', '{participant}_{timepoint}_*.mp4');
  expect(imported.err).toBe('');
  return dir;
}

function dump(dir: string): string {
  const study = openStudy(dir);
  try {
    return dumpDb(study.db, "action <> 'key.open_for_setup'");
  } finally {
    study.close();
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-lengths-'));
  const folder = path.join(root, 'recordings');
  mkdirSync(folder, { recursive: true });
  for (const [i, [participant, timepoint, size, seconds]] of RECORDINGS.entries()) {
    await runFfmpeg(testPatternArgs({ out: path.join(folder, `${participant}_${timepoint}_play.mp4`), seconds, size, fps: 5, frequency: 220 + 40 * i }));
  }
  writeFileSync(path.join(root, 'allocation.csv'), 'record_id,arm\nPX-3001,intervention\nPX-3002,control\n');
  // Import trusts a recording's fingerprint only once it has been still for a few seconds.
  await new Promise((resolve) => setTimeout(resolve, 3500));
}, 120_000);
afterAll(() => cleanup());

describe("the Picture step's tables", () => {
  it('compares numbers as numbers', () => {
    expect(['week10', 'week2', 'week1'].sort(naturalCompare)).toEqual(['week1', 'week2', 'week10']);
    expect(['1280×720, 25 fps', '96×64, 25 fps', '160×120, 25 fps', '160×120, 12.5 fps'].sort(naturalCompare)).toEqual([
      '96×64, 25 fps',
      '160×120, 12.5 fps',
      '160×120, 25 fps',
      '1280×720, 25 fps',
    ]);
  });

  it('list pictures by size, lengths by length, and timepoints by their numbers', async () => {
    const dir = await newStudy('order');
    const study = openStudy(dir);
    try {
      const found = await pictureCheck(study.db, await unlockStudyKey(study.db, PASSPHRASE));
      expect(found.pictures).toEqual(['96×64, 5 fps', '160×120, 5 fps', '1280×720, 5 fps']);
      expect(found.byTimepoint.map((g) => g.level)).toEqual(['week2', 'week10']);
      expect(found.length.lengths).toHaveLength(3);
      const [short, nine, long] = found.length.lengths;
      expect(short).toMatch(/^about 1\.0 s$/);
      expect(nine).toMatch(/^about (8|9)\.\d s$/);
      expect(long).toMatch(/^about 1:0\d$/);
      expect(found.length.byTimepoint).toEqual([
        { level: 'week2', counts: { [nine!]: 1, [long!]: 1 } },
        { level: 'week10', counts: { [short!]: 1, [nine!]: 1 } },
      ]);
    } finally {
      study.close();
    }
  });
});

describe('a coding window that starts after a recording ends', () => {
  it('is refused by deidentify --window before anything changes, naming the recordings and their lengths', async () => {
    const dir = await newStudy('window-cli');
    const before = dump(dir);
    const r = await cli('deidentify', dir, '--window', '30+600');
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(
      /The coding window \(600 s from 30 s\) starts after 3 recordings end, or less than 1 s before: PX-3001_week10_play\.mp4 \(1\.0 s\), PX-3001_week2_play\.mp4 \(9\.0 s\), PX-3002_week10_play\.mp4 \(9\.0 s\)\. Their clips would be empty\. Choose a window that starts at 0 s or earlier \(the Picture step, or --window START\+LENGTH\); the window was not changed\./,
    );
    expect(r.err).not.toMatch(/PX-3002_week2|output_mismatch/);
    expect(dump(dir)).toBe(before);
  });

  it('is refused by de-identification itself, before it starts, when the window was set without the key open', async () => {
    const dir = await newStudy('window-core');
    const study = openStudy(dir);
    try {
      // As a window set in an earlier session, or from a face that had not opened the key.
      setStudyCodingWindow(study.db, { startSeconds: 5, lengthSeconds: 60 }, 'test');
    } finally {
      study.close();
    }
    const before = dump(dir);
    const r = await cli('deidentify', dir);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/The coding window \(60 s from 5 s\) starts after 1 recording ends, or less than 1 s before: PX-3001_week10_play\.mp4 \(1\.0 s\)\. .*; nothing was de-identified\./);
    expect(r.out).not.toMatch(/de-identified/);
    expect(dump(dir)).toBe(before);
    // Half a second in leaves the shortest recording half a second: refused too, as its job would.
    expect((await cli('deidentify', dir, '--window', '0.5+60')).err).toMatch(/starts after 1 recording ends, or less than 1 s before: PX-3001_week10_play\.mp4 \(1\.0 s\)/);
    // A window that leaves every recording a clip is taken, and de-identification runs.
    const fits = await cli('deidentify', dir, '--window', '0+60', '--blinding-reason', 'every visit was filmed with the same two cameras');
    expect(fits.err).not.toMatch(/coding window|output_mismatch/);
    expect(fits.out).toMatch(/^4 clip\(s\) de-identified/m);
    const after = openStudy(dir);
    try {
      expect(studyCodingWindow(after.db)).toEqual({ startSeconds: 0, lengthSeconds: 60 });
    } finally {
      after.close();
    }
  });
});
