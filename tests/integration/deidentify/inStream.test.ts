// Inside the streams: what a copy path used to pass on, and what the pipeline sends now. The copy
// path as it was (the audio stream-copied, the source's avcC kept as it was) carried text planted
// in AAC frames and in avcC to the coder, and today's verification refuses that output; the
// pipeline's copy path (the picture kept bit for bit), its transcode path and audio output each
// leave nothing but pictures and sound.
import { readFile, stat } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { repairAvcC } from '../../../electron/core/blinding/deidentify/avcCRepair';
import { STRIP_OPTIONS } from '../../../electron/core/blinding/deidentify/plan';
import { neutraliseSei } from '../../../electron/core/blinding/deidentify/sei';
import { runFfmpeg } from '../../../electron/core/media/run';
import type { AdversarialRecording } from '../../support/mediaFixtures';
import { decodedVideoMd5, makeAdversarialRecording, makeClip } from '../../support/mediaFixtures';
import { ENCODER_STRING } from '../../support/planted';
import { aacElementTypes, avcCEntryTypes } from '../../support/streamPlants';
import { useWorkspace } from './workspace';

const ws = useWorkspace('instream');
const IDS = { participant: 'PX-61101', arm: 'ARM-VIPP-SD' };
const TEXTS = [`Recorder ${IDS.participant} ${IDS.arm}`, `Camera serial ${IDS.participant} ${IDS.arm}`];
let copySource: AdversarialRecording;
let transcodeSource: AdversarialRecording;
const results = new Map<string, DeidentifyResult>();

/** What the copy path wrote before: both streams copied, SEI in the samples overwritten, avcC untouched. */
async function unfixedCopy(source: string, out: string): Promise<string> {
  await runFfmpeg(['-y', '-i', source, '-map', '0:V:0', '-map', '0:a:0?', ...STRIP_OPTIONS, '-c:v', 'copy', '-c:a', 'copy', '-movflags', '+faststart', '-f', 'mp4', out]);
  await neutraliseSei(out);
  return out;
}

async function expectOnlyPicturesAndSound(file: string): Promise<void> {
  const bytes = await readFile(file);
  for (const text of [...TEXTS, IDS.participant]) expect(bytes.includes(text)).toBe(false);
  expect(bytes.toString('latin1')).not.toMatch(ENCODER_STRING);
  expect([...(await aacElementTypes(file))]).toEqual([0]);
}

beforeAll(async () => {
  copySource = await makeAdversarialRecording(ws.path('copy.mp4'), IDS, { rotate: 0 });
  transcodeSource = await makeAdversarialRecording(ws.path('transcode.mov'), IDS, { container: 'mov', rotate: 90 });
  const report = await runDeidentification([
    { sourceFile: copySource.file, outputDir: ws.path('blinded'), code: 'INST-COPY' },
    { sourceFile: transcodeSource.file, outputDir: ws.path('blinded'), code: 'INST-TRAN' },
    { sourceFile: copySource.file, outputDir: ws.path('blinded'), code: 'INST-AUDI', output: 'audio' },
  ]);
  expect(report.failures).toEqual([]);
  for (const r of report.results) results.set(r.code, r);
});

describe('the copy path as it was', () => {
  it('carried the planted texts and the encoder name, and the verification now refuses it for both', async () => {
    const file = await unfixedCopy(copySource.file, ws.path('unfixed.mp4'));
    const bytes = await readFile(file);
    for (const text of TEXTS) expect(bytes.includes(text)).toBe(true);
    expect(bytes.toString('latin1')).toMatch(ENCODER_STRING);
    const problems = await verifyBlindedOutput(file);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^the avcC box's sequence parameter sets \(entry 2\) is a NAL unit of type 6 \(SEI.*re-encode it/);
    expect(problems[1]).toMatch(/^the audio frames carry elements other than sound \(\d+ DSE, 1 FIL: .*\): re-encode the audio$/);
  });

  it('its avcC is repaired in place: the SEI gone, the free box grown by as much, the pictures and the file size unchanged', async () => {
    const file = await unfixedCopy(copySource.file, ws.path('repaired.mp4'));
    const [size, pictures] = [(await stat(file)).size, await decodedVideoMd5(file)];
    expect(avcCEntryTypes(await readFile(file))).toEqual([7, 6, 8]);
    expect(await repairAvcC(file)).toBe(1);
    expect(await repairAvcC(file)).toBe(0);
    const bytes = await readFile(file);
    expect(avcCEntryTypes(bytes)).toEqual([7, 8]);
    expect(bytes.includes(TEXTS[1] ?? '')).toBe(false);
    expect(bytes.length).toBe(size);
    expect(await decodedVideoMd5(file)).toBe(pictures);
    // Only the audio is left to refuse.
    expect(await verifyBlindedOutput(file)).toEqual([expect.stringMatching(/^the audio frames carry elements other than sound/)]);
  });

  it('a repair with no free box after moov to take up the bytes fails, advising a re-encode', async () => {
    const file = ws.path('slow-start.mp4');
    await runFfmpeg(['-y', '-i', copySource.file, '-map', '0:V:0', '-c:v', 'copy', '-f', 'mp4', file]);
    await expect(repairAvcC(file)).rejects.toThrow(/no free box follows moov .*: re-encode it/);
  });
});

describe('the pipeline', () => {
  it('copy path: the picture bit for bit, nothing but it and the sound', async () => {
    const r = results.get('INST-COPY') as DeidentifyResult;
    expect(r.mode).toBe('copy');
    expect(await decodedVideoMd5(r.outputFile)).toBe(await decodedVideoMd5(copySource.file));
    expect(avcCEntryTypes(await readFile(r.outputFile))).toEqual([7, 8]);
    await expectOnlyPicturesAndSound(r.outputFile);
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('transcode path: the same', async () => {
    const r = results.get('INST-TRAN') as DeidentifyResult;
    expect(r.mode).toBe('transcode');
    expect(avcCEntryTypes(await readFile(r.outputFile))).toEqual([7, 8]);
    await expectOnlyPicturesAndSound(r.outputFile);
    expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
  });

  it('audio output: the same', async () => {
    const r = results.get('INST-AUDI') as DeidentifyResult;
    expect(r.outputFile.endsWith('INST-AUDI.m4a')).toBe(true);
    await expectOnlyPicturesAndSound(r.outputFile);
    expect(await verifyBlindedOutput(r.outputFile, 'audio')).toEqual([]);
  });
});

describe('MP3 and Opus', () => {
  it('a copy of either is refused; the pipeline re-encodes them, and LAME leaves its name in the frames it wrote', async () => {
    const mp3 = await makeClip(ws.path('mp3.mov'), { audioCodec: 'libmp3lame' });
    const opus = await makeClip(ws.path('opus.mkv'), { audioCodec: 'libopus' });
    const lame = /LAME\d+\.\d+/;
    expect((await readFile(mp3)).toString('latin1')).toMatch(lame);
    const refusals = {
      // MP4 keeps MP3 in an mp4a entry, with the object type of MPEG-1 audio (0x6B).
      mp3: "the audio is not described as the pipeline's AAC-LC encode describes it (the ES descriptor does not describe MPEG-4 audio): re-encode it",
      opus: 'moov/trak/mdia/minf/stbl/stsd/Opus is not an H.264 or AAC sample entry',
    };
    for (const [source, name] of [[mp3, 'mp3'], [opus, 'opus']] as const) {
      const copy = ws.path(`copied-${name}.mp4`);
      await runFfmpeg(['-y', '-i', source, '-c', 'copy', ...STRIP_OPTIONS, '-strict', 'experimental', '-movflags', '+faststart', copy]);
      expect(await verifyBlindedOutput(copy)).toEqual(expect.arrayContaining(['stream 1 (audio) has a codec other than aac', refusals[name]]));
    }
    const { results: made, failures } = await runDeidentification([
      { sourceFile: mp3, outputDir: ws.path('codecs'), code: 'INST-MP3' },
      { sourceFile: opus, outputDir: ws.path('codecs'), code: 'INST-OPUS' },
    ]);
    expect(failures).toEqual([]);
    for (const r of made) {
      expect(r.mode).toBe('copy');
      expect((await readFile(r.outputFile)).toString('latin1')).not.toMatch(lame);
      expect(await verifyBlindedOutput(r.outputFile)).toEqual([]);
    }
  });
});
