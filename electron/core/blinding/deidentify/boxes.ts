// A second look at the output, independent of ffprobe: walk the MP4 box tree and accept only the
// boxes a bitexact ffmpeg writes for one video and one audio track. ffprobe shows tags it knows;
// it does not show an XMP `uuid` box, a vendor's `udta` child, or the creation dates inside
// `mvhd`/`tkhd`/`mdhd` when they are set but not parsed. This allow-list does, and holds the leaves
// it keeps to their layouts (./leaves); a top-level `free` box may hold only zero bytes.
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { sampleEntryProblems, tableProblems } from './leaves';

/** Children each container may hold (ISO/IEC 14496-12). Leaves are not opened, except as below. */
export const ALLOWED_CHILDREN: Readonly<Record<string, readonly string[]>> = {
  '': ['ftyp', 'moov', 'mdat', 'free'],
  moov: ['mvhd', 'trak', 'udta'],
  trak: ['tkhd', 'edts', 'mdia'],
  edts: ['elst'],
  mdia: ['mdhd', 'hdlr', 'minf'],
  minf: ['vmhd', 'smhd', 'dinf', 'stbl'],
  dinf: ['dref'],
  stbl: ['stsd', 'stts', 'stss', 'ctts', 'cslg', 'stsc', 'stsz', 'stz2', 'stco', 'co64', 'sgpd', 'sbgp', 'sdtp'],
  // The metadata box ffmpeg always writes: a handler and an item list that may hold only the
  // encoder name (`©too`), whose value ffprobe's check pins to the bare "Lavf".
  udta: ['meta'],
  meta: ['hdlr', 'ilst'],
  ilst: ['\u00a9too'],
};

/** Full boxes (version + flags before their children). */
const FULL_CONTAINERS = new Set(['meta']);

const MAX_MOOV_BYTES = 256 * 1024 * 1024;
// ffmpeg's free box is 8 bytes; one that absorbed an avcC repair (./avcCRepair) a few hundred more.
const MAX_FREE_BYTES = 64 * 1024;

const IDENTITY_MATRIX = [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000];

export interface Box {
  readonly type: string;
  readonly start: number;
  readonly headerSize: number;
  readonly size: number;
}

/** Parses a box header; `available` is how many bytes remain in the parent from the box's start. */
function parseHeader(header: Buffer, available: number): Omit<Box, 'start'> | string {
  if (header.length < 8 || available < 8) return 'a box header is cut short';
  const type = header.toString('latin1', 4, 8);
  let size = header.readUInt32BE(0);
  let headerSize = 8;
  if (size === 1) {
    if (header.length < 16) return `box ${printable(type)} has a cut-short size`;
    size = Number(header.readBigUInt64BE(8));
    headerSize = 16;
  } else if (size === 0) {
    size = available;
  }
  if (size < headerSize || size > available) return `box ${printable(type)} overruns its parent`;
  return { type, headerSize, size };
}

export function boxAt(data: Buffer, offset: number, end: number): Box | string {
  const header = parseHeader(data.subarray(offset, Math.min(end, offset + 16)), end - offset);
  return typeof header === 'string' ? header : { ...header, start: offset };
}

function printable(type: string): string {
  return /^[\x20-\x7e\u00a9]{4}$/.test(type) ? type : 'with an unprintable name';
}

/** Dates (seconds since 1904) and, for tkhd, the display matrix, read from a header box. */
function checkHeader(data: Buffer, box: Box, path: string, problems: string[]): void {
  const body = box.start + box.headerSize;
  const version = data.readUInt8(body);
  const wide = version === 1;
  const need = box.type === 'tkhd' ? (wide ? 52 : 40) + 36 : wide ? 20 : 12;
  if (box.size - box.headerSize < need) {
    problems.push(`${path} is too short`);
    return;
  }
  // The whole body (§8.2.2, §8.3.2, §8.4.2): version 1 widens dates and duration to 64 bits.
  const full = { mvhd: wide ? 112 : 100, tkhd: wide ? 96 : 84, mdhd: wide ? 36 : 24 }[box.type as 'mvhd' | 'tkhd' | 'mdhd'];
  if (box.size - box.headerSize > full) problems.push(`${path} carries ${box.size - box.headerSize - full} byte(s) beyond its syntax`);
  const created = wide ? data.readBigUInt64BE(body + 4) : BigInt(data.readUInt32BE(body + 4));
  const modified = wide ? data.readBigUInt64BE(body + 12) : BigInt(data.readUInt32BE(body + 8));
  if (created !== 0n || modified !== 0n) problems.push(`${path} carries a creation or modification date`);
  if (box.type === 'tkhd') {
    const matrixAt = body + (wide ? 52 : 40);
    const matrix = IDENTITY_MATRIX.map((_, i) => data.readInt32BE(matrixAt + i * 4));
    if (matrix.some((value, i) => value !== IDENTITY_MATRIX[i])) problems.push(`${path} has a display matrix (rotation)`);
  }
}

function walk(data: Buffer, start: number, end: number, parent: string, path: string, problems: string[]): void {
  const allowed = ALLOWED_CHILDREN[parent] ?? [];
  let offset = start;
  while (offset < end) {
    const box = boxAt(data, offset, end);
    if (typeof box === 'string') {
      problems.push(`${path || 'file'}: ${box}`);
      return;
    }
    const here = path ? `${path}/${printable(box.type)}` : printable(box.type);
    if (!allowed.includes(box.type)) {
      problems.push(`unexpected box ${here}`);
    } else if (box.type === 'mvhd' || box.type === 'tkhd' || box.type === 'mdhd') {
      checkHeader(data, box, here, problems);
    } else if (box.type === 'stsd') {
      problems.push(...sampleEntryProblems(data, box, here));
    } else if (ALLOWED_CHILDREN[box.type]) {
      const skip = FULL_CONTAINERS.has(box.type) ? 4 : 0;
      walk(data, box.start + box.headerSize + skip, box.start + box.size, box.type, here, problems);
    } else {
      problems.push(...tableProblems(data, box, here));
    }
    offset = box.start + box.size;
  }
}

export async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/**
 * Problems with the file's box structure: boxes outside the allow-list, dates in headers, a display
 * matrix, no `moov` before `mdat` (the output is meant to start playing before it has fully loaded).
 * Only the top-level headers and `moov` are read, never the media data.
 */
/** The file's top-level boxes, and what stopped the walk if a header is broken. */
export async function topLevelBoxes(file: FileHandle): Promise<{ boxes: Box[]; problem?: string }> {
  const { size } = await file.stat();
  const boxes: Box[] = [];
  for (let offset = 0; offset < size; ) {
    const header = parseHeader(await readAt(file, offset, 16), size - offset);
    if (typeof header === 'string') return { boxes, problem: `file: ${header}` };
    boxes.push({ ...header, start: offset });
    offset += header.size;
  }
  return { boxes };
}

export async function boxProblems(path: string): Promise<string[]> {
  const problems: string[] = [];
  const file = await open(path, 'r');
  try {
    const { boxes: topLevel, problem } = await topLevelBoxes(file);
    if (problem) problems.push(problem);
    for (const free of topLevel.filter((b) => b.type === 'free')) {
      const content = free.size <= MAX_FREE_BYTES ? await readAt(file, free.start + free.headerSize, free.size - free.headerSize) : undefined;
      if (!content || content.some((b) => b !== 0)) problems.push('a free box holds something other than zero bytes');
    }
    const types = topLevel.map((b) => b.type);
    const rootAllowed = ALLOWED_CHILDREN[''] ?? [];
    for (const t of types) if (!rootAllowed.includes(t)) problems.push(`unexpected box ${printable(t)}`);
    if (types.filter((t) => t === 'moov').length !== 1) problems.push('the file does not have exactly one moov box');
    const moov = topLevel.find((b) => b.type === 'moov');
    const mdatIndex = types.indexOf('mdat');
    if (moov && mdatIndex !== -1 && types.indexOf('moov') > mdatIndex) problems.push('moov comes after mdat (not faststart)');
    if (moov && moov.size > MAX_MOOV_BYTES) problems.push('moov is implausibly large');
    else if (moov) {
      const data = await readAt(file, moov.start, moov.size);
      if (data.length < moov.size) problems.push('moov is cut short');
      else walk(data, moov.headerSize, moov.size, 'moov', 'moov', problems);
    }
  } finally {
    await file.close();
  }
  return problems;
}
