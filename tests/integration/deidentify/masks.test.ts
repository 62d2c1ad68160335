// Region masks: a blur changes the pixels inside its rectangle and (up to re-encoding noise) none
// outside; a crop keeps exactly its rectangle; a bad mask fails the job instead of being ignored.
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyReport, DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { maskChain } from '../../../electron/core/blinding/deidentify/masks';
import { probeJson } from '../../../electron/core/media/probe';
import { runFfmpeg } from '../../../electron/core/media/run';
import { extractFrame, makeClip, meanAbsDiff } from '../../support/mediaFixtures';
import { listing, useWorkspace } from './workspace';

const ws = useWorkspace('masks');
// testsrc2 draws its running clock top left — the stand-in for a camcorder's burned-in date.
const DATE_BAND = { kind: 'blur', x: 0, y: 0, width: 120, height: 32 } as const;
const CROP = { kind: 'crop', x: 40, y: 20, width: 200, height: 160 } as const;
// On a phone's portrait clip (stored 320x240, shown 240x320) masks are drawn on the upright picture.
const PORTRAIT_BAND = { kind: 'blur', x: 0, y: 200, width: 240, height: 60 } as const;

let report: DeidentifyReport;
const result = (code: string): DeidentifyResult => {
  const r = report.results.find((x) => x.code === code);
  if (!r) throw new Error(`no result for ${code}: ${JSON.stringify(report.failures)}`);
  return r;
};

beforeAll(async () => {
  const source = await makeClip(ws.path('source.mp4'), { seconds: 2 });
  // An HDV-style anamorphic recording: 480×360 stored, 4:3 pixels, so 640×360 (16:9) on screen.
  const anamorphic = await makeClip(ws.path('anamorphic.mp4'), { seconds: 2, size: '480x360', extra: ['-vf', 'setsar=4/3'] });
  const portrait = ws.path('portrait.mp4');
  await runFfmpeg(['-y', '-i', source, '-map', '0', '-c', 'copy', '-metadata:s:v:0', 'rotate=90', portrait]);
  report = await runDeidentification(
    [
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-BLUR', masks: [DATE_BAND] },
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-NONE' },
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-CROP', masks: [CROP] },
      { sourceFile: portrait, outputDir: ws.path('blinded'), code: 'MASK-PORT', masks: [PORTRAIT_BAND] },
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-BAD1', masks: [{ kind: 'blur', x: 400, y: 10, width: 20, height: 20 }] },
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-BAD2', masks: [CROP, CROP] },
      // Masks first, on the source's picture, then the uniform picture: scaled and padded.
      { sourceFile: source, outputDir: ws.path('blinded'), code: 'MASK-UNIF', masks: [DATE_BAND, CROP], picture: { width: 640, height: 360, fps: 30 } },
      { sourceFile: anamorphic, outputDir: ws.path('blinded'), code: 'MASK-ANAM', picture: { width: 640, height: 360, fps: 30 } },
    ],
    { concurrency: 2 },
  );
});

describe('with a uniform picture', () => {
  it('applies blur and crop on the source picture, then scales the 200×160 crop into 640×360 with bars', async () => {
    expect(result('MASK-UNIF')).toMatchObject({ mode: 'transcode', width: 640, height: 360, frameRate: 30 });
    const frame = await extractFrame(result('MASK-UNIF').outputFile, 1, 640, 360);
    // 200×160 scaled to fit 640×360 is 450×360: pillar-boxed, 95 black columns either side.
    const columnMean = (x: number): number => {
      let sum = 0;
      for (let y = 0; y < 360; y++) sum += frame.data[(y * 640 + x) * 3]! + frame.data[(y * 640 + x) * 3 + 1]! + frame.data[(y * 640 + x) * 3 + 2]!;
      return sum / (360 * 3);
    };
    expect(columnMean(20)).toBeLessThan(20);
    expect(columnMean(620)).toBeLessThan(20);
    expect(columnMean(320)).toBeGreaterThan(40);
  });
});

describe('an anamorphic recording with a uniform picture', () => {
  it('fills a 16:9 frame as seen, without bars, and with square pixels', async () => {
    expect(result('MASK-ANAM')).toMatchObject({ width: 640, height: 360 });
    const frame = await extractFrame(result('MASK-ANAM').outputFile, 1, 640, 360);
    const columnMean = (x: number): number => {
      let sum = 0;
      for (let y = 0; y < 360; y++) sum += frame.data[(y * 640 + x) * 3]! + frame.data[(y * 640 + x) * 3 + 1]! + frame.data[(y * 640 + x) * 3 + 2]!;
      return sum / (360 * 3);
    };
    expect(columnMean(4)).toBeGreaterThan(40);
    expect(columnMean(635)).toBeGreaterThan(40);
    const video = ((await probeJson(result('MASK-ANAM').outputFile)) as { streams: { codec_type: string; sample_aspect_ratio?: string }[] }).streams.find((s) => s.codec_type === 'video');
    expect(video?.sample_aspect_ratio ?? '1:1').toBe('1:1');
  });
});

describe('blur', () => {
  it('re-encodes even a copyable clip', () => {
    expect(result('MASK-BLUR').mode).toBe('transcode');
    expect(result('MASK-NONE').mode).toBe('copy');
  });

  it('changes pixels inside the rectangle, not outside', async () => {
    const before = await extractFrame(ws.path('source.mp4'), 1, 320, 240);
    const after = await extractFrame(result('MASK-BLUR').outputFile, 1, 320, 240);
    const { inside, outside } = meanAbsDiff(before, after, DATE_BAND);
    expect(inside).toBeGreaterThan(15);
    expect(outside).toBeLessThan(3);
    expect(inside).toBeGreaterThan(outside * 8);
  });

  it('takes coordinates on the upright picture of a rotated recording', async () => {
    const r = result('MASK-PORT');
    expect(r).toMatchObject({ width: 240, height: 320 });
    // ffmpeg turns the source upright when decoding it, as the pipeline does.
    const before = await extractFrame(ws.path('portrait.mp4'), 1, 240, 320);
    const after = await extractFrame(r.outputFile, 1, 240, 320);
    const { inside, outside } = meanAbsDiff(before, after, PORTRAIT_BAND);
    expect(inside).toBeGreaterThan(15);
    expect(outside).toBeLessThan(3);
  });

  it('leaves an unmasked copy identical to the source', async () => {
    const before = await extractFrame(ws.path('source.mp4'), 1, 320, 240);
    const after = await extractFrame(result('MASK-NONE').outputFile, 1, 320, 240);
    expect(meanAbsDiff(before, after, DATE_BAND)).toEqual({ inside: 0, outside: 0 });
  });
});

describe('crop', () => {
  it('keeps exactly the rectangle', async () => {
    const r = result('MASK-CROP');
    expect(r).toMatchObject({ width: 200, height: 160, mode: 'transcode' });
    const source = await extractFrame(ws.path('source.mp4'), 1, 320, 240);
    const cropped = await extractFrame(r.outputFile, 1, 200, 160);
    // The source's rectangle, cut out row by row, against the output.
    const rows: Buffer[] = [];
    for (let y = CROP.y; y < CROP.y + CROP.height; y++) rows.push(source.data.subarray((y * 320 + CROP.x) * 3, (y * 320 + CROP.x + CROP.width) * 3));
    const region = { width: 200, height: 160, data: Buffer.concat(rows) };
    expect(meanAbsDiff(region, cropped, { x: 0, y: 0, width: 200, height: 160 }).inside).toBeLessThan(3);
  });
});

describe('invalid masks', () => {
  it('fail the job rather than being ignored', async () => {
    const codes = report.failures.map((f) => [f.code, f.error.code]);
    expect(codes).toEqual([
      ['MASK-BAD1', 'invalid_mask'],
      ['MASK-BAD2', 'invalid_mask'],
    ]);
    expect(await listing(ws.path('blinded'))).toEqual(['MASK-BLUR.mp4', 'MASK-CROP.mp4', 'MASK-NONE.mp4', 'MASK-PORT.mp4', 'MASK-UNIF.mp4', 'MASK-ANAM.mp4'].sort());
  });

  it('snap to even edges and clamp to the picture', () => {
    const chain = maskChain([{ kind: 'blur', x: 311, y: 231, width: 50, height: 50 }], 320, 240);
    expect(chain.filter).toContain('crop=10:10:310:230');
    expect(maskChain([{ kind: 'crop', x: 1, y: 1, width: 99, height: 99 }], 321, 241)).toMatchObject({ width: 100, height: 100 });
    expect(maskChain([], 321, 240).filter).toBe('format=yuv420p,crop=320:240:0:0');
  });
});
