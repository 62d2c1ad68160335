// One frame of a recording as a PNG, for the manager to draw masks on. Scaled to at most 960 px wide
// for display; the caller is told the source's own size so rectangles map back to source pixels.
import { execFile } from 'node:child_process';
import { ffmpegPath } from './binaries';

export function framePng(file: string, seconds: number, maxWidth = 960): Promise<Buffer> {
  const args = [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-ss', String(seconds), '-i', file,
    '-frames:v', '1', '-vf', `scale='min(${maxWidth},iw)':-2`,
    '-f', 'image2pipe', '-vcodec', 'png', 'pipe:1',
  ];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), args, { encoding: 'buffer', maxBuffer: 32 * 1024 * 1024 }, (error, stdout) => {
      if (error || stdout.length === 0) reject(new Error('Could not read a frame from this recording'));
      else resolve(stdout);
    });
  });
}
