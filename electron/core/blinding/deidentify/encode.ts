// One ffmpeg run through fluent-ffmpeg, with a percent and a kill switch.
//
// The percent is read from ffmpeg's own `time=` lines against the duration the job already probed.
// fluent-ffmpeg's 'progress' event would do the same, but subscribing to it makes fluent-ffmpeg run
// a second ffprobe on the source for every job; the job has the duration already.
import ffmpeg from 'fluent-ffmpeg';
import { ffmpegPath, ffprobePath } from '../../media/binaries';

export class CancelledError extends Error {
  constructor() {
    super('De-identification was cancelled');
    this.name = 'CancelledError';
  }
}

export class FfmpegError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FfmpegError';
  }
}

const TIME = /time=\s*(-?)(\d+):(\d{2}):(\d{2}(?:\.\d+)?)/;

/** Seconds from an ffmpeg progress line, or undefined for any other line. */
export function progressSeconds(line: string): number | undefined {
  const match = TIME.exec(line);
  if (!match) return undefined;
  const [, sign = '', h = '0', m = '0', s = '0'] = match;
  if (sign === '-') return 0;
  return Number(h) * 3600 + Number(m) * 60 + Number(s);
}

export interface EncodeRequest {
  readonly input: string;
  readonly output: string;
  readonly inputOptions: readonly string[];
  readonly outputOptions: readonly string[];
  readonly durationSeconds: number;
  readonly signal?: AbortSignal;
  /** 0–100 while ffmpeg runs; never 100 (the job, not the encode, says when it is done). */
  readonly onPercent?: (percent: number) => void;
}

export function encode(request: EncodeRequest): Promise<void> {
  return new Promise((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(new CancelledError());
      return;
    }
    // Both calls set fluent-ffmpeg's process-wide cache; the values never differ within a process.
    ffmpeg.setFfmpegPath(ffmpegPath());
    ffmpeg.setFfprobePath(ffprobePath());
    const command = ffmpeg(request.input);
    // Spread, never a single array: given one array, fluent-ffmpeg splits every "a b" string at its
    // space, which would break a filter graph or a path.
    command.inputOptions(...request.inputOptions, '-loglevel', 'info');
    command.output(request.output);
    command.outputOptions(...request.outputOptions);

    // fluent-ffmpeg spawns ffmpeg only after some asynchronous preparation, so an abort can come
    // before there is a process to kill; 'start' fires once there is one.
    let killed = false;
    let started = false;
    const onAbort = (): void => {
      killed = true;
      if (started) command.kill('SIGKILL');
    };
    command.on('start', () => {
      started = true;
      if (killed) command.kill('SIGKILL');
    });
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const settle = (error?: Error): void => {
      request.signal?.removeEventListener('abort', onAbort);
      if (killed || request.signal?.aborted) reject(new CancelledError());
      else if (error) reject(error);
      else resolve();
    };

    let last = -1;
    command.on('stderr', (line: string) => {
      const seconds = progressSeconds(line);
      if (seconds === undefined || !request.onPercent || request.durationSeconds <= 0) return;
      const percent = Math.min(99, Math.max(0, (seconds / request.durationSeconds) * 100));
      if (percent > last) {
        last = percent;
        request.onPercent(percent);
      }
    });
    command.on('end', () => settle());
    command.on('error', (error: Error) => settle(new FfmpegError(error.message)));
    command.run();
  });
}
