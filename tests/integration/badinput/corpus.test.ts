// The bad-input corpus: allocation CSVs, manifests, file-name patterns, media, scale definitions and
// command-line arguments that must each be refused with a specific message — and leave the study's
// database exactly as it was (a full logical dump compared before and after). Unusual but valid
// media (no audio, variable frame rate, rotated, non-ASCII or very long names) must import.
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/main';
import type { CliIo } from '../../../electron/cli/io';
import { createCore } from '../../../electron/core/app/core';
import { DEFAULT_DIMENSIONS } from '../../../electron/core/coding/scales';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { openStudy } from '../../../electron/core/study/study';
import { buildStudy } from '../../support/studyFixtures';
import { tempDir } from '../../support/tempStudy';
import { dumpDb } from '../../support/dumpStudy';

const PASSPHRASE = 'corpus unblinding passphrase';
let root: string;
let cleanup: () => void;
let studyDir: string;
const tried: string[] = [];

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'corpus-password' },
  };
  return { code: await main(argv, io), out, err };
}

function dump(): string {
  const study = openStudy(studyDir);
  try {
    // Opening the sealed key is audited, from the command line as in the app (both go through
    // setup.unlock); a refused input changes nothing else.
    return dumpDb(study.db, "action <> 'key.open_for_setup'");
  } finally {
    study.close();
  }
}

async function refused(label: string, argv: string[], message: RegExp): Promise<void> {
  const before = dump();
  const r = await cli(argv);
  tried.push(label);
  expect(r.code, `${label}: exit code`).not.toBe(0);
  expect(r.err, `${label}: message`).toMatch(message);
  expect(dump(), `${label}: database unchanged`).toBe(before);
}

const csv = (name: string, text: string | Buffer) => {
  const file = path.join(root, 'csv', name);
  writeFileSync(file, text);
  return file;
};

async function clip(file: string, opts: Partial<Parameters<typeof testPatternArgs>[0]> = {}, i = 0): Promise<string> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg(testPatternArgs({ out: file, seconds: 1, size: '160x120', fps: 10, frequency: 200 + i * 31, ...opts }));
  return file;
}

/** A folder holding one good recording and the bad one: the import must refuse both. */
function caseFolder(name: string): string {
  const dir = path.join(root, 'media', name);
  mkdirSync(dir, { recursive: true });
  copyFileSync(path.join(root, 'good.mp4'), path.join(dir, 'P01_pre_good.mp4'));
  return dir;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-corpus-'));
  mkdirSync(path.join(root, 'csv'));
  studyDir = path.join(root, 'study');
  expect((await cli(['init', studyDir, '--name', 'Corpus'])).code).toBe(0);
  expect((await cli(['add-user', studyDir, '--name', 'ann', '--role', 'coder'])).code).toBe(0);
  expect((await cli(['add-user', studyDir, '--name', 'mo', '--role', 'manager'])).code).toBe(0);
  const alloc = csv('allocation.csv', 'record_id,arm\nP01,intervention\nP02,control\nP03,intervention\nP04,control\nP05,intervention\nP06,control\n');
  expect((await cli(['import-allocation', studyDir, alloc])).code).toBe(0);
  await clip(path.join(root, 'good.mp4'), {}, 99);
}, 120_000);

afterAll(() => {
  cleanup();
  console.log(`bad-input corpus: ${tried.length} inputs tried`);
});

describe('allocation CSVs', () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['duplicate participant', 'record_id,arm\nQ01,intervention\nQ01,control\n', /row 3.*Q01|Q01.*rows? 2 and 3/s],
    ['empty arm', 'record_id,arm\nQ02,\n', /row 2.*arm/is],
    ['unknown arm', 'record_id,arm\nQ03,placebo\n', /placebo/],
    ['missing arm column', 'record_id,group_x\nQ04,intervention\n', /arm/i],
    ['missing id column', 'who,arm\nQ05,intervention\n', /participant|record/i],
    ['non-UTF-8 bytes', Buffer.concat([Buffer.from('record_id,arm\nQ0'), Buffer.from([0xe9]), Buffer.from(',control\n')]), /UTF-8/],
    ['UTF-16 file', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('record_id,arm\nQ07,control\n', 'utf16le')]), /UTF-16|Unicode/i],
    ['unclosed quote', 'record_id,arm\n"Q08,control\n', /quote/i],
    ['extra cells', 'record_id,arm\nQ09,control,extra,more\n', /row 2/],
    ['empty file', '', /empty/i],
    ['participant already imported', 'record_id,arm\nP01,intervention\n', /already/],
    ['empty participant id', 'record_id,arm\n,control\n', /row 2/],
    ['numeric arm without a map', 'record_id,arm\nQ13,1\n', /"1"/],
  ];
  for (const [label, text, message] of cases) {
    it(label, async () => refused(`allocation: ${label}`, ['import-allocation', studyDir, csv(`${label}.csv`, text)], message));
  }
});

describe('manifests', () => {
  const cases: [string, string, RegExp][] = [
    ['missing file column', 'path_x,participant,timepoint\nP01_pre_good.mp4,P01,pre\n', /file/i],
    ['absolute path', 'file,participant,timepoint\n/etc/passwd,P01,pre\n', /absolute/i],
    ['.. escaping the folder', 'file,participant,timepoint\n../../secret.mp4,P01,pre\n', /outside|\.\./i],
    ['file listed twice', 'file,participant,timepoint\nP01_pre_good.mp4,P01,pre\nP01_pre_good.mp4,P01,post\n', /twice|rows 2 and 3|more than once/i],
    ['file missing on disk', 'file,participant,timepoint\nP01_pre_good.mp4,P01,pre\nnot-there.mp4,P02,pre\n', /not-there\.mp4/],
    ['impossible date', 'file,participant,timepoint,date\nP01_pre_good.mp4,P01,pre,2023-02-30\n', /2023-02-30/],
    ['unknown participant', 'file,participant,timepoint\nP01_pre_good.mp4,Z99,pre\n', /Z99/],
  ];
  for (const [label, text, message] of cases) {
    it(label, async () => {
      const folder = caseFolder(`manifest-${label}`);
      await refused(`manifest: ${label}`, ['import-recordings', studyDir, folder, '--manifest', csv(`m-${label}.csv`, text)], message);
    });
  }
});

describe('file-name patterns', () => {
  const cases: [string, string, RegExp][] = [
    ['unknown placeholder', '{participant}_{visit}_*.mp4', /visit/],
    ['no participant placeholder', '{timepoint}_*.mp4', /participant/],
    ['unbalanced brace', '{participant_{timepoint}.mp4', /brace|\{/i],
    ['files that do not match', '{participant}-{timepoint}-x.mov', /match/i],
  ];
  for (const [label, pattern, message] of cases) {
    it(label, async () => refused(`pattern: ${label}`, ['import-recordings', studyDir, caseFolder(`pattern-${label}`), '--pattern', pattern], message));
  }
});

describe('media', () => {
  const pattern = ['--pattern', '{participant}_{timepoint}_*'];
  it('truncated mp4', async () => {
    const dir = caseFolder('truncated');
    const file = await clip(path.join(dir, 'P02_pre_cut.mp4'), { extra: ['-movflags', '+faststart'] }, 1);
    truncateSync(file, Math.floor(statSync(file).size / 2));
    await refused('media: truncated', ['import-recordings', studyDir, dir, ...pattern], /P02_pre_cut\.mp4.*(truncat|incomplete|cut)/is);
  });
  it('zero-byte file', async () => {
    const dir = caseFolder('zero');
    writeFileSync(path.join(dir, 'P02_pre_empty.mp4'), '');
    await refused('media: zero-byte', ['import-recordings', studyDir, dir, ...pattern], /P02_pre_empty\.mp4.*(empty|0 bytes|zero)/is);
  });
  it('text renamed to .mp4', async () => {
    const dir = caseFolder('text');
    writeFileSync(path.join(dir, 'P02_pre_notes.mp4'), 'these are my notes, not a video\n'.repeat(50));
    await refused('media: text as mp4', ['import-recordings', studyDir, dir, ...pattern], /P02_pre_notes\.mp4/);
  });
  it('absurd dimensions', async () => {
    const dir = caseFolder('tiny');
    await clip(path.join(dir, 'P02_pre_tiny.mp4'), { size: '16x16' }, 2);
    await refused('media: absurd dimensions', ['import-recordings', studyDir, dir, ...pattern], /16×16/);
  });
  it('no video stream', async () => {
    const dir = caseFolder('audio');
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=duration=1', '-c:a', 'aac', path.join(dir, 'P02_pre_sound.m4a')]);
    await refused('media: no video', ['import-recordings', studyDir, dir, ...pattern], /P02_pre_sound\.m4a.*video/is);
  });
  it('duplicate content', async () => {
    const dir = caseFolder('dupe');
    copyFileSync(path.join(root, 'good.mp4'), path.join(dir, 'P02_pre_copy.mp4'));
    await refused('media: duplicate content', ['import-recordings', studyDir, dir, ...pattern], /same content/);
  });
  it('symlink leading outside the folder', async () => {
    const dir = caseFolder('symlink');
    symlinkSync(path.join(root, 'good.mp4'), path.join(dir, 'P02_pre_link.mp4'));
    await refused('media: symlink outside', ['import-recordings', studyDir, dir, ...pattern], /outside/);
  });
  it('a folder with no recordings', async () => {
    const dir = path.join(root, 'media', 'nothing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'readme.txt'), 'nothing here');
    await refused('media: empty folder', ['import-recordings', studyDir, dir, ...pattern], /no recordings|No recordings/i);
  });

  it('accepts unusual but valid media: no audio, variable frame rate, rotated, non-ASCII and very long names', async () => {
    const dir = path.join(root, 'media', 'valid');
    mkdirSync(dir, { recursive: true });
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, 'P03_pre_silent.mp4')]);
    await runFfmpeg([
      '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=30:duration=2', '-vf', "select='not(mod(n\\,3))+lt(n\\,10)'",
      '-vsync', 'vfr', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path.join(dir, 'P03_post_vfr.mp4'),
    ]);
    const base = await clip(path.join(root, 'rot-base.mp4'), {}, 5);
    await runFfmpeg(['-y', '-i', base, '-c', 'copy', '-metadata:s:v:0', 'rotate=90', path.join(dir, 'P04_pre_phone.mp4')]);
    await clip(path.join(dir, 'P04_post_Zoë-ßüñ-家族.mp4'), {}, 6);
    await clip(path.join(dir, `P05_pre_${'a-very-long-name'.repeat(12)}.mp4`), {}, 7);
    const r = await cli(['import-recordings', studyDir, dir, ...pattern]);
    tried.push('media: no audio', 'media: variable frame rate', 'media: rotated phone video', 'media: non-ASCII name', 'media: very long name');
    expect(r.err).toBe('');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/Imported 5 recordings/);
  });
});

describe('scale definitions', () => {
  const base = DEFAULT_DIMENSIONS[0]!;
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['maximum not above minimum', { ...base, min: 7, max: 1 }, /maximum must be above/],
    ['range not a whole number of steps', { ...base, step: 0.7 }, /whole number of steps/],
    ['more than 101 points', { ...base, min: 0, max: 200, step: 1, categories: [{ from: 0, label: 'x' }] }, /at most 101/],
    ['first category not at the minimum', { ...base, categories: [{ from: 2, label: 'x' }] }, /first category/],
    ['categories out of order', { ...base, categories: [{ from: 1, label: 'a' }, { from: 5.5, label: 'b' }, { from: 3, label: 'c' }] }, /increasing/],
    ['anchor off the scale', { ...base, anchors: { '3.3': 'no' } }, /anchor/],
    ['negative step', { ...base, step: -0.5 }, /step/],
    ['bad dimension id', { ...base, id: 'Sensitivity Score' }, /dimension id/],
  ];
  let core: ReturnType<typeof createCore>;
  beforeAll(async () => {
    core = createCore({ studyDir, mediaBaseUrl: 'x://', log: () => undefined });
    expect((await core.invoke('k', 'auth.login', { name: 'mo', password: 'corpus-password' })).ok).toBe(true);
  });
  afterAll(() => core.close());
  for (const [label, dimension, message] of [...cases, ['two dimensions with one id', null, /share the id/] as const]) {
    it(label, async () => {
      const before = dump();
      const r = await core.invoke('k', 'study.setScales', { dimensions: dimension === null ? [base, base] : [dimension] });
      tried.push(`scale: ${label}`);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(message);
      expect(dump(), `${label}: database unchanged`).toBe(before);
    });
  }
});

describe('rating imports', () => {
  let ratingsStudy: string;
  let codes: string[];
  const ratingsDump = () => {
    const saved = studyDir;
    studyDir = ratingsStudy;
    try {
      return dump();
    } finally {
      studyDir = saved;
    }
  };
  beforeAll(async () => {
    ratingsStudy = path.join(root, 'ratings-study');
    codes = await buildStudy(ratingsStudy, {
      clips: [{ seconds: 1, size: '160x120' }, { seconds: 1, size: '160x120', pattern: 'smptebars' }],
      coders: [
        { name: 'kim', password: 'coder-password', clips: [0, 1] },
        { name: 'lee', password: 'coder-password', clips: [1] },
      ],
    });
    // One rating already submitted, so a second one for it is refused.
    const ok = await cli(['import-ratings', ratingsStudy, csv('first.csv', `clip_code,coder,dimension,score\n${codes[1]},lee,sensitivity,5\n${codes[1]},lee,non_intrusiveness,4\n`)]);
    expect(ok.err).toBe('');
  }, 120_000);
  const cases: [string, (c: string[]) => string, RegExp][] = [
    ['unknown clip code', () => 'clip_code,coder,dimension,score\nZZZZ-ZZZZ,kim,sensitivity,5\n', /ZZZZ-ZZZZ/],
    ['unknown coder', (c) => `clip_code,coder,dimension,score\n${c[0]},nobody,sensitivity,5\n`, /nobody/],
    ['coder not assigned to the clip', (c) => `clip_code,coder,dimension,score\n${c[0]},lee,sensitivity,5\n${c[0]},lee,non_intrusiveness,5\n`, /not assigned|assigned/],
    ['score off the scale', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,sensitivity,7.5\n${c[0]},kim,non_intrusiveness,5\n`, /7\.5/],
    ['score between scale points', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,sensitivity,5.25\n${c[0]},kim,non_intrusiveness,5\n`, /5\.25/],
    ['non-numeric score', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,sensitivity,high\n${c[0]},kim,non_intrusiveness,5\n`, /high/],
    ['duplicate rows', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,sensitivity,5\n${c[0]},kim,sensitivity,5\n${c[0]},kim,non_intrusiveness,5\n`, /row 3|rows 2 and 3|duplicate/i],
    ['unknown dimension', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,warmth,5\n`, /warmth/],
    ['a dimension missing', (c) => `clip_code,coder,dimension,score\n${c[0]},kim,sensitivity,5\n`, /non.intrusiveness|missing/i],
    ['already submitted', (c) => `clip_code,coder,dimension,score\n${c[1]},lee,sensitivity,6\n${c[1]},lee,non_intrusiveness,6\n`, /already/],
    ['missing score column', (c) => `clip_code,coder,dimension\n${c[0]},kim,sensitivity\n`, /score/],
  ];
  for (const [label, make, message] of cases) {
    it(label, async () => {
      const before = ratingsDump();
      const r = await cli(['import-ratings', ratingsStudy, csv(`r-${label}.csv`, make(codes))]);
      tried.push(`ratings: ${label}`);
      expect(r.code, label).not.toBe(0);
      expect(r.err, label).toMatch(message);
      expect(ratingsDump(), `${label}: database unchanged`).toBe(before);
    });
  }
});

describe('command-line arguments', () => {
  const cases: [string, string[], RegExp][] = [
    ['unknown command', ['frobnicate', 'x'], /Unknown command "frobnicate"/],
    ['unknown flag', ['status', '__STUDY__', '--colour'], /colour/],
    ['missing positional', ['import-allocation', '__STUDY__'], /Missing <csv>/],
    ['--jobs 0', ['deidentify', '__STUDY__', '--jobs', '0'], /--jobs must be/],
    ['--double-fraction 2', ['assign', '__STUDY__', '--coders', 'ann', '--double-fraction', '2'], /--double-fraction must be/],
    ['assign to an unknown coder', ['assign', '__STUDY__', '--coders', 'ann,zed'], /no user called "zed"/],
    ['assign to a manager', ['assign', '__STUDY__', '--coders', 'mo'], /is a manager, not a coder/],
    ['add-user with a bad role', ['add-user', '__STUDY__', '--name', 'x', '--role', 'boss'], /--role must be one of/],
    ['add-user with an existing name', ['add-user', '__STUDY__', '--name', 'ANN', '--role', 'coder'], /already exists/],
    ['manifest and pattern together', ['import-recordings', '__STUDY__', '/tmp', '--manifest', 'a.csv', '--pattern', 'p'], /exactly one of/],
    ['a study folder that does not exist', ['status', '/nonexistent/blindfold-study'], /No study found/],
    ['init over an existing study', ['init', '__STUDY__', '--name', 'Again'], /already exists/],
    ['a missing CSV file', ['import-allocation', '__STUDY__', '/nonexistent/allocation.csv'], /nonexistent|no such file/i],
  ];
  for (const [label, argv, message] of cases) {
    it(label, async () => refused(`cli: ${label}`, argv.map((a) => (a === '__STUDY__' ? studyDir : a)), message));
  }
});
