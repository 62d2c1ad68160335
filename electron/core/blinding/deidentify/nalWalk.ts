// Every NAL unit of every video sample, found in one sequential read of the file (which also gives
// its SHA-256), and sorted by what it may carry. A sample is a run of NAL units, each after a
// length prefix of the size avcC gives (ISO/IEC 14496-15 §5.3.3.1.2); the unit's type is the low
// five bits of its header byte (ITU-T H.264 §7.3.1, Table 7-1).
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { SampleTableError } from './moov';
import type { SampleRange, VideoSamples } from './samples';

export const SEI = 6;
export const FILLER = 12;
/** Parameter sets in the stream itself (a camcorder's transport stream repeats them at every keyframe). */
const PARAMETER_SETS = new Set([7, 8, 13]);
/** Access unit delimiter, end of sequence, end of stream: fixed, all but empty syntax. */
const DELIMITERS = new Set([9, 10, 11]);
// Types a decoder that shows the picture skips (Table 7-1: prefix NAL unit, subset SPS and slice
// extensions of SVC/MVC, auxiliary pictures): whatever they hold is never seen, so anything can be
// kept there.
const SKIPPED = new Set([14, 15, 19, 20]);
// Types H.264 reserves or leaves unspecified (Table 7-1): nothing a decoder reads.
const UNSPECIFIED = new Set([0, 16, 17, 18, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);
const READ_BYTES = 1 << 20;

export interface NalUnit {
  /** File offset of the NAL unit's header byte (after its length prefix). */
  readonly offset: number;
  /** Bytes from the header byte to the end of the unit. */
  readonly length: number;
  readonly type: number;
}

export interface VideoScan {
  /** SHA-256 of the whole file, when asked for. */
  readonly sha256?: string;
  /** Every SEI NAL unit in the video; empty for a file without video. */
  readonly sei: readonly NalUnit[];
  /** Filler data NAL units: their bytes belong to be 0xFF, and nothing else. */
  readonly filler: readonly NalUnit[];
  /** SPS, PPS and SPS extensions in the samples, in stream order. */
  readonly parameterSets: readonly NalUnit[];
  /** Access unit delimiters, end of sequence and end of stream units. */
  readonly delimiters: readonly NalUnit[];
  /** Units a decoder skips (SVC, MVC, auxiliary pictures). */
  readonly skipped: readonly NalUnit[];
  /** NAL units of a reserved or unspecified type. */
  readonly unspecified: readonly NalUnit[];
  readonly nalUnits: number;
}

/** Walks the NAL units of a sorted list of samples over the file's bytes as they stream past. */
class NalWalker {
  private sample = 0;
  private position: number;
  private carry: Buffer = Buffer.alloc(0);
  private carryStart = 0;
  units = 0;
  readonly found = { sei: [] as NalUnit[], filler: [] as NalUnit[], parameterSets: [] as NalUnit[], delimiters: [] as NalUnit[], skipped: [] as NalUnit[], unspecified: [] as NalUnit[] };

  constructor(
    private readonly ranges: readonly SampleRange[],
    private readonly lengthSize: number,
  ) {
    this.position = ranges[0]?.offset ?? 0;
  }

  private sort(unit: NalUnit): void {
    const { type } = unit;
    if (type === SEI) this.found.sei.push(unit);
    else if (type === FILLER) this.found.filler.push(unit);
    else if (PARAMETER_SETS.has(type)) this.found.parameterSets.push(unit);
    else if (DELIMITERS.has(type)) this.found.delimiters.push(unit);
    else if (SKIPPED.has(type)) this.found.skipped.push(unit);
    else if (UNSPECIFIED.has(type)) this.found.unspecified.push(unit);
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
      this.sort({ offset: this.position + this.lengthSize, length, type });
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

/** One sequential read of the file: its NAL units by kind and, optionally, its SHA-256. */
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
  const none: NalUnit[] = [];
  const found = walker?.found;
  return {
    ...(hash ? { sha256: hash.digest('hex') } : {}),
    sei: found?.sei ?? none,
    filler: found?.filler ?? none,
    parameterSets: found?.parameterSets ?? none,
    delimiters: found?.delimiters ?? none,
    skipped: found?.skipped ?? none,
    unspecified: found?.unspecified ?? none,
    nalUnits: walker?.units ?? 0,
  };
}

/** The units' bytes, read from the file one by one (they are few, and small). */
export async function readUnits(path: string, units: readonly NalUnit[]): Promise<Buffer[]> {
  if (units.length === 0) return [];
  const file = await open(path, 'r');
  try {
    const out: Buffer[] = [];
    for (const unit of units) {
      const nal = Buffer.alloc(unit.length);
      const { bytesRead } = await file.read(nal, 0, unit.length, unit.offset);
      out.push(nal.subarray(0, bytesRead));
    }
    return out;
  } finally {
    await file.close();
  }
}
