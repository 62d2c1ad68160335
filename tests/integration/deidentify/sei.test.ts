// SEI inside the video stream — where camcorders write the recording date — is overwritten in place
// by filler, so a stream copy keeps every picture bit for bit and carries no camera data. The
// verification walks every NAL unit and refuses an output where an SEI still holds anything.
// ffmpeg's own H.264 syntax reader (the trace_headers bitstream filter) is the independent check
// that what we write is valid SEI.
import { execFile } from 'node:child_process';
import { readFile, truncate, copyFile, stat } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { runDeidentification, verifyBlindedOutput } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyResult } from '../../../electron/core/blinding/deidentify';
import { readVideoSamples } from '../../../electron/core/blinding/deidentify/samples';
import { inspectVideoPayload, scanVideo } from '../../../electron/core/blinding/deidentify/sei';
import { ffmpegPath } from '../../../electron/core/media/binaries';
import { runFfmpeg } from '../../../electron/core/media/run';
import { decodedVideoMd5, makeClip } from '../../support/mediaFixtures';
import { useWorkspace } from './workspace';

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
