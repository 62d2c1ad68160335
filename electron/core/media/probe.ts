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

export function probe(file: string): Promise<ProbeResult> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', file];
  return new Promise((resolve, reject) => {
    execFile(ffprobePath(), args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`ffprobe could not read the file: ${stderr.trim().split('\n').pop() ?? error.message}`));
        return;
      }
      try {
        resolve(parseProbe(JSON.parse(stdout) as RawProbe));
      } catch {
        reject(new Error('ffprobe returned output that is not JSON'));
      }
    });
  });
}

/**
 * ffprobe's JSON as it is (format, streams with their side data and disposition, chapters), for
 * checks that must see more than ProbeResult carries — de-identification verifies its output
 * against every field ffprobe reports, not only the ones Blindfold uses.
 */
export function probeJson(file: string): Promise<unknown> {
  const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-show_chapters', file];
  return new Promise((resolve, reject) => {
    execFile(ffprobePath(), args, { maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) {
        reject(new Error(`ffprobe could not read the file: ${stderr.trim().split('\n').pop() ?? error.message}`));
        return;
      }
      try {
        resolve(JSON.parse(stdout) as unknown);
      } catch {
        reject(new Error('ffprobe returned output that is not JSON'));
      }
    });
  });
}
