// The check every output passes before it gets its final name, and the one the blinding test runs:
// re-probe the file and accept only what a bitexact MP4 muxer writes on its own.
//
// Allow-list (measured on the bundled ffmpeg 4.1 and on ffmpeg 5.1, both with +bitexact):
//   format tags   major_brand, minor_version, compatible_brands (brand codes only), and `encoder`
//                 only as the bare "Lavf" that newer ffmpeg writes in bitexact mode — a versioned
//                 "Lavf58.24.100" means bitexact was off, so it fails.
//   stream tags   language=und; handler_name VideoHandler / SoundHandler (the muxer's defaults, so
//                 a source's handler name never survives); vendor_id [0][0][0][0] (bitexact's zero
//                 vendor; "FFMP" means bitexact was off); `encoder` only as "Lavc <encoder>" without
//                 a version (ffmpeg ≥ 5 writes it into the sample description of a re-encode).
//   streams       one H.264 video that is not an attached picture, at most one AAC audio (every
//                 output's audio is re-encoded: ./plan); for audio output (`<code>.m4a`), exactly
//                 one AAC audio stream and no video.
//   none of       chapters, creation_time, side data (a display matrix included: outputs are upright).
// Inside the file, for what ffprobe does not show: the box-level allow-list with the leaves' layouts
// (./boxes, ./leaves) and that the samples fill mdat (./mdat); the avcC record and every NAL unit
// (./videoPayload), whose walk also gives the file's SHA-256 from the same read; the audio's
// description and every AAC frame (./audioPayload). AUDIT.md, beside this file, argues box by box
// why nothing that a stream copy keeps can carry identifying text, or what is checked instead.
import { probeJson } from '../../media/probe';
import { inspectAudioPayload } from './audioPayload';
import { boxProblems } from './boxes';
import { unclaimedMediaDataProblems } from './mdat';
import { inspectVideoPayload } from './videoPayload';
import type { DeidentifyOutput } from './types';

const BRAND = /^[A-Za-z0-9 ]{4}$/;

const FORMAT_TAGS: Readonly<Record<string, (value: string) => boolean>> = {
  major_brand: (v) => BRAND.test(v),
  minor_version: (v) => /^\d{1,10}$/.test(v),
  compatible_brands: (v) => v.length > 0 && v.length % 4 === 0 && /^[A-Za-z0-9 ]+$/.test(v),
  encoder: (v) => v === 'Lavf',
};

const HANDLERS: Readonly<Record<string, string>> = { video: 'VideoHandler', audio: 'SoundHandler' };

const STREAM_TAGS: Readonly<Record<string, (value: string, codecType: string) => boolean>> = {
  language: (v) => v === 'und',
  handler_name: (v, type) => v === HANDLERS[type],
  vendor_id: (v) => v === '[0][0][0][0]',
  encoder: (v) => /^Lavc [A-Za-z][A-Za-z0-9_]*$/.test(v),
};

// Tag names that problems may quote. A tag's name is as much the source's choice as its value
// (`-metadata PX-40711=…` is legal), so any other name is reported without being repeated.
const KNOWN_TAG_NAMES = new Set([
  ...Object.keys(FORMAT_TAGS),
  ...Object.keys(STREAM_TAGS),
  'title', 'comment', 'artist', 'album', 'album_artist', 'composer', 'date', 'description', 'synopsis',
  'genre', 'copyright', 'encoded_by', 'keywords', 'location', 'location-eng', 'creation_time', 'timecode',
  'rotate', 'make', 'model', 'software', 'filename', 'mimetype', 'duration', 'track', 'disc', 'lyrics',
  'com.apple.quicktime.location.iso6709', 'com.apple.quicktime.make', 'com.apple.quicktime.model',
  'com.apple.quicktime.software', 'com.apple.quicktime.creationdate',
]);

function tagName(key: string): string {
  return KNOWN_TAG_NAMES.has(key.toLowerCase()) ? `"${key}"` : 'with an unlisted name';
}

const VIDEO_CODECS = new Set(['h264']);
// Audio is always re-encoded to AAC (./plan, ./audio), so anything else means it was not.
const AUDIO_CODECS = new Set(['aac']);

export interface OutputStreamFacts {
  readonly codecType: string;
  readonly codecName: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
}

export interface OutputFacts {
  readonly durationSeconds: number;
  readonly streams: readonly OutputStreamFacts[];
}

interface RawOutputProbe {
  format?: { format_name?: string; duration?: string; tags?: Record<string, string> };
  chapters?: unknown[];
  streams?: {
    codec_type?: string;
    codec_name?: string;
    width?: number;
    height?: number;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    tags?: Record<string, string>;
    disposition?: Record<string, number>;
    side_data_list?: { side_data_type?: string }[];
  }[];
}

function rate(fraction: string | undefined): number | undefined {
  const [num, den] = (fraction ?? '').split('/').map(Number);
  return num && den ? num / den : undefined;
}

/** Problems found in ffprobe's JSON of an output. Pure; tag values, and unusual tag names, are never quoted back. */
export function probeProblems(raw: unknown, output: DeidentifyOutput = 'video'): string[] {
  const probe = (raw ?? {}) as RawOutputProbe;
  const problems: string[] = [];
  const formatName = probe.format?.format_name ?? '';
  if (!formatName.split(',').includes('mp4')) problems.push('the container is not MP4');

  for (const [key, value] of Object.entries(probe.format?.tags ?? {})) {
    const allowed = FORMAT_TAGS[key];
    if (key === 'creation_time') problems.push('the file carries a creation_time');
    else if (!allowed) problems.push(`format tag ${tagName(key)} is not allowed`);
    else if (!allowed(value)) problems.push(`format tag ${tagName(key)} has a value outside the allow-list`);
  }

  const chapters = probe.chapters?.length ?? 0;
  if (chapters > 0) problems.push(`the file has ${chapters} chapter(s)`);

  const streams = probe.streams ?? [];
  const videos = streams.filter((s) => s.codec_type === 'video');
  const audios = streams.filter((s) => s.codec_type === 'audio');
  const audioOnly = output === 'audio';
  if (audioOnly) {
    if (videos.length > 0) problems.push(`the file has ${videos.length} video stream(s); audio output has none`);
    if (audios.length !== 1) problems.push(`the file has ${audios.length} audio streams, not 1`);
  } else {
    if (videos.length !== 1) problems.push(`the file has ${videos.length} video streams, not 1`);
    if (audios.length > 1) problems.push(`the file has ${audios.length} audio streams, not at most 1`);
  }
  streams.forEach((s, i) => {
    const type = s.codec_type ?? 'unknown';
    const where = `stream ${i} (${type})`;
    if (type !== 'video' && type !== 'audio') {
      problems.push(`${where} is not allowed: only ${audioOnly ? 'one audio stream' : 'one video and one audio stream'}`);
      return;
    }
    const codecs = type === 'video' ? VIDEO_CODECS : AUDIO_CODECS;
    if (!codecs.has(s.codec_name ?? '')) problems.push(`${where} has a codec other than ${[...codecs].join('/')}`);
    for (const [flag, on] of Object.entries(s.disposition ?? {})) {
      if (on && (flag === 'attached_pic' || flag === 'timed_thumbnails')) problems.push(`${where} is marked ${flag}`);
    }
    for (const [key, value] of Object.entries(s.tags ?? {})) {
      const allowed = STREAM_TAGS[key];
      if (key === 'creation_time') problems.push(`${where} carries a creation_time`);
      else if (!allowed) problems.push(`${where} tag ${tagName(key)} is not allowed`);
      else if (!allowed(value, type)) problems.push(`${where} tag ${tagName(key)} has a value outside the allow-list`);
    }
    for (const side of s.side_data_list ?? []) problems.push(`${where} carries side data (${side.side_data_type ?? 'unknown'})`);
  });
  return problems;
}

export function outputFactsFromProbe(raw: unknown): OutputFacts {
  const probe = (raw ?? {}) as RawOutputProbe;
  return {
    durationSeconds: Number(probe.format?.duration ?? 0) || 0,
    streams: (probe.streams ?? []).map((s) => {
      const frameRate = rate(s.avg_frame_rate) ?? rate(s.r_frame_rate);
      return {
        codecType: s.codec_type ?? 'unknown',
        codecName: s.codec_name ?? 'unknown',
        ...(s.width === undefined ? {} : { width: s.width }),
        ...(s.height === undefined ? {} : { height: s.height }),
        ...(frameRate === undefined ? {} : { frameRate }),
      };
    }),
  };
}

/** Probes once, walks the boxes, the video and the audio payload, and returns the problems, the facts the job result needs and the SHA-256. */
export async function inspectBlindedOutput(
  file: string,
  output: DeidentifyOutput = 'video',
): Promise<{ problems: string[]; facts: OutputFacts; sha256: string }> {
  const unreadable = ['the file cannot be read'];
  const [probed, boxes, payload, audio] = await Promise.all([
    probeJson(file).then(
      (raw) => ({ raw, readable: true }),
      () => ({ raw: undefined, readable: false }),
    ),
    Promise.all([boxProblems(file), unclaimedMediaDataProblems(file)]).then((lists) => lists.flat(), () => unreadable),
    inspectVideoPayload(file, output).catch(() => ({ sha256: '', problems: unreadable })),
    inspectAudioPayload(file).catch(() => unreadable),
  ]);
  if (!probed.readable) return { problems: ['ffprobe cannot read the file'], facts: { durationSeconds: 0, streams: [] }, sha256: payload.sha256 };
  return {
    // One cause can show in two walks (an unreadable file); say it once.
    problems: [...new Set([...probeProblems(probed.raw, output), ...boxes, ...payload.problems, ...audio])],
    facts: outputFactsFromProbe(probed.raw),
    sha256: payload.sha256,
  };
}

/** Everything about `file` that a de-identified clip must not have; an empty list means it passes. */
export async function verifyBlindedOutput(file: string, output: DeidentifyOutput = 'video'): Promise<string[]> {
  return (await inspectBlindedOutput(file, output)).problems;
}
