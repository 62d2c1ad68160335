// What an adversarial recording (./mediaFixtures) plants, and the proof that each planted kind is
// really in the fixture — read back with ffprobe, the file's bytes, ffmpeg's AAC decoder or the
// avcC layout — so that a leak test over it cannot pass vacuously.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ffmpegPath } from '../../electron/core/media/binaries';
import { probeJson } from '../../electron/core/media/probe';
import { aacElementTypes, avcCEntryTypes } from './streamPlants';

export interface PlantedValues {
  readonly participant: string;
  readonly arm: string;
  readonly timepoint?: string;
  /** ISO 8601, UTC; planted as creation_time. Default 2021-03-04T05:06:07Z. */
  readonly recordedAt?: string;
  /** ISO 6709; planted as the location tags. Default +52.3702+004.8952/ (Amsterdam). */
  readonly location?: string;
}

export type PlantedKind =
  | 'title'
  | 'comment'
  | 'artist'
  | 'description'
  | 'location'
  | 'apple-location'
  | 'creation-time'
  | 'stream-title'
  | 'handler-name'
  | 'stream-language'
  | 'chapters'
  | 'subtitle-track'
  | 'data-track'
  | 'timecode'
  | 'attachment'
  | 'rotation'
  | 'sei-user-data'
  /** A data stream element holding the ids, inside AAC frames. */
  | 'aac-data-element'
  /** The source encoder's name and version ("Lavc58.35.100") in an AAC fill element. */
  | 'aac-encoder-string'
  /** An SEI holding the ids, listed among avcC's parameter sets. */
  | 'avcc-sei';

/** The texts planted inside the streams: what a recorder's firmware or a camera's serial would say. */
export function inStreamTexts(p: Required<PlantedValues>): { dataElement: string; avcCSei: string } {
  return { dataElement: `Recorder ${p.participant} ${p.arm}`, avcCSei: `Camera serial ${p.participant} ${p.arm}` };
}

/** An encoder's versioned name, as ffmpeg writes it without +bitexact. */
export const ENCODER_STRING = /Lavc\d+\.\d+\.\d+/;

/** The first audio stream's frames alone, as ADTS: what a search for text "in the audio" reads. */
export function audioFrames(file: string): Promise<Buffer> {
  const args = ['-hide_banner', '-loglevel', 'error', '-nostdin', '-i', file, '-map', '0:a:0', '-c', 'copy', '-f', 'adts', '-'];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), args, { encoding: 'buffer', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg could not copy the audio out: ${stderr.toString().trim()}`));
      else resolve(stdout);
    });
  });
}

interface RawProbe {
  format?: { tags?: Record<string, string> };
  chapters?: { tags?: Record<string, string> }[];
  streams?: { codec_type?: string; tags?: Record<string, string>; side_data_list?: { rotation?: number }[] }[];
}

function includesAny(value: string | undefined, needles: readonly string[]): boolean {
  return value !== undefined && needles.some((n) => value.includes(n));
}

/** Checks each kind the container should carry against ffprobe, the file's bytes and its streams. */
export async function confirmPlanted(file: string, kinds: readonly PlantedKind[], p: Required<PlantedValues>): Promise<void> {
  const raw = (await probeJson(file)) as RawProbe;
  const bytes = await readFile(file);
  const inStream = kinds.some((k) => k.startsWith('aac-'));
  const [elements, audio] = inStream ? await Promise.all([aacElementTypes(file), audioFrames(file)]) : [new Set<number>(), Buffer.alloc(0)];
  const texts = inStreamTexts(p);
  const format = raw.format?.tags ?? {};
  const streams = raw.streams ?? [];
  const ids = [p.participant, p.arm];
  const streamTag = (type: string, key: string): string | undefined =>
    streams.find((s) => s.codec_type === type)?.tags?.[key] ?? streams.find((s) => s.codec_type === type)?.tags?.[key.toUpperCase()];
  const formatTag = (key: string): string | undefined => format[key] ?? format[key.toUpperCase()];
  const check: Record<PlantedKind, () => boolean> = {
    title: () => includesAny(formatTag('title'), ids),
    comment: () => includesAny(formatTag('comment'), ids),
    artist: () => includesAny(formatTag('artist'), ids),
    description: () => includesAny(formatTag('description'), ids),
    location: () => Object.entries(format).some(([k, v]) => /location/i.test(k) && v.includes(p.location.replace(/\/$/, ''))),
    'apple-location': () => format['com.apple.quicktime.location.ISO6709'] === p.location,
    'creation-time': () => (formatTag('creation_time') ?? '').startsWith(p.recordedAt.slice(0, 19)),
    'stream-title': () => includesAny(streamTag('video', 'title'), ids),
    'handler-name': () => includesAny(streamTag('video', 'handler_name'), ids) && includesAny(streamTag('audio', 'handler_name'), ids),
    'stream-language': () => streamTag('audio', 'language') === 'dut',
    chapters: () => (raw.chapters ?? []).length >= 2 && (raw.chapters ?? []).some((c) => includesAny(c.tags?.['title'], [p.participant])),
    'subtitle-track': () => streams.some((s) => s.codec_type === 'subtitle') && bytes.includes(`Subtitle ${p.participant}`),
    'data-track': () => streams.some((s) => s.codec_type === 'data'),
    timecode: () => streams.some((s) => s.tags?.['timecode'] === '01:02:03:04'),
    attachment: () => streams.some((s) => s.codec_type === 'attachment') && bytes.includes(`Notes ${p.participant}`),
    rotation: () => streams.some((s) => s.codec_type === 'video' && (s.side_data_list ?? []).some((d) => Math.abs(d.rotation ?? 0) > 0)),
    'sei-user-data': () => bytes.includes(`Camera log ${p.participant} ${p.arm} ${p.recordedAt.slice(0, 10)}`),
    // ffmpeg's decoder meets a DSE (id_syn_ele 4), and the text is in the audio frames themselves.
    'aac-data-element': () => elements.has(4) && audio.includes(texts.dataElement),
    // … a FIL (6), and the encoder's versioned name is in the audio frames, not only in a tag.
    'aac-encoder-string': () => elements.has(6) && ENCODER_STRING.test(audio.toString('latin1')),
    'avcc-sei': () => avcCEntryTypes(bytes).includes(6) && bytes.includes(texts.avcCSei),
  };
  const missing = kinds.filter((kind) => !check[kind]());
  if (missing.length > 0) throw new Error(`adversarial fixture ${basename(file)} lacks planted: ${missing.join(', ')}`);
}
