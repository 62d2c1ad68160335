// The ffmpeg arguments for one recording. Pure: source facts and masks in, argument arrays out.
//
// Decisions:
// - The picture is stream-copied when Chromium plays it as it is in MP4: 8-bit 4:2:0 H.264.
//   Anything else is re-encoded to H.264 (libx264 veryfast, CRF 20, yuv420p). `mode` says which.
// - The sound is always re-encoded, to AAC-LC at 128 kb/s with bitexact flags — never copied, not
//   even AAC. A copied audio stream keeps what its frames hold besides sound: an AAC frame's data
//   stream and fill elements (up to 510 and 269 bytes of anything; a fill element is where an
//   encoder writes its name and version, e.g. "Lavc58.35.100", which can tell one camera or site
//   from another: ISO/IEC 14496-3 §4.4.2.1, Tables 4.10, 4.11), an MP3 frame's
//   ancillary bits and its LAME tag, an Opus packet's padding (RFC 6716 §3.2.5: any bytes, which a
//   decoder ignores). Walking and overwriting those in place, as ./sei does for H.264, needs a full
//   parser of each codec (AAC elements have no lengths: finding a DSE after a channel pair means
//   decoding its Huffman-coded spectrum) and still fails HE-AAC, whose SBR lives in fill elements.
//   A re-encode holds for every codec at once, and its own output is easy to check (./aacFrames).
//   Its cost, measured (tests/bench/deidentify.ts, 2 cores, room-like stereo at 48 kHz): about
//   0.5 s of one core per minute of sound, which makes the pipeline some 14 times a bare remux
//   instead of 1.7 — about 45 s per hour of recording — and 1.0–1.25 times a remux that also
//   re-encodes the audio. ffmpeg's `-aac_coder fast` measured no faster, so the default coder stays.
// - More than two channels are downmixed to stereo, so the AudioSpecificConfig always names a
//   standard channel configuration and never needs a program config element, whose comment field
//   is free text (ISO/IEC 14496-3 §4.4.1.1). Mono stays mono.
// - Rotation: a rotated recording (phone video) is re-encoded with the rotation applied
//   (ffmpeg's autorotate), so every output stands upright and carries no display matrix. A rotation
//   is not identifying, but this keeps "no side data" a rule the verification can enforce, and
//   means masks are always drawn on the picture the coder will see.
// - Masks force a picture re-encode (see ./masks), and so does a uniform picture (types: UniformPicture):
//   after the masks, scale to fit, pad to the exact size, square pixels, a constant frame rate; the
//   audio becomes stereo AAC at 48 kHz, so channel count and sample rate are uniform too.
// - Explicit maps: the first non-picture video stream (`0:V:0`, capital V, so cover art or a phone
//   thumbnail is never taken as the video) and the first audio stream, optional (`0:a:0?`).
//   Nothing else is mapped, so subtitle, data, timecode and attachment streams cannot follow.
// - SEI NAL units (camcorders write the recording date and time there, e.g. AVCHD's MDPM user data)
//   are not left to ffmpeg: its filter_units bitstream filter rewrites every NAL unit to drop them,
//   several times the cost of the remux itself. The job overwrites them in place after the remux
//   instead (./sei), and the verification walks every NAL unit to prove none still holds anything.
import { maskChain } from './masks';
import type { SourceFacts } from './source';
import { uprightSize } from './source';
import type { CodingWindow, RegionMask, UniformPicture } from './types';

const COPYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);

export interface EncodePlan {
  /** 'copy' when the picture is remuxed untouched; audio is always re-encoded. */
  readonly mode: 'copy' | 'transcode';
  /** 'none' for audio output (./audio). */
  readonly video: 'copy' | 'h264' | 'none';
  readonly audio: 'aac' | 'none';
  readonly inputOptions: readonly string[];
  /** Everything between the input and the output path. */
  readonly outputOptions: readonly string[];
}

/** Flags that keep the muxer from writing anything it was not asked to: no tags, no dates, no ids. */
export const STRIP_OPTIONS: readonly string[] = [
  '-map_metadata', '-1',
  '-map_metadata:s:v', '-1',
  '-map_metadata:s:a', '-1',
  '-map_chapters', '-1',
  '-sn', '-dn',
  '-write_tmcd', '0',
  '-fflags', '+bitexact',
  '-flags:v', '+bitexact',
  '-flags:a', '+bitexact',
];

/** The one audio encode of every output (bitexact comes with STRIP_OPTIONS): AAC-LC, 128 kb/s. */
export const AAC_OPTIONS: readonly string[] = ['-c:a', 'aac', '-b:a', '128k'];

export function canCopyVideo(facts: SourceFacts, masks: readonly RegionMask[]): boolean {
  const v = facts.video;
  return v.codecName === 'h264' && COPYABLE_PIXEL_FORMATS.has(v.pixelFormat) && v.rotation === 0 && masks.length === 0;
}

/** How long the output of a recording runs: the whole of it, or what the coding window keeps of it. */
/** The shortest clip a coding window may leave of a recording. */
export const MIN_CLIP_SECONDS = 1;

export function windowedDuration(durationSeconds: number, window?: CodingWindow): number {
  return window ? Math.max(0, Math.min(window.lengthSeconds, durationSeconds - window.startSeconds)) : durationSeconds;
}

export function planEncode(facts: SourceFacts, masks: readonly RegionMask[] = [], picture?: UniformPicture, window?: CodingWindow): EncodePlan {
  // A coding window is cut with a re-encode: a stream copy could only start at a keyframe.
  const videoCopy = !picture && !window && canCopyVideo(facts, masks);
  const audio = facts.audio ? 'aac' : 'none';
  const upright = uprightSize(facts.video);
  const chain = videoCopy ? undefined : maskChain(masks, upright.width, upright.height);
  const fps = picture ? picture.fps : facts.video.frameRate > 0 ? facts.video.frameRate : 25;
  // Square pixels first (an HDV camcorder's 1440×1080 at 4:3 SAR is 1920×1080 on screen), so
  // the fit below works on the picture as seen, not on its storage.
  const uniform = picture
    ? ',scale=trunc(iw*sar/2)*2:ih,setsar=1' +
      `,scale=${picture.width}:${picture.height}:force_original_aspect_ratio=decrease,` +
      `pad=${picture.width}:${picture.height}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,fps=${picture.fps}`
    : '';

  const videoOptions = chain
    ? [
        '-vf', chain.filter + uniform,
        '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '20', '-pix_fmt', 'yuv420p',
        // A keyframe every two seconds: coders scrub back and forth, and seeking decodes from one.
        '-g', String(Math.max(1, Math.round(fps * 2))),
        // Keep the source's timing (phones record variable frame rate) instead of duplicating
        // frames — unless a uniform picture asks for a constant rate (the fps filter).
        ...(picture ? [] : ['-vsync', 'vfr']),
      ]
    : ['-c:v', 'copy'];
  const audioOptions = facts.audio
    ? [...AAC_OPTIONS, ...(picture ? ['-ar', '48000', '-ac', '2'] : facts.audio.channels > 2 ? ['-ac', '2'] : [])]
    : ['-an'];

  return {
    mode: videoCopy ? 'copy' : 'transcode',
    video: videoCopy ? 'copy' : 'h264',
    audio,
    // Seeking on the input with a re-encode is exact (ffmpeg decodes from the keyframe before it).
    inputOptions: ['-nostdin', '-hide_banner', ...(window ? ['-ss', String(window.startSeconds)] : [])],
    outputOptions: [
      ...(window ? ['-t', String(window.lengthSeconds)] : []),
      '-map', '0:V:0',
      ...(audio === 'none' ? [] : ['-map', '0:a:0?']),
      ...STRIP_OPTIONS,
      ...videoOptions,
      ...audioOptions,
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
  };
}
