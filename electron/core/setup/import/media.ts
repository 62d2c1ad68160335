// One recording under inspection: its size, SHA-256 and an ffprobe summary, with every problem that
// would make it uncodable (empty, cut short, not media, no picture when coding needs one). Reads
// the file; writes nothing.
import { stat } from 'node:fs/promises';
import { sha256WithFingerprint, type FileFingerprint } from '../../media/hash';
import { probe, type ProbeResult } from '../../media/probe';
import { findTruncation } from './isoBmff';
import { quote, type ImportProblem } from './problems';

export interface VideoSummary {
  readonly codec: string;
  readonly width: number | null;
  readonly height: number | null;
  readonly frameRate: number | null;
  /** Degrees, as ffprobe reports the display matrix or rotate tag; 0 when there is none. */
  readonly rotation: number;
}

export interface MediaSummary {
  readonly formatName: string;
  readonly durationSeconds: number;
  /** Every stream in the file, in order, including data and subtitle tracks. */
  readonly streams: readonly { readonly type: string; readonly codec: string }[];
  /** The first real video stream (cover art in audio files does not count); null when none. */
  readonly video: VideoSummary | null;
  readonly audio: { readonly codec: string } | null;
}

export interface Inspection {
  readonly size: number;
  /** Kept only when the file was settled and unchanged across the hash (media/hash); otherwise null, and the file is hashed again at de-identification. */
  readonly fingerprint: FileFingerprint | null;
  /** null when the file is empty or could not be read. */
  readonly sha256: string | null;
  /** null when the file is empty or ffprobe could not read it. */
  readonly media: MediaSummary | null;
  readonly problems: readonly ImportProblem[];
}

// Still-image codecs: a "video" stream with one of these and no real frame rate is cover art
// (ffprobe's attached_pic disposition, which probe() does not pass on).
const IMAGE_CODECS = new Set(['mjpeg', 'png', 'bmp', 'gif', 'webp', 'tiff', 'jpeg2000']);

export function summarizeProbe(result: ProbeResult): MediaSummary {
  const video = result.streams.find((s) => s.codecType === 'video' && !isCoverArt(s.codecName, s.frameRate));
  const audio = result.streams.find((s) => s.codecType === 'audio');
  return {
    formatName: result.formatName,
    durationSeconds: result.durationSeconds,
    streams: result.streams.map((s) => ({ type: s.codecType, codec: s.codecName })),
    video: video
      ? { codec: video.codecName, width: video.width ?? null, height: video.height ?? null, frameRate: video.frameRate ?? null, rotation: video.rotation ?? 0 }
      : null,
    audio: audio ? { codec: audio.codecName } : null,
  };
}

function isCoverArt(codec: string, frameRate: number | undefined): boolean {
  return IMAGE_CODECS.has(codec) && (frameRate === undefined || frameRate > 1000);
}

export async function inspectRecording(absolute: string, relative: string, options: { readonly videoRequired: boolean }): Promise<Inspection> {
  const problems: ImportProblem[] = [];
  const named = quote(relative, 120);
  let size: number;
  try {
    size = (await stat(absolute)).size;
  } catch {
    return { size: 0, fingerprint: null, sha256: null, media: null, problems: [{ code: 'unreadable_media', file: relative, message: `${named} cannot be opened (check its permissions).` }] };
  }
  if (size === 0) {
    return { size, fingerprint: null, sha256: null, media: null, problems: [{ code: 'empty_media', file: relative, message: `${named} is empty (0 bytes). Copy the recording again from the camera or backup.` }] };
  }

  const [hashing, probed, truncation] = await Promise.all([
    sha256WithFingerprint(absolute).then(
      (h) => h,
      () => null,
    ),
    probe(absolute).then(
      (p): ProbeResult | Error => p,
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    ),
    findTruncation(absolute, size).catch(() => null),
  ]);
  const hashed = hashing?.sha256 ?? null;
  const fingerprint = hashing?.fingerprint ?? null;
  if (hashed === null) problems.push({ code: 'unreadable_media', file: relative, message: `${named} could not be read to the end (check its permissions or the disk).` });

  if (truncation) {
    problems.push({
      code: 'truncated_media',
      file: relative,
      message:
        `${named} is incomplete: the file ends after ${megabytes(truncation.fileSize)} but its "${truncation.box}" part runs to ${megabytes(truncation.declaredEnd)}. ` +
        'The copy was probably interrupted; copy it again from the camera or backup.',
    });
  }
  if (probed instanceof Error) {
    if (!truncation) problems.push({ code: 'unreadable_media', file: relative, message: `${named} is not a recording that can be read: ${ffprobeReason(probed.message, absolute)}.` });
    return { size, fingerprint, sha256: hashed, media: null, problems };
  }

  const media = summarizeProbe(probed);
  if (truncation) return { size, fingerprint, sha256: hashed, media, problems };
  if (media.durationSeconds <= 0) {
    // Usually also without streams: one problem says enough.
    problems.push({ code: 'zero_duration', file: relative, message: `${named} has no duration: it may be damaged or still being written.` });
  } else if (media.video === null && media.audio === null) {
    problems.push({ code: 'no_media_streams', file: relative, message: `${named} has neither video nor audio.` });
  } else if (media.video === null && options.videoRequired) {
    problems.push({
      code: 'no_video_stream',
      file: relative,
      message: `${named} has no video (audio only). Outcome coding needs video; import audio-only session recordings as session audio instead.`,
    });
  }
  return { size, fingerprint, sha256: hashed, media, problems };
}

/** ffprobe's last error line, without the absolute path it starts with. */
function ffprobeReason(message: string, absolute: string): string {
  const reason = message
    .replace(/^ffprobe could not read the file:\s*/, '')
    .split(absolute)
    .join('')
    .replace(/^[:\s]+/, '')
    .trim();
  return reason === '' ? 'ffprobe could not read it' : `ffprobe says "${reason}"`;
}

function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
