// The avcC record of a stream copy, rid of every entry that is not the parameter set its list is
// for (an SEI listed among the SPS, say: ./avcC says why that happens), in place.
//
// The record shrinks by the bytes removed, and so does every box around it up to moov; the `free`
// box the muxer writes between moov and mdat in faststart output grows by as much, zero-filled.
// Nothing after it moves, so every chunk offset stays right and nothing is remuxed. Kept sets are
// not touched: a set of the right type that does not parse, or bytes after the record, still fail
// the verification (./videoPayload), which advises a re-encode.
import { open } from 'node:fs/promises';
import type { ParameterSetList } from './avcC';
import { LIST_TYPE, parseAvcC } from './avcC';
import type { Box } from './boxes';
import { readMoov, sampleEntry, SampleTableError, trackOf } from './moov';

function belongs(list: ParameterSetList, nal: Buffer): boolean {
  const header = nal[0];
  return header !== undefined && (header & 0x80) === 0 && (header & 0x1f) === LIST_TYPE[list];
}

/** A box's size field, lowered by `bytes` (a 32-bit size or a 64-bit largesize). */
function shrink(data: Buffer, box: Box, bytes: number): void {
  if (box.headerSize === 16) data.writeBigUInt64BE(BigInt(box.size - bytes), box.start + 8);
  else if (data.readUInt32BE(box.start) === box.size) data.writeUInt32BE(box.size - bytes, box.start);
  else throw new SampleTableError(`the ${box.type} box has a size that cannot be rewritten`);
}

/** Removes the avcC entries that are not parameter sets of their list's type; returns how many. */
export async function repairAvcC(path: string): Promise<number> {
  const moov = await readMoov(path);
  const track = trackOf(moov, 'vide');
  if (!track) return 0;
  const { stsd, entry } = sampleEntry(moov.data, track.stbl, 'video');
  const config = parseAvcC(moov.data, entry);
  const foreign = config.sets.filter((set) => !belongs(set.list, set.nal));
  if (foreign.length === 0) return 0;
  if (moov.next?.type !== 'free' || moov.next.start !== moov.fileOffset + moov.data.length) {
    throw new SampleTableError('the avcC box lists NAL units that are not parameter sets, and no free box follows moov to take up the bytes removed: re-encode it (a mask or a uniform picture does)');
  }

  const data = Buffer.from(moov.data);
  const removed = foreign.reduce((sum, set) => sum + 2 + set.nal.length, 0);
  for (const list of ['sps', 'pps', 'spsExt'] as const) {
    const at = config.countAt[list];
    const count = foreign.filter((set) => set.list === list).length;
    if (at === undefined || count === 0) continue;
    // The SPS count shares its byte with three reserved bits (§5.3.3.1.2).
    data[at] = list === 'sps' ? ((data[at] as number) & 0xe0) | (((data[at] as number) & 0x1f) - count) : (data[at] as number) - count;
  }
  for (const box of [moov.root, ...track.path, stsd, entry, config.avcC]) shrink(data, box, removed);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const set of foreign) {
    pieces.push(data.subarray(from, set.at));
    from = set.at + 2 + set.nal.length;
  }
  pieces.push(data.subarray(from));
  const rebuilt = Buffer.concat(pieces);

  const free = Buffer.alloc(moov.next.size + removed);
  free.writeUInt32BE(free.length, 0);
  free.write('free', 4, 'latin1');
  const file = await open(path, 'r+');
  try {
    await file.write(rebuilt, 0, rebuilt.length, moov.fileOffset);
    await file.write(free, 0, free.length, moov.fileOffset + rebuilt.length);
  } finally {
    await file.close();
  }
  return foreign.length;
}
