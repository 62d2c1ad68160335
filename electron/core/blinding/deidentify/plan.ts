// The ffmpeg arguments for one recording. Pure: source facts and masks in, argument arrays out.
//
// Decisions:
// - Stream copy when Chromium plays the streams as they are in MP4: 8-bit 4:2:0 H.264 video and
//   AAC, MP3 or Opus audio (or none). Anything else is re-encoded — video to H.264 (libx264
//   veryfast, CRF 20, yuv420p), audio to AAC — each stream on its own, so a camcorder's H.264 with
//   PCM audio keeps its picture untouched. `mode` is 'copy' only when both streams were copied.
// - Rotation: a rotated recording (phone video) is re-encoded with the rotation applied
//   (ffmpeg's autorotate), so every output stands upright and carries no display matrix. A rotation
//   is not identifying, but this keeps "no side data" a rule the verification can enforce, and
//   means masks are always drawn on the picture the coder will see.
// - Masks force a re-encode (see ./masks), and so does a uniform picture (types: UniformPicture):
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
import type { RegionMask, UniformPicture } from './types';

const COPYABLE_PIXEL_FORMATS = new Set(['yuv420p', 'yuvj420p']);
const COPYABLE_AUDIO = new Set(['aac', 'mp3', 'opus']);

export interface EncodePlan {
  readonly mode: 'copy' | 'transcode';
  /** 'none' for audio output (./audio). */
  readonly video: 'copy' | 'h264' | 'none';
  readonly audio: 'copy' | 'aac' | 'none';
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

export function canCopyVideo(facts: SourceFacts, masks: readonly RegionMask[]): boolean {
  const v = facts.video;
  return v.codecName === 'h264' && COPYABLE_PIXEL_FORMATS.has(v.pixelFormat) && v.rotation === 0 && masks.length === 0;
}

export function planEncode(facts: SourceFacts, masks: readonly RegionMask[] = [], picture?: UniformPicture): EncodePlan {
  const videoCopy = !picture && canCopyVideo(facts, masks);
  const audio = !facts.audio ? 'none' : !picture && COPYABLE_AUDIO.has(facts.audio.codecName) ? 'copy' : 'aac';
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
  const audioOptions =
    audio === 'none'
      ? ['-an']
      : audio === 'copy'
        ? ['-c:a', 'copy']
        : ['-c:a', 'aac', '-b:a', '128k', ...(picture ? ['-ar', '48000', '-ac', '2'] : [])];
  // ffmpeg 4.1's MP4 muxer marks Opus as experimental; Chromium plays it.
  const strict = audio === 'copy' && facts.audio?.codecName === 'opus' ? ['-strict', 'experimental'] : [];

  return {
    mode: videoCopy && audio !== 'aac' ? 'copy' : 'transcode',
    video: videoCopy ? 'copy' : 'h264',
    audio,
    inputOptions: ['-nostdin', '-hide_banner'],
    outputOptions: [
      '-map', '0:V:0',
      ...(audio === 'none' ? [] : ['-map', '0:a:0?']),
      ...STRIP_OPTIONS,
      ...videoOptions,
      ...audioOptions,
      ...strict,
      '-movflags', '+faststart',
      '-f', 'mp4',
    ],
  };
}
