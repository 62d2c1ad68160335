// SEI inside the video stream — where camcorders write the recording date — is overwritten in place
// by filler, so a stream copy keeps every picture bit for bit and carries no camera data. The
// verification walks every NAL unit and refuses an output where an SEI still holds anything.
// ffmpeg's own H.264 syntax reader (the trace_headers bitstream filter) is the independent check
// that what we write is valid SEI.
import { execFile } from 'node:child_process';
import { copyFile, open, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { scanVideo } from '../../../electron/core/blinding/deidentify/nalWalk';
import { readVideoSamples } from '../../../electron/core/blinding/deidentify/samples';
import { inspectVideoPayload } from '../../../electron/core/blinding/deidentify/videoPayload';
import { ffmpegPath } from '../../../electron/core/media/binaries';
import { runFfmpeg } from '../../../electron/core/media/run';
import { decodedVideoMd5, makeClip } from '../../support/mediaFixtures';
import { listing, useWorkspace } from './workspace';

const ws = useWorkspace('sei');
const PLANTED = 'Camera PX-55501 2021-03-04';
const USER_DATA = `h264_metadata=sei_user_data=086f3693-b7b3-4f2c-9653-21492feee5b8+${PLANTED}`;
let source = '';
let result: DeidentifyResult;

/** The payload types of every SEI message, as ffmpeg's H.264 syntax reader sees them, and anything it reported as an error. */
function traceSei(file: string): Promise<{ payloadTypes: number[]; errors: string }> {
  const run = (level: string): Promise<string> =>
    new Promise((resolve, reject) => {
      execFile(ffmpegPath(), ['-hide_banner', '-nostdin', '-v', level, '-i', file, '-map', '0:v', '-c', 'copy', '-bsf:v', 'trace_headers', '-f', 'null', '-'], { maxBuffer: 256 * 1024 * 1024 }, (error, _out, stderr) =>
        error ? reject(error) : resolve(stderr),
      );
    });
  return Promise.all([run('trace'), run('error')]).then(([trace, errors]) => ({
    payloadTypes: [...trace.matchAll(/last_payload_type_byte\s+[01]+ = (\d+)/g)].map((m) => Number(m[1])),
    errors: errors.trim(),
  }));
}

async function seiCount(file: string): Promise<number> {
  return (await scanVideo(file, await readVideoSamples(file), { hash: false })).sei.length;
}

beforeAll(async () => {
  // x264 with HRD signalling writes SEI in every frame (picture timing) and its settings in the
  // first; a camera's user data is added on top, as a stream copy.
  const encoded = await makeClip(ws.path('encoded.mp4'), { extra: ['-x264-params', 'nal-hrd=vbr:vbv-maxrate=1000:vbv-bufsize=2000'] });
  source = ws.path('camera.mp4');
  await runFfmpeg(['-y', '-i', encoded, '-c', 'copy', '-bsf:v', USER_DATA, source]);
  const report = await runDeidentification([{ sourceFile: source, outputDir: ws.path('blinded'), code: 'SEIS-0001' }]);
  expect(report.failures).toEqual([]);
  result = report.results[0] as DeidentifyResult;
});

describe('SEI in a stream copy', () => {
  it('the source really carries camera data and encoder settings in SEI, in many frames', async () => {
    const bytes = await readFile(source);
    expect(bytes.includes(PLANTED)).toBe(true);
    expect(bytes.includes('x264')).toBe(true);
    const { payloadTypes, errors } = await traceSei(source);
    expect(errors).toBe('');
    expect(payloadTypes).toContain(5); // user data unregistered
    expect(payloadTypes.filter((t) => t === 1).length).toBeGreaterThanOrEqual(50); // picture timing, one per frame
  });

  it('is overwritten: no camera data, no encoder settings, every SEI message filler', async () => {
    expect(result.mode).toBe('copy');
    const bytes = await readFile(result.outputFile);
    expect(bytes.includes(PLANTED)).toBe(false);
    expect(bytes.includes('x264')).toBe(false);
    expect(bytes.includes('PX-55501')).toBe(false);
    const { payloadTypes, errors } = await traceSei(result.outputFile);
    expect(errors).toBe('');
    expect(payloadTypes.length).toBeGreaterThanOrEqual(50);
    expect(new Set(payloadTypes)).toEqual(new Set([3]));
    expect(await seiCount(result.outputFile)).toBe(await seiCount(source));
  });

  it('keeps every picture bit for bit', async () => {
    expect(await decodedVideoMd5(result.outputFile)).toBe(await decodedVideoMd5(source));
  });

  it('passes verification, and the recorded hash is the bytes on disk', async () => {
    expect(await verifyBlindedOutput(result.outputFile)).toEqual([]);
    const { createHash } = await import('node:crypto');
    expect(result.outputSha256).toBe(createHash('sha256').update(await readFile(result.outputFile)).digest('hex'));
  });
});

describe('verification', () => {
  it('refuses an output whose SEI holds anything', async () => {
    const file = ws.path('user-data.mp4');
    await runFfmpeg(['-y', '-i', result.outputFile, '-c', 'copy', '-map_metadata', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact', '-movflags', '+faststart', '-bsf:v', USER_DATA, file]);
    expect(await verifyBlindedOutput(file)).toEqual(['the video carries 1 SEI NAL unit(s) with content (cameras write dates and other data there)']);
  });

  it('refuses an output whose samples it cannot follow to the end', async () => {
    const file = ws.path('cut.mp4');
    await copyFile(result.outputFile, file);
    await truncate(file, Math.floor((await stat(file)).size * 0.6));
    const { problems } = await inspectVideoPayload(file);
    expect(problems).toEqual(["the video's sample table cannot be followed (a video sample lies beyond the end of the file)"]);
  });
});

/** A copy of the source with its first SEI NAL unit rewritten by `rewrite` (same length). */
async function withFirstSei(name: string, rewrite: (length: number) => Buffer): Promise<string> {
  const file = ws.path(name);
  await copyFile(source, file);
  const { sei } = await scanVideo(file, await readVideoSamples(file), { hash: false });
  const unit = sei[0]!;
  const handle = await open(file, 'r+');
  try {
    await handle.write(rewrite(unit.length), 0, unit.length, unit.offset);
  } finally {
    await handle.close();
  }
  return file;
}

/** Text of `text` inside a NAL unit of `length` bytes with the header byte `header`, then 0xFF and the trailing bits. */
function nalWithText(header: number, text: string, length: number): Buffer {
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = header;
  Buffer.from(text).copy(nal, 1);
  nal[length - 1] = 0x80;
  return nal;
}

describe('other places in the video stream', () => {
  it('filler data holding text is overwritten with filler, and the pictures are unchanged', async () => {
    const file = await withFirstSei('filler-text.mp4', (n) => nalWithText(0x0c, 'Camera PX-77701 filler', n));
    expect((await readFile(file)).includes('PX-77701')).toBe(true);
    const { results, failures } = await runDeidentification([{ sourceFile: file, outputDir: ws.path('other'), code: 'FILL-0001' }]);
    expect(failures).toEqual([]);
    expect(results[0]?.mode).toBe('copy');
    expect((await readFile(results[0]!.outputFile)).includes('PX-77701')).toBe(false);
    expect(await verifyBlindedOutput(results[0]!.outputFile)).toEqual([]);
    expect(await decodedVideoMd5(results[0]!.outputFile)).toBe(await decodedVideoMd5(source));
  });

  it('a NAL unit of an unspecified type fails the job, saying how to get past it', async () => {
    const file = await withFirstSei('unspecified.mp4', (n) => nalWithText(0x1f, 'Camera PX-77702 private', n));
    const { results, failures } = await runDeidentification([{ sourceFile: file, outputDir: ws.path('other'), code: 'UNSP-0001' }]);
    expect(results).toEqual([]);
    expect(failures[0]?.error).toMatchObject({
      code: 'verification_failed',
      problems: ['the video carries 1 NAL unit(s) of a reserved or unspecified type (anything can be kept there): re-encode it (a mask or a uniform picture does)'],
    });
    expect(await listing(ws.path('other'))).not.toContain('UNSP-0001.mp4');
    // A uniform picture re-encodes, and the unit is gone.
    const again = await runDeidentification([{ sourceFile: file, outputDir: ws.path('other'), code: 'UNSP-0001', picture: { width: 320, height: 240, fps: 25 } }]);
    expect(again.failures).toEqual([]);
    expect((await readFile(again.results[0]!.outputFile)).includes('PX-77702')).toBe(false);
  });

  it.each([
    ['an access unit delimiter with text after its syntax', 0x09, 'Camera PX-77704 delimiter', 'delimiter NAL unit(s) (access unit, end of sequence or stream) with bytes beyond their syntax'],
    ['a slice extension a player skips (MVC, type 20)', 0x14, 'Camera PX-77705 extension', 'NAL unit(s) a player skips (SVC, MVC or auxiliary pictures, types 14, 15, 19, 20: anything can be kept there)'],
    ['a sequence parameter set in the samples that is text', 0x67, 'Camera PX-77706 sps', 'parameter set(s) in its samples that do not parse as one'],
  ] as const)('%s fails the job, advising a re-encode', async (_name, header, text, problem) => {
    const code = `UNIT-${header.toString(16).padStart(2, '0')}`;
    const file = await withFirstSei(`${code}.mp4`, (n) => nalWithText(header, text, n));
    expect((await readFile(file)).includes(text)).toBe(true);
    const { results, failures } = await runDeidentification([{ sourceFile: file, outputDir: ws.path('units'), code }]);
    expect(results).toEqual([]);
    expect(failures[0]?.error.code).toBe('verification_failed');
    const [only, ...rest] = failures[0]?.error.problems ?? [];
    expect(rest).toEqual([]);
    expect(only).toContain(`the video carries 1 ${problem}`);
    expect(only).toMatch(/: re-encode it \(a mask or a uniform picture does\)$/);
  });

  it('bytes appended to the avcC box fail the job (ffmpeg copies them through)', async () => {
    const file = ws.path('avcc-extra.mp4');
    await writeFile(file, withAvcCExtra(await readFile(source), Buffer.from('Camera PX-77703 serial 4711')));
    const { results, failures } = await runDeidentification([{ sourceFile: file, outputDir: ws.path('other'), code: 'AVCC-0001' }]);
    expect(results).toEqual([]);
    // Read as High-profile fields, the text overruns the record, or is left over after it: either way, refused.
    expect(failures[0]?.error.code).toBe('verification_failed');
    expect(failures[0]?.error.problems?.some((p) => /avcC (box carries \d+ byte\(s\) beyond its parameter sets|parameter sets overrun the box)/.test(p))).toBe(true);
  });
});

/** The file with `extra` appended inside its avcC box (every enclosing box grown to fit); moov must come last. */
function withAvcCExtra(data: Buffer, extra: Buffer): Buffer {
  type B = { type: string; start: number; size: number };
  const kids = (start: number, end: number): B[] => {
    const out: B[] = [];
    for (let o = start; o < end; ) {
      const size = data.readUInt32BE(o);
      out.push({ type: data.toString('latin1', o + 4, o + 8), start: o, size });
      o += size;
    }
    return out;
  };
  const skip: Record<string, number> = { stsd: 8, avc1: 78 };
  const containers = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl', 'stsd', 'avc1']);
  const boxed = (type: string, body: Buffer): Buffer => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(8 + body.length, 0);
    head.write(type, 4, 'latin1');
    return Buffer.concat([head, body]);
  };
  const rebuild = (b: B): Buffer => {
    if (b.type === 'avcC') return boxed('avcC', Buffer.concat([data.subarray(b.start + 8, b.start + b.size), extra]));
    if (!containers.has(b.type)) return data.subarray(b.start, b.start + b.size);
    const pre = data.subarray(b.start + 8, b.start + 8 + (skip[b.type] ?? 0));
    return boxed(b.type, Buffer.concat([pre, ...kids(b.start + 8 + (skip[b.type] ?? 0), b.start + b.size).map(rebuild)]));
  };
  const top = kids(0, data.length);
  const moov = top.find((t) => t.type === 'moov')!;
  if (moov !== top[top.length - 1]) throw new Error('moov must come last');
  return Buffer.concat([data.subarray(0, moov.start), rebuild(moov)]);
}

