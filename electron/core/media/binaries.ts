// Where ffmpeg and ffprobe are: FFMPEG_PATH / FFPROBE_PATH when set, otherwise the binaries carried
// by the @ffmpeg-installer / @ffprobe-installer npm packages. In a packaged app those live outside
// the asar archive (app.asar.unpacked), so the path is rewritten to point there.
import { createRequire } from 'node:module';

// Not named `require`: electron-vite's ESM shim declares a top-level `require` in the main bundle,
// and a second declaration is a SyntaxError that stops the app before it opens (electron-vite#921).
const requireBinary = createRequire(import.meta.url);

function unpacked(p: string): string {
  return p.replace(`app.asar${'/'}`, 'app.asar.unpacked/').replace('app.asar\\', 'app.asar.unpacked\\');
}

export function ffmpegPath(): string {
  if (process.env['FFMPEG_PATH']) return process.env['FFMPEG_PATH'];
  return unpacked((requireBinary('@ffmpeg-installer/ffmpeg') as { path: string }).path);
}

export function ffprobePath(): string {
  if (process.env['FFPROBE_PATH']) return process.env['FFPROBE_PATH'];
  return unpacked((requireBinary('@ffprobe-installer/ffprobe') as { path: string }).path);
}
