// Reading an output's `moov` and finding its tracks: the navigation that the sample-table walk
// (./samples), the audio track's checks (./audioTrack) and the avcC repair (./avcCRepair) share.
//
// Sources: ISO/IEC 14496-12 §4.2 (box headers), §8.4.3 (hdlr handler_type), §8.5.2 (stsd).
import { open } from 'node:fs/promises';
import type { Box } from './boxes';
import { boxAt, readAt } from './boxes';

export class SampleTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SampleTableError';
  }
}

const MAX_MOOV_BYTES = 256 * 1024 * 1024;

export function children(data: Buffer, parent: Box, skip = 0): Box[] {
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

export function child(data: Buffer, parent: Box, type: string, skip = 0): Box | undefined {
  return children(data, parent, skip).find((b) => b.type === type);
}

export function need(box: Box | undefined, name: string, track = 'video'): Box {
  if (!box) throw new SampleTableError(`the ${track} track has no ${name} box`);
  return box;
}

export function body(box: Box): number {
  return box.start + box.headerSize;
}

export function atLeast(box: Box, bytes: number): Box {
  if (box.size - box.headerSize < bytes) throw new SampleTableError(`the ${box.type} box is too short`);
  return box;
}

function handlerType(data: Buffer, trak: Box): string {
  const mdia = child(data, trak, 'mdia');
  const hdlr = mdia && child(data, mdia, 'hdlr');
  if (!hdlr || hdlr.size - hdlr.headerSize < 12) return '';
  return data.toString('latin1', body(hdlr) + 8, body(hdlr) + 12);
}

export interface Moov {
  /** The moov box's bytes, header included; box offsets below are into this buffer. */
  readonly data: Buffer;
  readonly root: Box;
  /** Where moov starts in the file. */
  readonly fileOffset: number;
  readonly fileSize: number;
  /** The top-level box right after moov, if any (faststart output: the muxer's `free`). */
  readonly next?: { readonly type: string; readonly start: number; readonly size: number };
}

/** The file's moov box, read whole. Throws SampleTableError when there is none or it is cut short. */
export async function readMoov(path: string): Promise<Moov> {
  const file = await open(path, 'r');
  try {
    const { size: fileSize } = await file.stat();
    let offset = 0;
    while (offset < fileSize) {
      const header = boxAt(await readAt(file, offset, 16), 0, fileSize - offset);
      if (typeof header === 'string') throw new SampleTableError(header);
      if (header.type === 'moov') {
        if (header.size > MAX_MOOV_BYTES) throw new SampleTableError('moov is implausibly large');
        const data = await readAt(file, offset, header.size);
        if (data.length < header.size) throw new SampleTableError('moov is cut short');
        const root = boxAt(data, 0, data.length);
        if (typeof root === 'string') throw new SampleTableError(root);
        const after = offset + header.size;
        const nextHeader = after < fileSize ? boxAt(await readAt(file, after, 16), 0, fileSize - after) : undefined;
        const next = nextHeader && typeof nextHeader !== 'string' ? { type: nextHeader.type, start: after, size: nextHeader.size } : undefined;
        return { data, root, fileOffset: offset, fileSize, ...(next ? { next } : {}) };
      }
      offset += header.size;
    }
    throw new SampleTableError('the file has no moov box');
  } finally {
    await file.close();
  }
}

export interface Track {
  readonly trak: Box;
  readonly stbl: Box;
  /** The boxes from trak down to stbl, outermost first (for rewriting sizes). */
  readonly path: readonly Box[];
}

/** The one track with this handler ('vide' or 'soun'), undefined when there is none; more than one throws. */
export function trackOf(moov: Moov, handler: 'vide' | 'soun'): Track | undefined {
  const name = handler === 'vide' ? 'video' : 'audio';
  const tracks = children(moov.data, moov.root).filter((b) => b.type === 'trak' && handlerType(moov.data, b) === handler);
  if (tracks.length === 0) return undefined;
  if (tracks.length > 1) throw new SampleTableError(`the file has more than one ${name} track`);
  const trak = tracks[0] as Box;
  const mdia = need(child(moov.data, trak, 'mdia'), 'mdia', name);
  const minf = need(child(moov.data, mdia, 'minf'), 'minf', name);
  const stbl = need(child(moov.data, minf, 'stbl'), 'stbl', name);
  return { trak, stbl, path: [trak, mdia, minf, stbl] };
}

/** The stsd box and its single sample entry (§8.5.2: version, flags and entry_count precede the entries). */
export function sampleEntry(data: Buffer, stbl: Box, track: string): { stsd: Box; entry: Box } {
  const stsd = atLeast(need(child(data, stbl, 'stsd'), 'stsd', track), 8);
  const entries = children(data, stsd, 8);
  const entry = entries[0];
  if (entries.length !== 1 || !entry || data.readUInt32BE(body(stsd) + 4) !== 1) {
    throw new SampleTableError(`the ${track} track does not have exactly one sample entry`);
  }
  return { stsd, entry };
}
