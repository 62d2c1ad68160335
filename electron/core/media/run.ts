// Running ffmpeg with an argument array. Jobs that report progress use fluent-ffmpeg (blinding/);
// one-shot generation (demo clips, test fixtures) uses this.
import { execFile } from 'node:child_process';
import { ffmpegPath } from './binaries';

export function runFfmpeg(args: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-nostdin', ...args], { maxBuffer: 16 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg failed: ${stderr.trim().split('\n').slice(-3).join(' ') || error.message}`));
      else resolve();
    });
  });
}

/** The arguments that make a test-pattern clip: a lavfi video source with a sine tone, H.264/AAC. */
export function testPatternArgs(o: {
  out: string;
  seconds: number;
  pattern?: string;
  frequency?: number;
  size?: string;
  fps?: number;
  extra?: readonly string[];
}): string[] {
  const size = o.size ?? '320x240';
  const fps = o.fps ?? 25;
  return [
    '-y',
    '-f', 'lavfi', '-i', `${o.pattern ?? 'testsrc2'}=size=${size}:rate=${fps}:duration=${o.seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=${o.frequency ?? 440}:duration=${o.seconds}`,
    '-map', '0:v:0', '-map', '1:a:0',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-g', String(fps),
    '-c:a', 'aac', '-b:a', '64k',
    ...(o.extra ?? []),
    '-movflags', '+faststart', '-shortest', o.out,
  ];
}
