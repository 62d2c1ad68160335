// Min/max peaks of a recording's audio for drawing a waveform: ffmpeg decodes to 8 kHz mono PCM,
// which is streamed through and folded into bins, never held whole.
import { spawn } from 'node:child_process';
import type { Waveform } from '../../common/contract';
import { CoreError } from '../../common/result';
import { ffmpegPath } from './binaries';

// Peaks are read from 8 kHz mono PCM: plenty for a picture of speech and silence, and cheap — an
// hour of audio is 58 MB of samples streamed through, never held.
const PEAK_RATE = 8000;
const PEAK_TIMEOUT_MS = 120_000;
/** Waveforms of the de-identified files, which never change once written; a few per session suffice. */
const peakCache = new Map<string, Waveform>();
const PEAK_CACHE_SIZE = 32;

/**
 * Min/max peaks of an audio file in `bins` equal slices. Samples are first folded into blocks of a
 * size chosen from the expected length (about four blocks per bin), so memory stays small for long
 * recordings; the blocks are then folded into the bins.
 */
export function audioPeaks(file: string, durationSeconds: number, bins: number): Promise<Waveform> {
  const blockSize = Math.max(1, Math.floor((durationSeconds * PEAK_RATE) / (bins * 4)));
  const blockMin: number[] = [];
  const blockMax: number[] = [];
  let low = Infinity;
  let high = -Infinity;
  let inBlock = 0;
  let carry: Buffer | null = null;
  const take = (sample: number) => {
    if (sample < low) low = sample;
    if (sample > high) high = sample;
    if (++inBlock === blockSize) {
      blockMin.push(low);
      blockMax.push(high);
      low = Infinity;
      high = -Infinity;
      inBlock = 0;
    }
  };
  return new Promise<Waveform>((resolve, reject) => {
    const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-vn', '-f', 's16le', '-ac', '1', '-ar', String(PEAK_RATE), 'pipe:1'];
    const child = spawn(ffmpegPath(), args, { stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), PEAK_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => {
      const bytes: Buffer = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = bytes.length - (bytes.length % 2);
      for (let i = 0; i < whole; i += 2) take(bytes.readInt16LE(i));
      carry = whole < bytes.length ? bytes.subarray(whole) : null;
    });
    child.on('error', () => {
      clearTimeout(timer);
      reject(new CoreError('internal', 'Could not read the audio of this recording'));
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (inBlock > 0) {
        blockMin.push(low);
        blockMax.push(high);
      }
      if (code !== 0 || blockMin.length === 0) {
        reject(new CoreError('internal', 'Could not read the audio of this recording'));
        return;
      }
      resolve(foldPeaks(blockMin, blockMax, bins, durationSeconds));
    });
  });
}

/** Folds per-block extremes into at most `bins` slices, scaled to −1…1 and rounded to 4 places. */
export function foldPeaks(blockMin: readonly number[], blockMax: readonly number[], bins: number, durationSeconds: number): Waveform {
  const n = Math.min(bins, blockMin.length);
  const min: number[] = [];
  const max: number[] = [];
  const scale = (v: number) => Math.round((v / 32768) * 10000) / 10000;
  for (let b = 0; b < n; b++) {
    const from = Math.floor((b * blockMin.length) / n);
    const to = Math.max(from + 1, Math.floor(((b + 1) * blockMin.length) / n));
    let low = Infinity;
    let high = -Infinity;
    for (let i = from; i < to; i++) {
      low = Math.min(low, blockMin[i]!);
      high = Math.max(high, blockMax[i]!);
    }
    min.push(scale(low));
    max.push(scale(high));
  }
  return { bins: n, durationSeconds, min, max };
}


/** audioPeaks, remembered for the de-identified files, which never change once written. */
export async function cachedAudioPeaks(file: string, durationSeconds: number, bins: number): Promise<Waveform> {
  const key = `${file}\u0000${bins}`;
  const cached = peakCache.get(key);
  if (cached) return cached;
  const waveform = await audioPeaks(file, durationSeconds, bins);
  if (peakCache.size >= PEAK_CACHE_SIZE) peakCache.delete(peakCache.keys().next().value!);
  peakCache.set(key, waveform);
  return waveform;
}
