// The bundled static ffprobe crashes (SIGSEGV) on MPEG-TS on some Linux machines; then the system's
// ffprobe is tried, and without one the error says what happened and what to do.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { ffprobePath } from '../../../electron/core/media/binaries';
import { probe } from '../../../electron/core/media/probe';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { tempDir } from '../../support/tempStudy';

const { dir, cleanup } = tempDir('blindfold-probe-');
afterAll(() => cleanup());
const saved = { path: process.env['PATH'], ffprobe: process.env['FFPROBE_PATH'] };
afterEach(() => {
  process.env['PATH'] = saved.path;
  if (saved.ffprobe === undefined) delete process.env['FFPROBE_PATH'];
  else process.env['FFPROBE_PATH'] = saved.ffprobe;
});

function script(file: string, body: string): string {
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('probe when ffprobe crashes', () => {
  it("falls back to the system's ffprobe", async () => {
    const clip = path.join(dir, 'clip.mp4');
    await runFfmpeg(testPatternArgs({ out: clip, seconds: 1, size: '160x120', fps: 10, frequency: 300, extra: [] }));
    const real = ffprobePath();
    process.env['FFPROBE_PATH'] = script(path.join(dir, 'crashing-ffprobe'), 'kill -SEGV $$');
    const bin = path.join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    script(path.join(bin, 'ffprobe'), `exec "${real}" "$@"`);
    process.env['PATH'] = `${bin}${path.delimiter}/usr/bin${path.delimiter}/bin`;
    const result = await probe(clip);
    expect(result.streams.map((s) => s.codecType)).toContain('video');
  });

  it('without a system ffprobe, says the bundled one crashed and what to do', async () => {
    const clip = path.join(dir, 'clip2.mp4');
    await runFfmpeg(testPatternArgs({ out: clip, seconds: 1, size: '160x120', fps: 10, frequency: 300, extra: [] }));
    process.env['FFPROBE_PATH'] = script(path.join(dir, 'crashing-ffprobe-2'), 'kill -SEGV $$');
    process.env['PATH'] = path.join(dir, 'empty-bin');
    await expect(probe(clip)).rejects.toThrow(/ffprobe crashed reading the file \(SIGSEGV\).*install your system's ffmpeg package, or convert the file to MP4/);
  });
});
