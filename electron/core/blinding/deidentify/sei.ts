// SEI in the output's video: found by walking every NAL unit of every sample, and neutralised in
// place.
//
// Why: SEI NAL units (ITU-T H.264 §7.3.2.3, nal_unit_type 6) are where a camera puts what is not
// picture — AVCHD camcorders the recording date and time (MDPM user data), some cameras GPS or a
// serial number, an encoder its settings — and a stream copy carries them through untouched.
//
// How: each SEI NAL unit is overwritten, at its own length, by one that holds nothing but filler
// payload SEI messages (payloadType 3, H.264 Annex D: "payloadSize bytes equal to 0xFF", which a
// decoder discards). No size or offset changes, so the sample table stays valid and nothing is
// remuxed. It stays nal_unit_type 6 rather than becoming filler data (type 12), because filler data
// may not precede the first VCL NAL unit of a picture (§7.4.1.2.3) and SEI sits exactly there.
// (ffmpeg's filter_units=remove_types=6 did the same job by rewriting every NAL unit of the stream,
// several times the cost of the remux itself: see tests/bench/deidentify.ts.)
//
// Filler data NAL units (type 12) are overwritten the same way, with 0xFF bytes: they carry no
// picture, and a writer could have put anything in them. Units of a reserved or unspecified type
// cannot be neutralised in place and fail the output (a re-encode drops them).
//
// The same walk, with a SHA-256 of the file's bytes, is the verification: an output passes only
// when every SEI and filler NAL unit in it is neutral, none is of an unspecified type, and its avcC
// holds nothing beyond its parameter sets; a table this walk cannot follow fails the output.
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import type { SampleRange, VideoSamples } from './samples';
import { readVideoSamples, SampleTableError } from './samples';

const SEI = 6;
const FILLER = 12;
const FILLER_PAYLOAD = 3;
// NAL unit types H.264 reserves or leaves unspecified (Table 7-1): nothing a decoder reads, so
// anything at all could be kept in them. An output carrying one fails (a re-encode drops them).
const UNSPECIFIED = new Set([0, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
const TRAILING = 0x80;
const READ_BYTES = 1 << 20;

export interface NalUnit {
  /** File offset of the NAL unit's header byte (after its length prefix). */
  readonly offset: number;
  /** Bytes from the header byte to the end of the unit. */
  readonly length: number;
}

/** Walks the NAL units of a sorted list of samples over the file's bytes as they stream past. */
class NalWalker {
  private sample = 0;
  private position: number;
  private carry: Buffer = Buffer.alloc(0);
  private carryStart = 0;
  units = 0;
  readonly sei: NalUnit[] = [];
  readonly filler: NalUnit[] = [];
  readonly unspecified: NalUnit[] = [];

  constructor(
    private readonly ranges: readonly SampleRange[],
    private readonly lengthSize: number,
  ) {
    this.position = ranges[0]?.offset ?? 0;
  }

  feed(chunk: Buffer, start: number): void {
    const window = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
    const windowStart = this.carry.length > 0 ? this.carryStart : start;
    const windowEnd = start + chunk.length;
    const header = this.lengthSize + 1;
    while (this.sample < this.ranges.length) {
      const range = this.ranges[this.sample] as SampleRange;
      const end = range.offset + range.size;
      if (this.position >= end) {
        this.sample++;
        const next = this.ranges[this.sample];
        if (next) this.position = next.offset;
        continue;
      }
      if (end - this.position < header) throw new SampleTableError('a video sample ends inside a NAL unit header');
      if (this.position + header > windowEnd) break;
      const at = this.position - windowStart;
      const length = window.readUIntBE(at, this.lengthSize);
      const type = (window[at + this.lengthSize] as number) & 0x1f;
      if (length === 0 || this.position + this.lengthSize + length > end) throw new SampleTableError('a NAL unit overruns its sample');
      this.units++;
      const unit = { offset: this.position + this.lengthSize, length };
      if (type === SEI) this.sei.push(unit);
      else if (type === FILLER) this.filler.push(unit);
      else if (UNSPECIFIED.has(type)) this.unspecified.push(unit);
      this.position += this.lengthSize + length;
    }
    const keep = this.sample < this.ranges.length && this.position < windowEnd;
    this.carry = keep ? Buffer.from(window.subarray(this.position - windowStart)) : Buffer.alloc(0);
    this.carryStart = this.position;
  }

  finish(): void {
    if (this.sample < this.ranges.length) throw new SampleTableError('video samples lie beyond the end of the file');
  }
}

export interface VideoScan {
  /** SHA-256 of the whole file, when asked for. */
  readonly sha256?: string;
  /** Every SEI NAL unit in the video; empty for a file without video. */
  readonly sei: readonly NalUnit[];
  /** Filler data NAL units: their bytes belong to be 0xFF, and nothing else. */
  readonly filler: readonly NalUnit[];
  /** NAL units of a reserved or unspecified type. */
  readonly unspecified: readonly NalUnit[];
  readonly nalUnits: number;
}

/** One sequential read of the file: its SEI NAL units and, optionally, its SHA-256. */
export async function scanVideo(
  path: string,
  samples: Pick<VideoSamples, 'lengthSize' | 'ranges'> | undefined,
  options: { hash: boolean; /** Bytes per read; 1 MiB unless a test wants many boundaries. */ readBytes?: number },
): Promise<VideoScan> {
  const readBytes = options.readBytes ?? READ_BYTES;
  const hash = options.hash ? createHash('sha256') : undefined;
  const walker = samples && samples.ranges.length > 0 ? new NalWalker(samples.ranges, samples.lengthSize) : undefined;
  const file = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(readBytes);
    let position = 0;
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, readBytes, position);
      if (bytesRead === 0) break;
      const chunk = buffer.subarray(0, bytesRead);
      hash?.update(chunk);
      walker?.feed(chunk, position);
      position += bytesRead;
    }
  } finally {
    await file.close();
  }
  walker?.finish();
  return {
    ...(hash ? { sha256: hash.digest('hex') } : {}),
    sei: walker?.sei ?? [],
    filler: walker?.filler ?? [],
    unspecified: walker?.unspecified ?? [],
    nalUnits: walker?.units ?? 0,
  };
}

/** payloadType / payloadSize coding (§7.3.2.3.1): a 0xFF byte per 255, then the remainder. */
function codedSizeBytes(value: number): number {
  return Math.floor(value / 255) + 1;
}

function writeCoded(target: Buffer, at: number, value: number): number {
  let rest = value;
  let offset = at;
  while (rest >= 255) {
    target[offset++] = 0xff;
    rest -= 255;
  }
  target[offset++] = rest;
  return offset;
}

/** The largest payload whose message (type byte, size bytes, payload) is exactly `bytes` long, if any. */
function fillerFitting(bytes: number): number | undefined {
  for (let k = Math.max(0, bytes - 2 - Math.ceil(bytes / 255)); k <= bytes - 2; k++) {
    if (1 + codedSizeBytes(k) + k === bytes) return k;
  }
  return undefined;
}

/**
 * A neutral SEI NAL unit of exactly `length` bytes (header byte included): filler payload messages
 * and the trailing bits. Some lengths cannot be met by one message (the size coding skips a byte
 * at every multiple of 255), so a second, empty filler message takes up the two bytes. No two zero
 * bytes ever follow each other, so no emulation prevention is needed.
 */
export function neutralSei(length: number): Buffer | undefined {
  const inner = length - 2;
  if (inner < 2) return undefined;
  const one = fillerFitting(inner);
  const payloads = one !== undefined ? [one] : [fillerFitting(inner - 2), 0];
  if (payloads.some((k) => k === undefined)) return undefined;
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = SEI; // forbidden_zero_bit 0, nal_ref_idc 0 (required for SEI), type 6
  let at = 1;
  for (const k of payloads as number[]) {
    nal[at++] = FILLER_PAYLOAD;
    at = writeCoded(nal, at, k);
    at += k; // the payload: already 0xFF
  }
  nal[at] = TRAILING;
  return nal;
}

/** Filler data of exactly `length` bytes (§7.3.2.7): 0xFF bytes and the trailing bits. */
export function neutralFiller(length: number): Buffer {
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = FILLER;
  if (length > 1) nal[length - 1] = TRAILING;
  return nal;
}

export function isNeutralFiller(nal: Buffer): boolean {
  return nal.equals(neutralFiller(nal.length));
}

/** True when the NAL unit is an SEI holding only filler payload messages, and trailing bits. */
export function isNeutralSei(nal: Buffer): boolean {
  if (nal.length < 4 || nal[0] !== SEI || nal[nal.length - 1] !== TRAILING) return false;
  const end = nal.length - 1;
  let at = 1;
  const coded = (): number | undefined => {
    let value = 0;
    while (at < end && nal[at] === 0xff) {
      value += 255;
      at++;
    }
    if (at >= end) return undefined;
    return value + (nal[at++] as number);
  };
  while (at < end) {
    if (coded() !== FILLER_PAYLOAD) return false;
    const size = coded();
    if (size === undefined || at + size > end) return false;
    for (let i = at; i < at + size; i++) if (nal[i] !== 0xff) return false;
    at += size;
  }
  return at === end;
}

/** Overwrites every SEI and filler data NAL unit in the file's video with a neutral one, in place; returns how many. */
export async function neutraliseSei(path: string): Promise<number> {
  const samples = await readVideoSamples(path);
  if (!samples) return 0;
  const { sei, filler } = await scanVideo(path, samples, { hash: false });
  if (sei.length + filler.length === 0) return 0;
  const file = await open(path, 'r+');
  try {
    for (const unit of sei) {
      const neutral = neutralSei(unit.length);
      if (!neutral) throw new SampleTableError(`an SEI NAL unit of ${unit.length} bytes is too short to overwrite`);
      await file.write(neutral, 0, neutral.length, unit.offset);
    }
    for (const unit of filler) {
      const neutral = neutralFiller(unit.length);
      await file.write(neutral, 0, neutral.length, unit.offset);
    }
  } finally {
    await file.close();
  }
  return sei.length + filler.length;
}

export interface VideoPayloadInspection {
  readonly sha256: string;
  readonly problems: string[];
}

/**
 * The file's SHA-256 and what is wrong with its video payload: SEI NAL units that still hold
 * anything, or a sample table the walk cannot follow. One read of the file.
 */
export async function inspectVideoPayload(path: string, output: 'video' | 'audio' = 'video'): Promise<VideoPayloadInspection> {
  let samples: VideoSamples | undefined;
  const problems: string[] = [];
  try {
    samples = await readVideoSamples(path);
    if (!samples && output === 'video') problems.push('the file has no video track whose NAL units can be walked');
  } catch (error) {
    if (!(error instanceof SampleTableError)) throw error;
    problems.push(`the video's sample table cannot be followed (${error.message})`);
  }
  if (samples && samples.avcCTrailing > 0) problems.push(`the avcC box carries ${samples.avcCTrailing} byte(s) beyond its parameter sets`);
  let scan: VideoScan;
  try {
    scan = await scanVideo(path, samples, { hash: true });
  } catch (error) {
    if (!(error instanceof SampleTableError)) throw error;
    problems.push(`the video's NAL units cannot be followed (${error.message})`);
    scan = await scanVideo(path, undefined, { hash: true });
  }
  const carrying = await countNot(path, scan.sei, isNeutralSei);
  if (carrying > 0) problems.push(`the video carries ${carrying} SEI NAL unit(s) with content (cameras write dates and other data there)`);
  const stuffed = await countNot(path, scan.filler, isNeutralFiller);
  if (stuffed > 0) problems.push(`the video carries ${stuffed} filler NAL unit(s) holding something other than filler`);
  if (scan.unspecified.length > 0) {
    problems.push(`the video carries ${scan.unspecified.length} NAL unit(s) of a reserved or unspecified type (anything can be kept there): re-encode it (a mask or a uniform picture does)`);
  }
  return { sha256: scan.sha256 ?? '', problems };
}

/** How many of the units fail `neutral`, reading each from the file. */
async function countNot(path: string, units: readonly NalUnit[], neutral: (nal: Buffer) => boolean): Promise<number> {
  if (units.length === 0) return 0;
  const file = await open(path, 'r');
  let count = 0;
  try {
    for (const unit of units) {
      const nal = Buffer.alloc(unit.length);
      const { bytesRead } = await file.read(nal, 0, unit.length, unit.offset);
      if (bytesRead !== unit.length || !neutral(nal)) count++;
    }
  } finally {
    await file.close();
  }
  return count;
}
