// The picture is stream-copied when Chromium plays it in MP4, re-encoded otherwise; the sound is
// always re-encoded to AAC-LC (./plan says why). Either way the output is one H.264 video and at
// most one AAC stream, upright.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyReport, DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { probeJson } from '../../../electron/core/media/probe';
import { runFfmpeg } from '../../../electron/core/media/run';
import { decodedVideoMd5, makeClip } from '../../support/mediaFixtures';
import { useWorkspace } from './workspace';

const ws = useWorkspace('modes');

interface Streams {
  streams: { codec_type: string; codec_name: string; channels?: number; pix_fmt?: string; side_data_list?: unknown[] }[];
}

const SOURCES = {
  h264aac: 'h264-aac.mp4',
  silent: 'h264-silent.mp4',
  opus: 'h264-opus.mkv',
  mp3mov: 'h264-mp3.mov',
  pcm: 'h264-pcm.mov',
  threeChannel: 'h264-pcm-2.1.mov',
  mpeg4: 'mpeg4-mp3.mkv',
  vp8: 'vp8-vorbis.webm',
  yuv444: 'h264-yuv444.mp4',
  rotated: 'h264-rotated.mp4',
} as const;
type Source = keyof typeof SOURCES;

let report: DeidentifyReport;
const result = (key: Source): DeidentifyResult => {
  const found = report.results.find((r) => r.code === `MODE-${key.toUpperCase()}`);
  if (!found) throw new Error(`no result for ${key}: ${JSON.stringify(report.failures)}`);
  return found;
};
const streams = async (file: string): Promise<Streams['streams']> => ((await probeJson(file)) as Streams).streams;

beforeAll(async () => {
  const src = (key: Source): string => ws.path(SOURCES[key]);
  await Promise.all([
    makeClip(src('h264aac')),
    makeClip(src('silent'), { audioCodec: 'none' }),
    makeClip(src('opus'), { audioCodec: 'libopus' }),
    makeClip(src('mp3mov'), { audioCodec: 'libmp3lame' }),
    makeClip(src('pcm'), { audioCodec: 'pcm_s16le' }),
  ]);
  await makeClip(src('threeChannel'), { audioCodec: 'pcm_s16le', extra: ['-ac', '3'] });
  await Promise.all([
    makeClip(src('mpeg4'), { videoCodec: 'mpeg4', audioCodec: 'libmp3lame' }),
    makeClip(src('vp8'), { videoCodec: 'libvpx', audioCodec: 'libvorbis' }),
    makeClip(src('yuv444'), { pixelFormat: 'yuv444p', audioCodec: 'none' }),
    makeClip(ws.path('upright.mp4')),
  ]);
  // A phone's portrait clip: stored landscape, with a display matrix saying "turn 90°".
  await runFfmpeg(['-y', '-i', ws.path('upright.mp4'), '-map', '0', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', src('rotated')]);
  const keys = Object.keys(SOURCES) as Source[];
  report = await runDeidentification(
    keys.map((key) => ({ sourceFile: src(key), outputDir: ws.path('blinded'), code: `MODE-${key.toUpperCase()}` })),
    { concurrency: 2 },
  );
  expect(report.failures).toEqual([]);
});

describe('stream copy of the picture', () => {
  it.each([
    ['h264aac', 'aac'],
    ['opus', 'opus'],
    ['mp3mov', 'mp3'],
    ['pcm', 'pcm_s16le'],
  ] as const)('remuxes the picture of %s untouched and re-encodes its %s sound to AAC', async (key, sourceAudio) => {
    const r = result(key);
    expect(r.mode).toBe('copy');
    expect(r.audio).toBe(true);
    expect(await decodedVideoMd5(r.outputFile)).toBe(await decodedVideoMd5(ws.path(SOURCES[key])));
    expect((await streams(ws.path(SOURCES[key]))).map((x) => x.codec_name)).toContain(sourceAudio);
    const s = await streams(r.outputFile);
    expect(s.map((x) => `${x.codec_type}:${x.codec_name}`)).toEqual(['video:h264', 'audio:aac']);
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('downmixes more than two channels to stereo (three would need a program config element, with its comment field)', async () => {
    const r = result('threeChannel');
    expect((await streams(ws.path(SOURCES.threeChannel))).find((x) => x.codec_type === 'audio')?.channels).toBe(3);
    expect((await streams(r.outputFile)).find((x) => x.codec_type === 'audio')).toMatchObject({ codec_name: 'aac', channels: 2 });
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('keeps a silent clip silent', async () => {
    const r = result('silent');
    expect(r).toMatchObject({ mode: 'copy', audio: false, width: 320, height: 240 });
    expect((await streams(r.outputFile)).map((x) => x.codec_type)).toEqual(['video']);
  });

  it('reports the output facts and hashes', () => {
    const r = result('h264aac');
    expect(r.durationSeconds).toBeCloseTo(2, 1);
    expect(r.frameRate).toBe(25);
    expect(r.sourceSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.outputSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(r.outputSha256).not.toBe(r.sourceSha256);
    expect(r.outputFile).toBe(ws.path('blinded', 'MODE-H264AAC.mp4'));
  });
});

describe('transcode', () => {
  it.each([
    ['mpeg4', ['h264', 'aac']],
    ['vp8', ['h264', 'aac']],
    ['yuv444', ['h264']],
  ] as const)('re-encodes the picture of %s to 8-bit 4:2:0 H.264, its sound to AAC', async (key, codecs) => {
    const r = result(key);
    expect(r.mode).toBe('transcode');
    const s = await streams(r.outputFile);
    expect(s.map((x) => x.codec_name)).toEqual(codecs);
    expect(s[0]).toMatchObject({ codec_type: 'video', pix_fmt: 'yuv420p' });
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('applies a phone rotation and leaves no display matrix', async () => {
    const r = result('rotated');
    expect(r).toMatchObject({ mode: 'transcode', width: 240, height: 320 });
    const [video] = await streams(r.outputFile);
    expect(video?.side_data_list ?? []).toEqual([]);
  });
});
