// Where the H.264 samples are in an MP4 that ffmpeg wrote: the byte range of every sample of the
// video track, from its sample table, and the size of the length prefix before each NAL unit.
//
// Sources: ISO/IEC 14496-12 §8.4.3 (hdlr handler_type), §8.5.2 (stsd), §8.7.3 (stsz), §8.7.4
// (stsc: runs of chunks with the same number of samples), §8.7.5 (stco/co64 chunk offsets);
// ISO/IEC 14496-15 §5.3.3.1 (avcC: lengthSizeMinusOne in the low two bits of its fifth byte).
import { open } from 'node:fs/promises';
import type { Box } from './boxes';
import { boxAt, readAt } from './boxes';

export interface SampleRange {
  readonly offset: number;
  readonly size: number;
}

export interface VideoSamples {
  /** Bytes in each NAL unit's length prefix: 1, 2 or 4. */
  readonly lengthSize: number;
  /** Bytes in the avcC box beyond its parameter sets (and the High-profile fields): nothing belongs there. */
  readonly avcCTrailing: number;
  /** Every sample of the video track, sorted by offset, none overlapping another. */
  readonly ranges: readonly SampleRange[];
}

export class SampleTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleTableError';
  }
}

const MAX_MOOV_BYTES = 256 * 1024 * 1024;
// SampleEntry (8 bytes) + VisualSampleEntry's fixed fields (70 bytes) before its child boxes.
const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

function children(data: Buffer, parent: Box, skip = 0): Box[] {
  const boxes: Box[] = [];
  const end = parent.start + parent.size;
  let offset = parent.start + parent.headerSize + skip;
  while (offset < end) {
    const box = boxAt(data, offset, end);
    if (typeof box === 'string') throw new SampleTableError(box);
    boxes.push(box);
    offset = box.start + box.size;
  }
  return boxes;
}

function child(data: Buffer, parent: Box, type: string, skip = 0): Box | undefined {
  return children(data, parent, skip).find((b) => b.type === type);
}

function need(box: Box | undefined, name: string): Box {
  if (!box) throw new SampleTableError(`the video track has no ${name} box`);
  return box;
}

function body(box: Box): number {
  return box.start + box.headerSize;
}

function atLeast(box: Box, bytes: number): Box {
  if (box.size - box.headerSize < bytes) throw new SampleTableError(`the ${box.type} box is too short`);
  return box;
}

/** Reads a table of `count` fixed-size entries after a full box's version, flags and count. */
function table(data: Buffer, box: Box, firstEntryAt: number, count: number, entrySize: number, name: string): number {
  if (firstEntryAt + count * entrySize > box.start + box.size) throw new SampleTableError(`the ${name} table overruns its box`);
  return firstEntryAt;
}

/** avcC (ISO/IEC 14496-15 §5.3.3.1): the NAL length size, and how many bytes follow what the record defines. */
function avcConfig(data: Buffer, stbl: Box): { lengthSize: number; trailing: number } {
  const stsd = atLeast(need(child(data, stbl, 'stsd'), 'stsd'), 8);
  const entries = children(data, stsd, 8);
  const entry = entries[0];
  if (entries.length !== 1 || !entry || (entry.type !== 'avc1' && entry.type !== 'avc3')) {
    throw new SampleTableError('the video track is not described by a single H.264 sample entry');
  }
  atLeast(entry, VISUAL_SAMPLE_ENTRY_FIELDS);
  const avcC = need(child(data, entry, 'avcC', VISUAL_SAMPLE_ENTRY_FIELDS), 'avcC');
  if (avcC.size - avcC.headerSize < 7) throw new SampleTableError('the avcC box is too short');
  const start = body(avcC);
  const end = avcC.start + avcC.size;
  const lengthSize = (data.readUInt8(start + 4) & 0x03) + 1;
  if (lengthSize === 3) throw new SampleTableError('the NAL length prefix size is invalid');
  const profile = data.readUInt8(start + 1);
  let at = start + 5;
  const sets = (count: number): void => {
    for (let i = 0; i < count; i++) {
      if (at + 2 > end) throw new SampleTableError('the avcC parameter sets overrun the box');
      at += 2 + data.readUInt16BE(at);
      if (at > end) throw new SampleTableError('the avcC parameter sets overrun the box');
    }
  };
  sets(data.readUInt8(at++) & 0x1f); // sequence parameter sets
  if (at >= end) throw new SampleTableError('the avcC box has no picture parameter sets');
  sets(data.readUInt8(at++)); // picture parameter sets
  // High profiles may add chroma format, bit depths and SPS extensions (§5.3.3.1.2).
  if ([100, 110, 122, 144].includes(profile) && end - at >= 4) {
    at += 3;
    sets(data.readUInt8(at++));
  }
  return { lengthSize, trailing: end - at };
}

function rangesOf(data: Buffer, stbl: Box, fileSize: number): SampleRange[] {
  if (child(data, stbl, 'stz2')) throw new SampleTableError('compact sample sizes (stz2) are not supported');
  const stsz = atLeast(need(child(data, stbl, 'stsz'), 'stsz'), 12);
  const stsc = atLeast(need(child(data, stbl, 'stsc'), 'stsc'), 8);
  const stco = child(data, stbl, 'stco');
  const co64 = child(data, stbl, 'co64');
  const offsetsBox = atLeast(need(stco ?? co64, 'stco or co64'), 8);
  const wide = !stco;

  const fixedSize = data.readUInt32BE(body(stsz) + 4);
  const sampleCount = data.readUInt32BE(body(stsz) + 8);
  const sizesAt = fixedSize === 0 ? table(data, stsz, body(stsz) + 12, sampleCount, 4, 'stsz') : 0;
  const runCount = data.readUInt32BE(body(stsc) + 4);
  const runsAt = table(data, stsc, body(stsc) + 8, runCount, 12, 'stsc');
  const chunkCount = data.readUInt32BE(body(offsetsBox) + 4);
  const chunksAt = table(data, offsetsBox, body(offsetsBox) + 8, chunkCount, wide ? 8 : 4, offsetsBox.type);

  const ranges: SampleRange[] = [];
  let sample = 0;
  for (let run = 0; run < runCount; run++) {
    const firstChunk = data.readUInt32BE(runsAt + run * 12);
    const perChunk = data.readUInt32BE(runsAt + run * 12 + 4);
    const nextFirst = run + 1 < runCount ? data.readUInt32BE(runsAt + (run + 1) * 12) : chunkCount + 1;
    if (firstChunk < 1 || nextFirst <= firstChunk || nextFirst > chunkCount + 1) throw new SampleTableError('the stsc table is out of order');
    for (let chunk = firstChunk; chunk < nextFirst; chunk++) {
      const at = chunksAt + (chunk - 1) * (wide ? 8 : 4);
      let offset = wide ? Number(data.readBigUInt64BE(at)) : data.readUInt32BE(at);
      for (let k = 0; k < perChunk; k++, sample++) {
        if (sample >= sampleCount) throw new SampleTableError('the chunks hold more samples than stsz lists');
        const size = fixedSize === 0 ? data.readUInt32BE(sizesAt + sample * 4) : fixedSize;
        if (offset + size > fileSize) throw new SampleTableError('a video sample lies beyond the end of the file');
        ranges.push({ offset, size });
        offset += size;
      }
    }
  }
  if (sample !== sampleCount) throw new SampleTableError('the chunks hold fewer samples than stsz lists');
  ranges.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1] as SampleRange;
    if ((ranges[i] as SampleRange).offset < previous.offset + previous.size) throw new SampleTableError('video samples overlap');
  }
  return ranges;
}

function handlerType(data: Buffer, trak: Box): string {
  const mdia = child(data, trak, 'mdia');
  const hdlr = mdia && child(data, mdia, 'hdlr');
  if (!hdlr || hdlr.size - hdlr.headerSize < 12) return '';
  return data.toString('latin1', body(hdlr) + 8, body(hdlr) + 12);
}

/** The video track's samples, or undefined when the file has no video track. Throws SampleTableError on a table it cannot follow. */
export async function readVideoSamples(path: string): Promise<VideoSamples | undefined> {
  const file = await open(path, 'r');
  try {
    const { size: fileSize } = await file.stat();
    let offset = 0;
    let moov: Buffer | undefined;
    while (offset < fileSize) {
      const header = boxAt(await readAt(file, offset, 16), 0, fileSize - offset);
      if (typeof header === 'string') throw new SampleTableError(header);
      if (header.type === 'moov') {
        if (header.size > MAX_MOOV_BYTES) throw new SampleTableError('moov is implausibly large');
        moov = await readAt(file, offset, header.size);
        if (moov.length < header.size) throw new SampleTableError('moov is cut short');
        break;
      }
      offset += header.size;
    }
    if (!moov) throw new SampleTableError('the file has no moov box');
    const root = boxAt(moov, 0, moov.length);
    if (typeof root === 'string') throw new SampleTableError(root);
    const videoTracks = children(moov, root).filter((b) => b.type === 'trak' && handlerType(moov, b) === 'vide');
    if (videoTracks.length === 0) return undefined;
    if (videoTracks.length > 1) throw new SampleTableError('the file has more than one video track');
    const trak = videoTracks[0] as Box;
    const mdia = need(child(moov, trak, 'mdia'), 'mdia');
    const minf = need(child(moov, mdia, 'minf'), 'minf');
    const stbl = need(child(moov, minf, 'stbl'), 'stbl');
    const config = avcConfig(moov, stbl);
    return { lengthSize: config.lengthSize, avcCTrailing: config.trailing, ranges: rangesOf(moov, stbl, fileSize) };
  } finally {
    await file.close();
  }
}
