// Audio output (`<code>.m4a`): what a fidelity auditor hears of a session recording, and nothing
// else. Pure planning plus one ffprobe read of the source.
//
// Decisions:
// - The first audio stream only (`0:a:0`), the picture and every other stream dropped (`-vn`, and
//   the same -sn/-dn/metadata/chapter stripping as video output, from STRIP_OPTIONS), so a video
//   of a home visit becomes its sound.
// - Always re-encoded to AAC-LC, never stream-copied — even when the source is AAC already. An AAC
//   bitstream can carry bytes of its own choosing (data stream elements, fill elements, a program
//   config element's comment field) that no tag stripping touches, the audio counterpart of the
//   SEI units dropped from video (./plan). Audio encodes at hundreds of times real time, so the
//   certainty costs seconds per hour of session.
// - 128 kb/s, the source's channels and sample rate: speech stays intelligible for scoring.
import { probeJson } from '../../media/probe';
import type { EncodePlan } from './plan';
import { STRIP_OPTIONS } from './plan';

export interface AudioSourceFacts {
  readonly durationSeconds: number;
  readonly audio: { readonly codecName: string };
  /** Whether the source also has a picture (which the output drops). */
  readonly hasVideo: boolean;
}

export class NoAudioError extends Error {
  constructor() {
    super('The recording has no audio stream');
    this.name = 'NoAudioError';
  }
}

interface RawAudioProbe {
  format?: { duration?: string };
  streams?: { index?: number; codec_type?: string; codec_name?: string; duration?: string; disposition?: Record<string, number> }[];
}

export function audioSourceFactsFromProbe(raw: unknown): AudioSourceFacts {
  const probe = (raw ?? {}) as RawAudioProbe;
  const streams = (probe.streams ?? []).filter((s) => typeof s.index === 'number');
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!audio) throw new NoAudioError();
  const hasVideo = streams.some((s) => s.codec_type === 'video' && (s.disposition?.['attached_pic'] ?? 0) !== 1);
  return {
    durationSeconds: Number(probe.format?.duration ?? 0) || Number(audio.duration ?? 0) || 0,
    audio: { codecName: audio.codec_name ?? 'unknown' },
    hasVideo,
  };
}

export async function inspectAudioSource(file: string): Promise<AudioSourceFacts> {
  return audioSourceFactsFromProbe(await probeJson(file));
}

export function planAudioEncode(): EncodePlan {
  return {
    mode: 'transcode',
    video: 'none',
    audio: 'aac',
    inputOptions: ['-nostdin', '-hide_banner'],
    outputOptions: [
      '-map', '0:a:0',
      '-vn',
      ...STRIP_OPTIONS,
      '-c:a', 'aac', '-b:a', '128k',
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
  };
}
