// Audio output (`<code>.m4a`): what a fidelity auditor hears of a session recording, and nothing
// else. Pure planning plus one ffprobe read of the source.
//
// Decisions:
// - The first audio stream only (`0:a:0`), the picture and every other stream dropped (`-vn`, and
//   the same -sn/-dn/metadata/chapter stripping as video output, from STRIP_OPTIONS), so a video
//   of a home visit becomes its sound.
// - Always re-encoded to AAC-LC, never stream-copied — even when the source is AAC already, as for
//   video output (./plan says why, and what it costs). An AAC bitstream can carry bytes of its own
//   choosing (data stream elements, fill elements, a program config element's comment field) that
//   no tag stripping touches, the audio counterpart of the SEI units overwritten in video (./sei).
// - 128 kb/s, the source's sample rate and channels (more than two downmixed to stereo, as in
//   ./plan): speech stays intelligible for scoring.
import { probeJson } from '../../media/probe';
import type { EncodePlan } from './plan';
import { AAC_OPTIONS, STRIP_OPTIONS } from './plan';

export interface AudioSourceFacts {
  readonly durationSeconds: number;
  /** The first audio stream: its codec and channel count (0 when ffprobe does not say). */
  readonly audio: { readonly codecName: string; readonly channels: number };
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
  streams?: { index?: number; codec_type?: string; codec_name?: string; channels?: number; duration?: string; disposition?: Record<string, number> }[];
}

export function audioSourceFactsFromProbe(raw: unknown): AudioSourceFacts {
  const probe = (raw ?? {}) as RawAudioProbe;
  const streams = (probe.streams ?? []).filter((s) => typeof s.index === 'number');
  const audio = streams.find((s) => s.codec_type === 'audio');
  if (!audio) throw new NoAudioError();
  const hasVideo = streams.some((s) => s.codec_type === 'video' && (s.disposition?.['attached_pic'] ?? 0) !== 1);
  return {
    durationSeconds: Number(probe.format?.duration ?? 0) || Number(audio.duration ?? 0) || 0,
    audio: { codecName: audio.codec_name ?? 'unknown', channels: audio.channels ?? 0 },
    hasVideo,
  };
}

export async function inspectAudioSource(file: string): Promise<AudioSourceFacts> {
  return audioSourceFactsFromProbe(await probeJson(file));
}

/** `channels` is the source's channel count (0 when unknown). */
export function planAudioEncode(channels = 0): EncodePlan {
  return {
    mode: 'transcode',
    video: 'none',
    audio: 'aac',
    inputOptions: ['-nostdin', '-hide_banner'],
    outputOptions: [
      '-map', '0:a:0',
      '-vn',
      ...STRIP_OPTIONS,
      ...AAC_OPTIONS,
      ...(channels > 2 ? ['-ac', '2'] : []),
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
  };
}
