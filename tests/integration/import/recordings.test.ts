// scanRecordings over real folders of tiny generated recordings (ffmpeg testsrc + sine, 160x120,
// 1 s): the happy path, then one folder holding every kind of problem at once, a manifest-driven
// folder, and audio-only session recordings. Nothing here is downloaded.
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, rm, symlink, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ImportProblem, RecordingsScan } from '../../../electron/core/setup/import';
import { parseRecordingsManifest, scanRecordings } from '../../../electron/core/setup/import';
import { sha256File } from '../../../electron/core/media/hash';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';

let tmp: string;
const base: Record<string, string> = {};

/** Distinct 1-second clips (the tone differs, so the bytes differ) and a few audio files. */
async function makeFixtures(): Promise<void> {
  const dir = path.join(tmp, 'base');
  await mkdir(dir);
  const jobs: [string, () => Promise<void>][] = [];
  const patterns = ['testsrc2', 'testsrc', 'smptebars', 'rgbtestsrc'];
  for (let i = 0; i < 10; i++) {
    const out = path.join(dir, `clip${i}.mp4`);
    base[`clip${i}`] = out;
    jobs.push([out, () => runFfmpeg(testPatternArgs({ out, seconds: 1, size: '160x120', fps: 10, pattern: patterns[i % patterns.length], frequency: 300 + 50 * i }))]);
  }
  const audio = (name: string, args: string[]): void => {
    const out = path.join(dir, name);
    base[name] = out;
    jobs.push([out, () => runFfmpeg(['-y', ...args, out])]);
  };
  const moovAtEnd = path.join(dir, 'moov-at-end.mp4');
  base['moov-at-end'] = moovAtEnd;
  const withoutFaststart = testPatternArgs({ out: moovAtEnd, seconds: 1, size: '160x120', fps: 10, frequency: 1200 }).filter(
    (arg, i, all) => arg !== '-movflags' && all[i - 1] !== '-movflags',
  );
  jobs.push([moovAtEnd, () => runFfmpeg(withoutFaststart)]);
  audio('tone.m4a', ['-f', 'lavfi', '-i', 'sine=frequency=500:duration=1', '-c:a', 'aac', '-b:a', '48k']);
  audio('tone.wav', ['-f', 'lavfi', '-i', 'sine=frequency=700:duration=1', '-ar', '8000', '-c:a', 'pcm_s16le']);
  audio('zero.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1', '-t', '0', '-c:v', 'libx264']);
  for (let i = 0; i < jobs.length; i += 2) await Promise.all(jobs.slice(i, i + 2).map(([, job]) => job()));
  const cover = path.join(dir, 'cover.png');
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'color=red:s=32x32', '-frames:v', '1', cover]);
  base['cover.m4a'] = path.join(dir, 'cover.m4a');
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=frequency=900:duration=1', '-i', cover, '-map', '0', '-map', '1', '-c:a', 'aac', '-c:v', 'png', '-disposition:v', 'attached_pic', base['cover.m4a']]);
}

function fixture(name: string): string {
  const file = base[name];
  if (!file) throw new Error(`no fixture ${name}`);
  return file;
}

async function place(folder: string, relative: string, from: string): Promise<void> {
  const to = path.join(folder, relative);
  await mkdir(path.dirname(to), { recursive: true });
  await copyFile(from, to);
}

async function folderNamed(name: string): Promise<string> {
  const dir = path.join(tmp, name);
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Every path under a folder with its size and modification time: to prove a scan writes nothing. */
async function snapshot(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return Promise.all(
    entries.map(async (e) => {
      const full = path.join(e.parentPath, e.name);
      const info = await lstat(full);
      return `${full} ${info.size} ${info.mtimeMs}`;
    }),
  ).then((lines) => lines.sort());
}

function byFile(scan: RecordingsScan): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const p of scan.problems) (out[p.file ?? '-'] ??= []).push(p.code);
  return out;
}

function problem(scan: RecordingsScan, file: string, code: string): ImportProblem {
  const found = scan.problems.find((p) => p.file === file && p.code === code);
  if (!found) throw new Error(`no ${code} for ${file}; problems:\n${scan.problems.map((p) => `${p.file} ${p.code}`).join('\n')}`);
  return found;
}

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'blindfold-import-'));
  await makeFixtures();
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

describe('scanRecordings with a file-name pattern', () => {
  it('previews a clean folder: recursive, hidden entries and non-media files skipped, summary and hash per file', async () => {
    const folder = await folderNamed('clean');
    await place(folder, 'T1/P001_T1_play.mp4', fixture('clip0'));
    await place(folder, 'T2/P001_T2_play.mp4', fixture('clip1'));
    await place(folder, 'extra/deeper/P002_T1_play.MP4', fixture('clip2'));
    await writeFile(path.join(folder, '.DS_Store'), 'junk');
    await writeFile(path.join(folder, 'T1', '._P001_T1_play.mp4'), 'AppleDouble junk');
    await place(folder, '.trash/P003_T1_old.mp4', fixture('clip3'));
    await writeFile(path.join(folder, 'notes.txt'), 'session notes');
    await symlink('..', path.join(folder, 'T1', 'back to top'));
    const before = await snapshot(tmp);

    const progress: [number, number][] = [];
    const scan = await scanRecordings(folder, { kind: 'pattern', pattern: '{participant}_{timepoint}_{task}.mp4' }, new Set(['P001', 'P002']), {
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(scan.problems).toEqual([]);
    expect(await snapshot(tmp)).toEqual(before);
    expect(scan.ignored).toEqual(['notes.txt']);
    expect(scan.preview.map((p) => [p.file, p.participant, p.timepoint, p.task])).toEqual([
      ['T1/P001_T1_play.mp4', 'P001', 'T1', 'play'],
      ['T2/P001_T2_play.mp4', 'P001', 'T2', 'play'],
      ['extra/deeper/P002_T1_play.MP4', 'P002', 'T1', 'play'],
    ].sort((a, b) => ((a[0] ?? '') < (b[0] ?? '') ? -1 : 1)));
    expect(progress[0]).toEqual([0, 3]);
    expect(progress[progress.length - 1]).toEqual([3, 3]);

    const first = scan.preview.find((p) => p.file === 'T1/P001_T1_play.mp4');
    expect(first?.sha256).toBe(await sha256File(fixture('clip0')));
    expect(first?.size).toBe((await readFile(fixture('clip0'))).length);
    expect(first?.date).toBeNull();
    expect(first?.manifestRow).toBeNull();
    expect(first?.media?.durationSeconds).toBeCloseTo(1, 0);
    expect(first?.media?.streams).toEqual([
      { type: 'video', codec: 'h264' },
      { type: 'audio', codec: 'aac' },
    ]);
    expect(first?.media?.video).toEqual({ codec: 'h264', width: 160, height: 120, frameRate: 10, rotation: 0 });
    expect(first?.media?.audio).toEqual({ codec: 'aac' });
  });

  it('reports every problem in the folder together, each on its file', async () => {
    const folder = await folderNamed('messy');
    const outside = await folderNamed('outside');
    await place(outside, 'P007_T1_x.mp4', fixture('clip9'));

    await place(folder, 'P001_T1_ok.mp4', fixture('clip0'));
    await place(folder, 'random name.mp4', fixture('clip1'));
    await place(folder, 'P009_T1_x.mp4', fixture('clip2'));
    await place(folder, 'p001_T2_x.mp4', fixture('clip3'));
    await writeFile(path.join(folder, 'P002_T1_empty.mp4'), '');
    await place(folder, 'P002_T2_half.mp4', fixture('clip4'));
    const half = path.join(folder, 'P002_T2_half.mp4');
    await truncate(half, Math.floor((await readFile(half)).length / 2));
    await place(folder, 'P002_T3_half.mp4', fixture('moov-at-end'));
    const halfNoIndex = path.join(folder, 'P002_T3_half.mp4');
    await truncate(halfNoIndex, Math.floor((await readFile(halfNoIndex)).length / 2));
    await writeFile(path.join(folder, 'P003_T1_notes.mp4'), 'This is a text file that someone renamed to .mp4\n');
    await place(folder, 'P003_T2_audio.m4a', fixture('tone.m4a'));
    await place(folder, 'P003_T3_cover.m4a', fixture('cover.m4a'));
    await place(folder, 'P003_T4_zero.mp4', fixture('zero.mp4'));
    await place(folder, 'P004_T1_a.mp4', fixture('clip5'));
    await place(folder, 'copies/P005_T1_a.mp4', fixture('clip5'));
    await place(folder, 'P006_T1_a.mp4', fixture('clip6'));
    await place(folder, 'again/P006_T1_a.mov', fixture('clip7'));
    await symlink(path.join(outside, 'P007_T1_x.mp4'), path.join(folder, 'P007_T1_link.mp4'));
    await symlink(path.join(folder, 'gone.mp4'), path.join(folder, 'P007_T2_broken.mp4'));
    await place(folder, '.store/P008_T1_orig.mp4', fixture('clip8'));
    await symlink(path.join('.store', 'P008_T1_orig.mp4'), path.join(folder, 'P008_T1_link.mp4'));
    await symlink(outside, path.join(folder, 'camera card'));

    const known = new Set(['P001', 'P002', 'P003', 'P004', 'P005', 'P006', 'P007', 'P008']);
    const scan = await scanRecordings(folder, { kind: 'pattern', pattern: '{participant}_{timepoint}_*' }, known);

    expect(byFile(scan)).toEqual({
      'P002_T1_empty.mp4': ['empty_media'],
      'P002_T2_half.mp4': ['truncated_media'],
      'P002_T3_half.mp4': ['truncated_media'],
      'P003_T1_notes.mp4': ['unreadable_media'],
      'P003_T2_audio.m4a': ['no_video_stream'],
      'P003_T3_cover.m4a': ['no_video_stream'],
      'P003_T4_zero.mp4': ['zero_duration'],
      'P004_T1_a.mp4': ['duplicate_content'],
      'P006_T1_a.mp4': ['duplicate_mapping'],
      'P007_T1_link.mp4': ['symlink_outside_folder'],
      'P007_T2_broken.mp4': ['broken_symlink'],
      'P009_T1_x.mp4': ['unknown_participant'],
      'again/P006_T1_a.mov': ['duplicate_mapping'],
      'camera card': ['symlink_outside_folder'],
      'copies/P005_T1_a.mp4': ['duplicate_content'],
      'p001_T2_x.mp4': ['unknown_participant'],
      'random name.mp4': ['no_pattern_match'],
    });

    expect(problem(scan, 'random name.mp4', 'no_pattern_match').message).toBe(
      '"random name.mp4" does not match the pattern "{participant}_{timepoint}_*" (a matching name looks like "P001_T1_x").',
    );
    expect(problem(scan, 'P009_T1_x.mp4', 'unknown_participant').message).toBe(
      '"P009_T1_x.mp4": participant "P009" is not in the allocation list. Import the allocation first, or correct the id.',
    );
    expect(problem(scan, 'p001_T2_x.mp4', 'unknown_participant').message).toContain('Did you mean "P001"? Ids must match exactly, including letter case.');
    expect(problem(scan, 'P002_T1_empty.mp4', 'empty_media').message).toBe('"P002_T1_empty.mp4" is empty (0 bytes). Copy the recording again from the camera or backup.');
    expect(problem(scan, 'P002_T2_half.mp4', 'truncated_media').message).toMatch(
      /^"P002_T2_half\.mp4" is incomplete: the file ends after [\d.]+ KB but its "mdat" part runs to [\d.]+ KB\. The copy was probably interrupted/,
    );
    const notes = problem(scan, 'P003_T1_notes.mp4', 'unreadable_media').message;
    expect(notes).toMatch(/^"P003_T1_notes\.mp4" is not a recording that can be read: ffprobe says "Invalid data found when processing input"\.$/);
    expect(notes).not.toContain(folder);
    expect(problem(scan, 'P003_T2_audio.m4a', 'no_video_stream').message).toBe(
      '"P003_T2_audio.m4a" has no video (audio only). Outcome coding needs video; import audio-only session recordings as session audio instead.',
    );
    expect(problem(scan, 'P003_T4_zero.mp4', 'zero_duration').message).toBe('"P003_T4_zero.mp4" has no duration: it may be damaged or still being written.');
    expect(problem(scan, 'P004_T1_a.mp4', 'duplicate_content').message).toBe(
      '"P004_T1_a.mp4" has exactly the same content as "copies/P005_T1_a.mp4": the same recording is in the folder twice. Keep one.',
    );
    expect(problem(scan, 'copies/P005_T1_a.mp4', 'duplicate_content').message).toContain('the same content as "P004_T1_a.mp4"');
    const mapping = 'files are participant "P006", timepoint "T1": "P006_T1_a.mp4" and "again/P006_T1_a.mov".';
    expect(problem(scan, 'P006_T1_a.mp4', 'duplicate_mapping').message).toContain(`2 ${mapping}`);
    expect(problem(scan, 'again/P006_T1_a.mov', 'duplicate_mapping').message).toContain(`2 ${mapping}`);
    expect(problem(scan, 'P007_T1_link.mp4', 'symlink_outside_folder').message).toBe(
      '"P007_T1_link.mp4" is a link to a place outside the recordings folder. Copy the recording into the folder instead of linking to it.',
    );
    expect(problem(scan, 'P007_T2_broken.mp4', 'broken_symlink').message).toBe('"P007_T2_broken.mp4" is a link to something that no longer exists.');

    // A link that stays inside the folder is fine; problem files still appear in the preview.
    const linked = scan.preview.find((p) => p.file === 'P008_T1_link.mp4');
    expect(linked?.sha256).toBe(await sha256File(fixture('clip8')));
    expect(scan.preview.find((p) => p.file === 'P002_T1_empty.mp4')).toMatchObject({ size: 0, sha256: null, media: null });
    expect(scan.preview.find((p) => p.file === 'P003_T1_notes.mp4')?.media).toBeNull();
    // Cover art is not video.
    const cover = scan.preview.find((p) => p.file === 'P003_T3_cover.m4a');
    expect(cover?.media?.streams.map((s) => s.type)).toEqual(['audio', 'video']);
    expect(cover?.media?.video).toBeNull();
    expect(scan.preview.some((p) => p.file.startsWith('.store'))).toBe(false);
  });

  it('handles non-ASCII (in either Unicode form) and very long file names', async () => {
    const folder = await folderNamed('names');
    const decomposed = 'Zoe\u0308-01'; // what macOS writes for "Zoë-01"
    const long = `P010_T1_${'long'.repeat(50)}.mp4`;
    const longNonAscii = `参加者-7_事前_${'猫'.repeat(70)}.mp4`;
    await place(folder, `Wave één/${decomposed}_T1_spel.mp4`, fixture('clip0'));
    await place(folder, long, fixture('clip1'));
    await place(folder, longNonAscii, fixture('clip2'));
    const scan = await scanRecordings(folder, { kind: 'pattern', pattern: '{participant}_{timepoint}_*.mp4' }, new Set(['Zo\u00eb-01', 'P010', '参加者-7']));
    expect(scan.problems).toEqual([]);
    expect(Buffer.byteLength(longNonAscii)).toBeGreaterThan(220);
    expect(scan.preview.map((p) => [p.file, p.participant, p.timepoint])).toEqual(
      expect.arrayContaining([
        ['Wave één/Zo\u00eb-01_T1_spel.mp4', 'Zo\u00eb-01', 'T1'],
        [long, 'P010', 'T1'],
        [longNonAscii, '参加者-7', '事前'],
      ]),
    );
    for (const p of scan.preview) expect(p.media?.video?.codec).toBe('h264');
  });

  it('returns the pattern problem without scanning, and reports a folder that does not exist or holds nothing', async () => {
    const folder = await folderNamed('empty');
    const bad = await scanRecordings(folder, { kind: 'pattern', pattern: '{subject}_{timepoint}.mp4' }, new Set());
    expect(bad.preview).toEqual([]);
    expect(bad.problems.map((p) => p.code)).toEqual(['bad_pattern']);

    const none = await scanRecordings(folder, { kind: 'pattern', pattern: '{participant}.mp4' }, new Set());
    expect(none.problems).toHaveLength(1);
    expect(none.problems[0]?.code).toBe('no_recordings');
    expect(none.problems[0]?.message).toMatch(/^No recordings found in the folder \(looked for \.mp4, \.m4v, \.mov/);

    const missing = await scanRecordings(path.join(tmp, 'no-such-folder'), { kind: 'pattern', pattern: '{participant}.mp4' }, new Set());
    expect(missing.problems).toEqual([{ code: 'folder_unreadable', message: 'The recordings folder does not exist or cannot be opened.' }]);
  });
});

describe('scanRecordings for audio-only session recordings', () => {
  it('accepts audio without video when video is not required', async () => {
    const folder = await folderNamed('sessions');
    await place(folder, 'S01_1_home.m4a', fixture('tone.m4a'));
    await place(folder, 'S01_2_home.wav', fixture('tone.wav'));
    await place(folder, 'S01_3_home.m4a', fixture('cover.m4a'));
    const scan = await scanRecordings(folder, { kind: 'pattern', pattern: '{participant}_{timepoint}_{task}.*' }, new Set(['S01']), { videoRequired: false });
    expect(scan.problems).toEqual([]);
    expect(scan.preview.map((p) => [p.file, p.media?.video ?? null, p.media?.audio?.codec])).toEqual([
      ['S01_1_home.m4a', null, 'aac'],
      ['S01_2_home.wav', null, 'pcm_s16le'],
      ['S01_3_home.m4a', null, 'aac'],
    ]);
  });
});

describe('scanRecordings with a manifest', () => {
  it('maps by manifest row and reports missing, unlisted, unknown and duplicate entries with their rows', async () => {
    const folder = await folderNamed('manifest');
    const outside = await folderNamed('manifest-outside');
    await place(folder, 'T1/a.mp4', fixture('clip0'));
    await place(folder, 'T1/b.mp4', fixture('clip1'));
    await place(folder, 'sub/c.mp4', fixture('clip2'));
    await place(folder, 'T1/extra.mp4', fixture('clip3'));
    await place(folder, 'T2/d.mp4', fixture('clip4'));
    await place(folder, 'T2/e.mp4', fixture('clip5'));
    await place(folder, 'T2/f.mp4', fixture('clip6'));
    await writeFile(path.join(folder, 'randomisation notes.docx'), 'not media');
    await place(outside, 'g.mp4', fixture('clip7'));
    await symlink(path.join(outside, 'g.mp4'), path.join(folder, 'g.mp4'));

    const csv = [
      'file,participant,timepoint,task,date', // 1
      'T1/a.mp4,P1,T1,play,2024-01-10', // 2
      'T1/missing.mp4,P2,T1,play,', // 3
      't1/B.mp4,P3,T1,play,', // 4
      'c.mp4,P4,T1,play,', // 5
      'T2/d.mp4,P99,T2,play,', // 6
      'T2/e.mp4,P1,T2,play,', // 7
      'T2\\f.mp4,P1,T2,play,', // 8
      'g.mp4,P5,T1,play,', // 9
    ].join('\r\n');
    const manifest = parseRecordingsManifest(new TextEncoder().encode(csv));
    if (!manifest.ok) throw new Error(manifest.problems.map((p) => p.message).join('\n'));
    const scan = await scanRecordings(folder, { kind: 'manifest', manifest: manifest.rows }, new Set(['P1', 'P2', 'P3', 'P4', 'P5']));

    expect(scan.problems.map((p) => [p.file, p.row ?? null, p.code])).toEqual([
      // On disk, but row 4 spells it "t1/B.mp4".
      ['T1/b.mp4', null, 'not_in_manifest'],
      ['T1/extra.mp4', null, 'not_in_manifest'],
      ['T1/missing.mp4', 3, 'manifest_file_missing'],
      ['T2/d.mp4', 6, 'unknown_participant'],
      ['T2/e.mp4', 7, 'duplicate_mapping'],
      ['T2/f.mp4', 8, 'duplicate_mapping'],
      ['c.mp4', 5, 'manifest_file_missing'],
      ['g.mp4', null, 'symlink_outside_folder'],
      // On disk, but the manifest's "c.mp4" does not name it.
      ['sub/c.mp4', null, 'not_in_manifest'],
      ['t1/B.mp4', 4, 'manifest_file_missing'],
    ]);
    expect(problem(scan, 'T1/missing.mp4', 'manifest_file_missing').message).toBe('Row 3: the file "T1/missing.mp4" is not in the recordings folder.');
    expect(problem(scan, 't1/B.mp4', 'manifest_file_missing').message).toBe(
      'Row 4: the file "t1/B.mp4" is not in the recordings folder. There is "T1/b.mp4", which differs only in letter case; write the name exactly.',
    );
    expect(problem(scan, 'c.mp4', 'manifest_file_missing').message).toBe(
      'Row 5: the file "c.mp4" is not in the recordings folder. A file with that name is at "sub/c.mp4"; correct the folder in the manifest.',
    );
    expect(problem(scan, 'T1/extra.mp4', 'not_in_manifest').message).toBe(
      '"T1/extra.mp4" is in the recordings folder but not in the manifest. Add a row for it, or move it out of the folder.',
    );
    expect(problem(scan, 'T2/d.mp4', 'unknown_participant').message).toBe(
      'Row 6 ("T2/d.mp4"): participant "P99" is not in the allocation list. Import the allocation first, or correct the id.',
    );
    expect(problem(scan, 'T2/e.mp4', 'duplicate_mapping').message).toBe(
      '2 files are participant "P1", timepoint "T2", task "play": "T2/e.mp4" (row 7) and "T2/f.mp4" (row 8). Each participant, timepoint and task may have one recording; remove the extra ones or correct their names.',
    );
    expect(scan.ignored).toEqual(['randomisation notes.docx']);
    expect(scan.preview.find((p) => p.file === 'T1/a.mp4')).toMatchObject({ participant: 'P1', timepoint: 'T1', task: 'play', date: '2024-01-10', manifestRow: 2 });
  });
});
