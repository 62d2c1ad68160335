// What de-identification needs to know about a source recording, from one ffprobe run: the first
// real video stream (attached pictures — cover art, phone thumbnails — are skipped, since a still
// can show a face or a label), its pixel format and rotation, and the first audio stream's codec.
import { parseProbe, probeJson } from '../../media/probe';

export interface SourceVideo {
  readonly codecName: string;
  readonly pixelFormat: string;
  /** Coded size, before rotation. */
  readonly width: number;
  readonly height: number;
  readonly frameRate: number;
  /** Clockwise degrees the picture must turn to stand upright: 0, 90, 180 or 270 (or odd values). */
  readonly rotation: number;
}

export interface SourceFacts {
  readonly durationSeconds: number;
  readonly video: SourceVideo;
  /** The first audio stream: its codec and channel count (0 when ffprobe does not say). */
  readonly audio?: { readonly codecName: string; readonly channels: number };
}

interface RawStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  channels?: number;
  pix_fmt?: string;
  duration?: string;
  disposition?: Record<string, number>;
}

export class NoVideoError extends Error {
  constructor() {
    super('The recording has no video stream');
    this.name = 'NoVideoError';
  }
}

export function normaliseRotation(degrees: number | undefined): number {
  if (degrees === undefined || !Number.isFinite(degrees)) return 0;
  return ((Math.round(degrees) % 360) + 360) % 360;
}

/** The picture's upright size: width and height swap for a quarter turn. */
export function uprightSize(video: SourceVideo): { width: number; height: number } {
  const quarter = video.rotation === 90 || video.rotation === 270;
  return quarter ? { width: video.height, height: video.width } : { width: video.width, height: video.height };
}

export function sourceFactsFromProbe(raw: unknown): SourceFacts {
  const parsed = parseProbe(raw as Parameters<typeof parseProbe>[0]);
  const rawStreams = ((raw as { streams?: RawStream[] }).streams ?? []).filter((s) => typeof s.index === 'number');
  const isPicture = (s: RawStream): boolean => (s.disposition?.['attached_pic'] ?? 0) === 1;
  const rawVideo = rawStreams.find((s) => s.codec_type === 'video' && !isPicture(s));
  const video = rawVideo && parsed.streams.find((s) => s.index === rawVideo.index);
  if (!rawVideo || !video || !video.width || !video.height) throw new NoVideoError();
  const rawAudio = rawStreams.find((s) => s.codec_type === 'audio');
  const duration = parsed.durationSeconds || Number(rawVideo.duration ?? 0) || 0;
  // ffprobe reports a display matrix as the counter-clockwise angle (negative for a phone held
  // upright); the `rotate` tag of older files is clockwise. Either way a non-zero value means the
  // stored picture is not upright, which is all the plan needs; the sign only matters for the size.
  return {
    durationSeconds: duration,
    video: {
      codecName: video.codecName,
      pixelFormat: rawVideo.pix_fmt ?? 'unknown',
      width: video.width,
      height: video.height,
      frameRate: video.frameRate ?? 0,
      rotation: normaliseRotation(video.rotation),
    },
    ...(rawAudio ? { audio: { codecName: rawAudio.codec_name ?? 'unknown', channels: rawAudio.channels ?? 0 } } : {}),
  };
}

export async function inspectSource(file: string): Promise<SourceFacts> {
  return sourceFactsFromProbe(await probeJson(file));
}
