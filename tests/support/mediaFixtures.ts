// Media fixtures, generated with ffmpeg from lavfi test sources — never downloaded. The adversarial
// recording plants a participant's id and arm everywhere a recording can hide them — its tags and
// tracks, and inside its audio and video streams (./streamPlants) — then proves that each planted
// value really is in the fixture (./planted), so a leak test over it cannot pass vacuously.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ffmpegPath } from '../../electron/core/media/binaries';
import { runFfmpeg } from '../../electron/core/media/run';

export interface ClipOptions {
  readonly seconds?: number;
  /** WIDTHxHEIGHT, default 320x240. */
  readonly size?: string;
  readonly fps?: number;
  /** lavfi video source, default testsrc2. */
  readonly pattern?: string;
  readonly frequency?: number;
  /**
   * lavfi audio source, default a sine tone at `frequency`. A pure tone is the slowest thing an AAC
   * encoder meets; `anoisesrc=color=pink` sounds more like a room.
   */
  readonly audioSource?: string;
  /** Default libx264. */
  readonly videoCodec?: 'libx264' | 'mpeg4' | 'libvpx';
  /** Default yuv420p. */
  readonly pixelFormat?: string;
  /** Default aac; 'none' leaves the clip silent. */
  readonly audioCodec?: 'aac' | 'libmp3lame' | 'libopus' | 'pcm_s16le' | 'libvorbis' | 'none';
  /** libx264 preset, default veryfast. */
  readonly preset?: string;
  /** Extra output arguments before the path (e.g. a bitrate, '-f', 'matrixcontainer'). */
  readonly extra?: readonly string[];
}

function videoCodecArgs(o: ClipOptions, fps: number): string[] {
  const codec = o.videoCodec ?? 'libx264';
  const common = ['-pix_fmt', o.pixelFormat ?? 'yuv420p', '-g', String(fps)];
  if (codec === 'libx264') return ['-c:v', 'libx264', '-preset', o.preset ?? 'veryfast', ...common];
  if (codec === 'mpeg4') return ['-c:v', 'mpeg4', '-q:v', '5', ...common];
  return ['-c:v', 'libvpx', '-b:v', '1M', '-deadline', 'realtime', '-cpu-used', '8', ...common];
}

/** A test-pattern clip with a sine tone (unless silent), in the container the path's extension names. */
export async function makeClip(path: string, o: ClipOptions = {}): Promise<string> {
  const seconds = o.seconds ?? 2;
  const fps = o.fps ?? 25;
  const size = o.size ?? '320x240';
  const audio = o.audioCodec ?? 'aac';
  await runFfmpeg([
    '-y',
    '-f', 'lavfi', '-i', `${o.pattern ?? 'testsrc2'}=size=${size}:rate=${fps}:duration=${seconds}`,
    ...(audio === 'none' ? [] : ['-f', 'lavfi', '-i', `${o.audioSource ?? `sine=frequency=${o.frequency ?? 440}`}:duration=${seconds}`]),
    '-map', '0:v:0',
    ...(audio === 'none' ? [] : ['-map', '1:a:0']),
    ...videoCodecArgs(o, fps),
    ...(audio === 'none' ? [] : audio === 'pcm_s16le' ? ['-c:a', audio] : ['-c:a', audio, '-b:a', '96k']),
    ...(o.extra ?? []),
    path,
  ]);
  return path;
}

export type { PlantedKind, PlantedValues } from './planted';
import type { PlantedKind, PlantedValues } from './planted';
import { confirmPlanted, inStreamTexts } from './planted';
import { plantDataElement, withSeiInAvcC } from './streamPlants';

export interface AdversarialOptions {
  /**
   * mp4 and mov: H.264/AAC (a stream copy, unless rotated). mov also writes Apple's mdta keys.
   * mkv: MPEG-4 Part 2 video and MP3 audio, which Chromium cannot play in MP4, so a transcode; MKV
   * has no timecode track or rotation, and carries an attachment instead.
   */
  readonly container?: 'mp4' | 'mov' | 'mkv';
  /** Phone-style rotation (display matrix), default 90; mp4 and mov only. */
  readonly rotate?: 0 | 90 | 180 | 270;
  readonly seconds?: number;
  readonly size?: string;
}

export interface AdversarialRecording {
  readonly file: string;
  /** Strings that must appear nowhere in a de-identified output: ids, arm, place, date. */
  readonly needles: readonly string[];
  /** What was planted, each kind confirmed present in the fixture. */
  readonly planted: readonly PlantedKind[];
}

function srt(lines: readonly string[]): string {
  return lines.map((text, i) => `${i + 1}\n00:00:0${i},000 --> 00:00:0${i},900\n${text}\n`).join('\n');
}

function ffmetadata(p: PlantedValues, seconds: number): string {
  const half = Math.floor((seconds * 1000) / 2);
  return [
    ';FFMETADATA1',
    '[CHAPTER]', 'TIMEBASE=1/1000', 'START=0', `END=${half}`, `title=Participant ${p.participant}`,
    '[CHAPTER]', 'TIMEBASE=1/1000', `START=${half}`, `END=${seconds * 1000}`, `title=Arm ${p.arm}`,
    '',
  ].join('\n');
}

/**
 * A recording with the participant's id and arm planted in every place a phone, camera or editor
 * might put them. Built in two passes: encode a plain clip, then stream-copy it while adding the
 * metadata — the bundled ffmpeg 4.1 honours a `rotate` tag only on a stream copy. MP4 and MOV also
 * carry the ids inside the streams: a data stream element in the AAC frames (planted before the
 * second pass, which copies it), and an SEI among avcC's parameter sets (planted after it).
 */
export async function makeAdversarialRecording(
  path: string,
  planted: PlantedValues,
  o: AdversarialOptions = {},
): Promise<AdversarialRecording> {
  const container = o.container ?? 'mp4';
  const seconds = o.seconds ?? 2;
  const rotate = container === 'mkv' ? 0 : (o.rotate ?? 90);
  const p: Required<PlantedValues> = {
    timepoint: 'T1',
    recordedAt: '2021-03-04T05:06:07Z',
    location: '+52.3702+004.8952/',
    ...planted,
  };
  const tag = `${p.participant} ${p.arm} ${p.timepoint}`;
  const work = await mkdtemp(join(dirname(path), '.fixture-'));
  try {
    const isMkv = container === 'mkv';
    const base = join(work, isMkv ? 'base.mkv' : 'base.mp4');
    await makeClip(base, {
      seconds,
      ...(o.size ? { size: o.size } : {}),
      ...(isMkv ? { videoCodec: 'mpeg4', audioCodec: 'libmp3lame' } : {}),
    });
    // The clip's AAC was encoded without +bitexact, so its first frames name the encoder already.
    if (!isMkv) await plantDataElement(base, work, inStreamTexts(p).dataElement);
    const subtitles = join(work, 'subtitles.srt');
    await writeFile(subtitles, srt([`Subtitle ${p.participant}`, `Arm ${p.arm} at ${p.timepoint}`]));
    const metadata = join(work, 'chapters.txt');
    await writeFile(metadata, ffmetadata(p, seconds));
    const notes = join(work, `${p.participant}-notes.txt`);
    await writeFile(notes, `Notes ${p.participant} ${p.arm} ${p.timepoint}\n`);

    const kinds: PlantedKind[] = ['title', 'comment', 'artist', 'location', 'creation-time', 'stream-language', 'chapters', 'subtitle-track'];
    const args = [
      '-y', '-i', base, '-i', subtitles, '-i', metadata,
      '-map', '0:v:0', '-map', '0:a:0', '-map', '1:0',
      '-map_metadata', '2', '-map_chapters', '2',
      '-c:v', 'copy', '-c:a', 'copy', '-c:s', isMkv ? 'srt' : 'mov_text',
      '-metadata', `title=Visit ${tag}`,
      '-metadata', `comment=Allocated to ${p.arm}`,
      '-metadata', `artist=Family of ${p.participant}`,
      '-metadata', `description=${tag}`,
      '-metadata', `location=${p.location}`,
      '-metadata', `creation_time=${p.recordedAt}`,
      '-metadata:s:v:0', `title=Camera ${p.participant}`,
      '-metadata:s:a:0', 'language=dut',
      '-metadata:s:s:0', `title=Transcript ${p.participant}`,
    ];
    if (isMkv) {
      args.push('-attach', notes, '-metadata:s:t', 'mimetype=text/plain');
      kinds.push('description', 'stream-title', 'attachment');
    } else {
      args.push(
        '-metadata:s:v:0', `handler_name=Video ${p.participant}`,
        '-metadata:s:a:0', `handler_name=Audio ${p.arm}`,
        '-metadata:s:s:0', `handler_name=Text ${p.participant}`,
        // A tmcd track (a data stream) and the QuickTime chapter track (another data stream).
        '-timecode', '01:02:03:04',
        // What a camcorder writes inside the video stream itself: an SEI user-data message, which
        // no container tag shows and a stream copy would carry through. (The bitstream filter's
        // options are colon-separated, so the date goes in without its time.)
        '-bsf:v', `h264_metadata=sei_user_data=086f3693-b7b3-4f2c-9653-21492feee5b8+Camera log ${p.participant} ${p.arm} ${p.recordedAt.slice(0, 10)}`,
      );
      kinds.push('description', 'handler-name', 'data-track', 'timecode', 'sei-user-data', 'aac-data-element', 'aac-encoder-string', 'avcc-sei');
      if (container === 'mov') {
        args.push('-metadata', `com.apple.quicktime.location.ISO6709=${p.location}`, '-movflags', 'use_metadata_tags');
        kinds.push('apple-location');
      }
      if (rotate !== 0) {
        args.push('-metadata:s:v:0', `rotate=${rotate}`);
        kinds.push('rotation');
      }
    }
    args.push('-f', container === 'mkv' ? 'matroska' : container, path);
    await runFfmpeg(args);
    if (!isMkv) await writeFile(path, withSeiInAvcC(await readFile(path), inStreamTexts(p).avcCSei));
    await confirmPlanted(path, kinds, p);
    return {
      file: path,
      needles: [p.participant, p.arm, p.location.replace(/\/$/, ''), p.recordedAt.slice(0, 10)],
      planted: kinds,
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export interface RgbFrame {
  readonly width: number;
  readonly height: number;
  /** rgb24, row after row. */
  readonly data: Buffer;
}

/** The frame at `seconds` (decoded exactly, upright), as raw rgb24. */
export async function extractFrame(file: string, seconds: number, width: number, height: number): Promise<RgbFrame> {
  const work = await mkdtemp(join(dirname(file), '.frame-'));
  const out = join(work, 'frame.rgb');
  try {
    await runFfmpeg(['-y', '-i', file, '-ss', String(seconds), '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', out]);
    const data = await readFile(out);
    if (data.length !== width * height * 3) throw new Error(`frame is ${data.length} bytes, expected ${width}×${height}×3`);
    return { width, height, data };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Mean absolute difference per channel value between two frames, inside and outside a rectangle. */
export function meanAbsDiff(
  a: RgbFrame,
  b: RgbFrame,
  rect: { x: number; y: number; width: number; height: number },
): { inside: number; outside: number } {
  if (a.width !== b.width || a.height !== b.height) throw new Error('frames differ in size');
  let inSum = 0;
  let inCount = 0;
  let outSum = 0;
  let outCount = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const inside = x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;
      for (let c = 0; c < 3; c++) {
        const i = (y * a.width + x) * 3 + c;
        const d = Math.abs((a.data[i] ?? 0) - (b.data[i] ?? 0));
        if (inside) {
          inSum += d;
          inCount++;
        } else {
          outSum += d;
          outCount++;
        }
      }
    }
  }
  return { inside: inCount ? inSum / inCount : 0, outside: outCount ? outSum / outCount : 0 };
}

/** MD5 of the first video stream's decoded pictures: equal for a stream copy, different after a re-encode. */
export function decodedVideoMd5(file: string): Promise<string> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-map', '0:V:0', '-f', 'md5', '-'];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), args, { maxBuffer: 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg md5 failed: ${stderr.trim()}`));
      else resolve(stdout.trim().replace(/^MD5=/, ''));
    });
  });
}
