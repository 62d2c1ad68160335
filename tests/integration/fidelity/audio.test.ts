// De-identification's audio output (`output: 'audio'` → `<code>.m4a`): the sound of a session
// recording and nothing else — from video (the picture dropped) or from audio files of every usual
// kind — with no tag, chapter, cover art or extra stream surviving, checked as strictly as video.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyReport, DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { probeProblems } from '../../../electron/core/blinding/deidentify/verify';
import { probeJson } from '../../../electron/core/media/probe';
import { runFfmpeg } from '../../../electron/core/media/run';
import { makeAdversarialRecording, makeClip, type AdversarialRecording } from '../../support/mediaFixtures';
import { useWorkspace } from '../deidentify/workspace';

const ws = useWorkspace('fidelity-audio');

const FAMILY = 'FAM-7731';
const CLINICIAN = 'Therapist Vandermolen';
const TAGS = ['-metadata', `title=Session 3 ${FAMILY}`, '-metadata', `artist=${CLINICIAN}`, '-metadata', 'date=2023-05-06', '-metadata', `comment=${FAMILY} VIPP`];
const NEEDLES = [FAMILY, 'Vandermolen', '2023-05-06'];

interface Streams {
  streams: { codec_type: string; codec_name: string; disposition?: Record<string, number>; tags?: Record<string, string> }[];
  format: { tags?: Record<string, string> };
}

const SOURCES = {
  m4a: 'session.m4a',
  mp3: 'session-cover.mp3',
  wav: 'session.wav',
  flac: 'session.flac',
  opus: 'session.ogg',
} as const;
type Source = keyof typeof SOURCES;

let report: DeidentifyReport;
const videos = new Map<string, AdversarialRecording>();
const result = (code: string): DeidentifyResult => {
  const found = report.results.find((r) => r.code === code);
  if (!found) throw new Error(`no result for ${code}: ${JSON.stringify(report.failures)}`);
  return found;
};
const audioCode = (key: Source) => `AUD-${key.toUpperCase()}`;

function tone(seconds = 1, frequency = 330): string[] {
  return ['-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=${seconds}`];
}

beforeAll(async () => {
  const src = (key: Source) => ws.path(SOURCES[key]);
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=64x64:rate=1:duration=1', '-frames:v', '1', ws.path('cover.png')]);
  await Promise.all([
    runFfmpeg(['-y', ...tone(), '-c:a', 'aac', '-b:a', '64k', ...TAGS, src('m4a')]),
    // An MP3 with ID3 tags and cover art (an attached picture: a video stream that is not video).
    runFfmpeg([
      '-y', ...tone(), '-i', ws.path('cover.png'), '-map', '0:a', '-map', '1:v', '-c:a', 'libmp3lame', '-b:a', '64k', '-c:v', 'png',
      '-disposition:v', 'attached_pic', '-metadata:s:v', `title=Photo of ${FAMILY}`, '-id3v2_version', '3', ...TAGS, src('mp3'),
    ]),
    runFfmpeg(['-y', ...tone(), '-c:a', 'pcm_s16le', ...TAGS, src('wav')]),
    runFfmpeg(['-y', ...tone(), '-c:a', 'flac', ...TAGS, src('flac')]),
    runFfmpeg(['-y', ...tone(), '-c:a', 'libopus', '-b:a', '32k', ...TAGS, src('opus')]),
  ]);
  for (const container of ['mp4', 'mkv'] as const) {
    videos.set(
      `VID-${container.toUpperCase()}`,
      await makeAdversarialRecording(ws.path(`${FAMILY}_s3.${container}`), { participant: FAMILY, arm: 'Vandermolen' }, { container, rotate: 0, seconds: 1, size: '160x120' }),
    );
  }
  await makeClip(ws.path('silent.mp4'), { seconds: 1, size: '160x120', audioCodec: 'none' });
  await writeFile(ws.path('not-media.m4a'), 'this is not a recording');
  const keys = Object.keys(SOURCES) as Source[];
  report = await runDeidentification(
    [
      ...keys.map((key) => ({ sourceFile: src(key), outputDir: ws.path('blinded'), code: audioCode(key), output: 'audio' as const })),
      ...[...videos].map(([code, v]) => ({ sourceFile: v.file, outputDir: ws.path('blinded'), code, output: 'audio' as const })),
      { sourceFile: ws.path('silent.mp4'), outputDir: ws.path('blinded'), code: 'NO-SOUND', output: 'audio' as const },
      { sourceFile: src('m4a'), outputDir: ws.path('blinded'), code: 'MASKED', output: 'audio' as const, masks: [{ kind: 'blur' as const, x: 0, y: 0, width: 10, height: 10 }] },
      { sourceFile: ws.path('not-media.m4a'), outputDir: ws.path('blinded'), code: 'NOT-MEDIA', output: 'audio' as const },
      // A video job beside them: the default output is unchanged.
      { sourceFile: videos.get('VID-MP4')!.file, outputDir: ws.path('blinded'), code: 'VIDEO-KEPT' },
    ],
    { concurrency: 2 },
  );
}, 120_000);

describe('audio output', () => {
  it.each((Object.keys(SOURCES) as Source[]).map((k) => [k]))('%s source carries the planted tags (the test is not vacuous)', async (key) => {
    const probe = (await probeJson(ws.path(SOURCES[key]))) as Streams;
    const tags = JSON.stringify([probe.format.tags, ...probe.streams.map((s) => s.tags)]).toLowerCase();
    expect(tags).toContain(FAMILY.toLowerCase());
    expect(tags).toContain('vandermolen');
    if (key === 'mp3') expect(probe.streams.some((s) => s.disposition?.['attached_pic'] === 1)).toBe(true);
  });

  const codes = [...(Object.keys(SOURCES) as Source[]).map(audioCode), 'VID-MP4', 'VID-MKV'];

  it.each(codes.map((c) => [c]))('%s: one AAC stream in <code>.m4a, verified', async (code) => {
    const r = result(code);
    expect(r).toMatchObject({ output: 'audio', mode: 'transcode', audio: true, width: 0, height: 0, frameRate: 0 });
    expect(r.outputFile.endsWith(`/${code}.m4a`)).toBe(true);
    expect(r.durationSeconds).toBeGreaterThan(0.5);
    const probe = (await probeJson(r.outputFile)) as Streams;
    expect(probe.streams.map((s) => `${s.codec_type}:${s.codec_name}`)).toEqual(['audio:aac']);
    expect(await verifyBlindedOutput(r.outputFile, 'audio')).toEqual([]);
  });

  it.each(codes.map((c) => [c]))('%s: nothing planted survives, in ffprobe or in the bytes', async (code) => {
    const r = result(code);
    const needles = code.startsWith('VID') ? (videos.get(code)?.needles ?? []) : NEEDLES;
    const text = `${JSON.stringify(await probeJson(r.outputFile))}\n${(await readFile(r.outputFile)).toString('latin1')}`.toLowerCase();
    for (const needle of [...needles, 'session 3', 'photo of']) expect(text).not.toContain(needle.toLowerCase());
  });

  it('re-encodes even an AAC source, so nothing inside the AAC bitstream can be carried over', async () => {
    expect(result(audioCode('m4a')).mode).toBe('transcode');
    expect(await readFile(result(audioCode('m4a')).outputFile)).not.toEqual(await readFile(ws.path(SOURCES.m4a)));
  });

  it('keeps video output as it was beside audio jobs', async () => {
    const r = result('VIDEO-KEPT');
    expect(r).toMatchObject({ output: 'video', audio: true });
    expect(r.outputFile.endsWith('/VIDEO-KEPT.mp4')).toBe(true);
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('fails a silent video with no_audio, masks with invalid_mask, junk as unreadable; no partial is left', async () => {
    const failure = (code: string) => report.failures.find((f) => f.code === code)?.error.code;
    expect(failure('NO-SOUND')).toBe('no_audio');
    expect(failure('MASKED')).toBe('invalid_mask');
    expect(failure('NOT-MEDIA')).toBe('source_unreadable');
    expect((await readdir(ws.path('blinded'))).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('resumes: a verified m4a is kept, not redone', async () => {
    const again = await runDeidentification([{ sourceFile: ws.path(SOURCES.wav), outputDir: ws.path('blinded'), code: audioCode('wav'), output: 'audio' }]);
    expect(again.resumed).toEqual([audioCode('wav')]);
    expect(again.results[0]?.outputSha256).toBe(result(audioCode('wav')).outputSha256);
  });

  it('refuses an unknown output kind', async () => {
    const bad = await runDeidentification([{ sourceFile: ws.path(SOURCES.wav), outputDir: ws.path('blinded'), code: 'BAD-OUT', output: 'text' as 'audio' }]);
    expect(bad.failures[0]?.error.code).toBe('invalid_job');
  });
});

describe('verification by output kind', () => {
  it('an m4a is not a valid video output, and a video is not a valid audio output', async () => {
    expect(await verifyBlindedOutput(result(audioCode('wav')).outputFile, 'video')).toContain('the file has 0 video streams, not 1');
    expect(await verifyBlindedOutput(result('VIDEO-KEPT').outputFile, 'audio')).toContain('the file has 1 video stream(s); audio output has none');
  });

  it('audio output accepts AAC only, one stream, no tags', () => {
    const probe = (streams: object[], tags: Record<string, string> = {}) => ({ format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', tags }, streams });
    const aac = { codec_type: 'audio', codec_name: 'aac', tags: { language: 'und', handler_name: 'SoundHandler', vendor_id: '[0][0][0][0]' } };
    expect(probeProblems(probe([aac]), 'audio')).toEqual([]);
    expect(probeProblems(probe([{ ...aac, codec_name: 'mp3' }]), 'audio')).toEqual(['stream 0 (audio) has a codec other than aac']);
    expect(probeProblems(probe([aac, aac]), 'audio')).toEqual(['the file has 2 audio streams, not 1']);
    expect(probeProblems(probe([]), 'audio')).toEqual(['the file has 0 audio streams, not 1']);
    expect(probeProblems(probe([aac, { codec_type: 'data', codec_name: 'bin_data' }]), 'audio')).toEqual([
      'stream 1 (data) is not allowed: only one audio stream',
    ]);
    expect(probeProblems(probe([aac], { title: FAMILY }), 'audio')).toEqual(['format tag "title" is not allowed']);
  });
});
