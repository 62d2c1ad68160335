// ffprobe, run with an argument array (never a shell string), parsed into what Blindfold needs.
import { execFile } from 'node:child_process';
import { ffprobePath } from './binaries';

export interface ProbeStream {
  readonly index: number;
  readonly codecType: string;
  readonly codecName: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly rotation?: number;
  readonly tags: Readonly<Record<string, string>>;
}

export interface ProbeResult {
  readonly formatName: string;
  readonly durationSeconds: number;
  readonly formatTags: Readonly<Record<string, string>>;
  readonly chapters: number;
  readonly streams: readonly ProbeStream[];
}

interface RawProbe {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  chapters?: unknown[];
  streams?: {
    index: number;
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    tags?: Record<string, string>;
    side_data_list?: { rotation?: number }[];
  }[];
}

function rate(fraction: string | undefined): number | undefined {
  if (!fraction) return undefined;
  const [num, den] = fraction.split('/').map(Number);
  if (!num || !den) return undefined;
  return num / den;
}

export function parseProbe(raw: RawProbe): ProbeResult {
  return {
    formatName: raw.format?.format_name ?? '',
    durationSeconds: Number(raw.format?.duration ?? 0) || 0,
    formatTags: raw.format?.tags ?? {},
    chapters: raw.chapters?.length ?? 0,
    streams: (raw.streams ?? []).map((s) => {
      const rotationTag = s.tags?.['rotate'];
      const sideRotation = s.side_data_list?.find((d) => typeof d.rotation === 'number')?.rotation;
      const frameRate = rate(s.avg_frame_rate) ?? rate(s.r_frame_rate);
      const rotation = sideRotation ?? (rotationTag === undefined ? undefined : Number(rotationTag));
      return {
        index: s.index,
        codecType: s.codec_type ?? 'unknown',
        codecName: s.codec_name ?? 'unknown',
        ...(s.width === undefined ? {} : { width: s.width }),
        ...(s.height === undefined ? {} : { height: s.height }),
        ...(frameRate === undefined ? {} : { frameRate }),
        ...(rotation === undefined ? {} : { rotation }),
        tags: s.tags ?? {},
      };
    }),
  };
}

export async function probe(file: string): Promise<ProbeResult> {
  const raw = await probeJson(file);
  try {
    return parseProbe(raw as RawProbe);
  } catch {
    throw new Error('ffprobe returned output that is not JSON');
  }
}

const PROBE_ARGS = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters'];

function runProbe(binary: string, file: string): Promise<{ ok: true; stdout: string } | { ok: false; signal: string | null; message: string }> {
  return new Promise((resolve) => {
    execFile(binary, [...PROBE_ARGS, file], { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (!error) resolve({ ok: true, stdout });
      else resolve({ ok: false, signal: error.signal ?? null, message: stderr.trim().split('\n').pop() || error.message });
    });
  });
}

/**
 * The static ffprobe builds the npm packages carry crash (SIGSEGV) on every MPEG-TS file on some
 * Linux machines — AVCHD camcorders record .MTS — a known fault of those builds, not of the files.
 * When the configured ffprobe dies by a signal, the system's own (`ffprobe` on the PATH) is tried
 * before giving up.
 */
async function probeWithFallback(file: string): Promise<string> {
  const bundled = await runProbe(ffprobePath(), file);
  if (bundled.ok) return bundled.stdout;
  if (bundled.signal) {
    const system = await runProbe(process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe', file);
    if (system.ok) return system.stdout;
    throw new Error(
      `ffprobe crashed reading the file (${bundled.signal}); the static build bundled with Blindfold does this with MPEG-TS (.MTS, .TS) on some Linux machines — install your system's ffmpeg package, or convert the file to MP4 first`,
    );
  }
  throw new Error(`ffprobe could not read the file: ${bundled.message}`);
}

/**
 * ffprobe's JSON as it is (format, streams with their side data and disposition, chapters), for
 * checks that must see more than ProbeResult carries — de-identification verifies its output
 * against every field ffprobe reports, not only the ones Blindfold uses.
 */
export async function probeJson(file: string): Promise<unknown> {
  const stdout = await probeWithFallback(file);
  try {
    return JSON.parse(stdout) as unknown;
  } catch {
    throw new Error('ffprobe returned output that is not JSON');
  }
}
