// The H.264 sample entry's configuration record, avcC (ISO/IEC 14496-15 §5.3.3.1): the NAL length
// size, and every parameter set it lists, with the list it came from.
//
// A stream copy writes the source's avcC as it is (ffmpeg's ff_isom_write_avcc copies a record
// that is already in this form), so what a camera or an editor put in it reaches the coder. The
// record lists "parameter sets" by length only, and a decoder skips any NAL unit there that is not
// one (ffmpeg: "Ignoring NAL type … in extradata"), so an SEI with user data can sit in the list
// unseen. Only the types §5.3.3.1.2 allows are kept (./avcCRepair) or accepted (./videoPayload).
import type { Box } from './boxes';
import { body, child, SampleTableError } from './moov';

// SampleEntry (8 bytes) + VisualSampleEntry's fixed fields (70 bytes) before its child boxes (ISO/IEC 14496-12 §12.1.3).
export const VISUAL_SAMPLE_ENTRY_FIELDS = 78;

export type ParameterSetList = 'sps' | 'pps' | 'spsExt';

/** The NAL unit type each list may hold (ITU-T H.264 Table 7-1): SPS 7, PPS 8, SPS extension 13. */
export const LIST_TYPE: Readonly<Record<ParameterSetList, number>> = { sps: 7, pps: 8, spsExt: 13 };

export const LIST_NAME: Readonly<Record<ParameterSetList, string>> = {
  sps: 'sequence parameter sets',
  pps: 'picture parameter sets',
  spsExt: 'sequence parameter set extensions',
};

export interface ListedSet {
  readonly list: ParameterSetList;
  /** Offset of the set's 16-bit length field in the moov buffer. */
  readonly at: number;
  /** The NAL unit, header byte first. */
  readonly nal: Buffer;
}

export interface AvcConfig {
  readonly avcC: Box;
  /** Bytes in each NAL unit's length prefix: 1, 2 or 4. */
  readonly lengthSize: number;
  readonly sets: readonly ListedSet[];
  /** Offsets of the count bytes, for a rewrite: SPS count (low 5 bits), PPS count, SPS-extension count. */
  readonly countAt: { readonly sps: number; readonly pps: number; readonly spsExt?: number };
  /** Bytes in the box beyond the record: nothing belongs there. */
  readonly trailing: number;
}

/** Parses the avcC box of an `avc1`/`avc3` sample entry. Throws SampleTableError on a record that overruns its box. */
export function parseAvcC(data: Buffer, entry: Box): AvcConfig {
  if (entry.type !== 'avc1' && entry.type !== 'avc3') throw new SampleTableError('the video track is not described by a single H.264 sample entry');
  if (entry.size - entry.headerSize < VISUAL_SAMPLE_ENTRY_FIELDS) throw new SampleTableError(`the ${entry.type} box is too short`);
  const avcC = child(data, entry, 'avcC', VISUAL_SAMPLE_ENTRY_FIELDS);
  if (!avcC) throw new SampleTableError('the video track has no avcC box');
  if (avcC.size - avcC.headerSize < 7) throw new SampleTableError('the avcC box is too short');
  const start = body(avcC);
  const end = avcC.start + avcC.size;
  const lengthSize = (data.readUInt8(start + 4) & 0x03) + 1;
  if (lengthSize === 3) throw new SampleTableError('the NAL length prefix size is invalid');
  const profile = data.readUInt8(start + 1);
  const sets: ListedSet[] = [];
  let at = start + 5;
  const read = (list: ParameterSetList, count: number): void => {
    for (let i = 0; i < count; i++) {
      if (at + 2 > end) throw new SampleTableError('the avcC parameter sets overrun the box');
      const length = data.readUInt16BE(at);
      if (at + 2 + length > end) throw new SampleTableError('the avcC parameter sets overrun the box');
      sets.push({ list, at, nal: data.subarray(at + 2, at + 2 + length) });
      at += 2 + length;
    }
  };
  const spsCountAt = at;
  read('sps', data.readUInt8(at++) & 0x1f);
  if (at >= end) throw new SampleTableError('the avcC box has no picture parameter sets');
  const ppsCountAt = at;
  read('pps', data.readUInt8(at++));
  // High profiles may add chroma format, bit depths and SPS extensions (§5.3.3.1.2).
  let spsExtCountAt: number | undefined;
  if ([100, 110, 122, 144].includes(profile) && end - at >= 4) {
    at += 3;
    spsExtCountAt = at;
    read('spsExt', data.readUInt8(at++));
  }
  return {
    avcC,
    lengthSize,
    sets,
    countAt: { sps: spsCountAt, pps: ppsCountAt, ...(spsExtCountAt === undefined ? {} : { spsExt: spsExtCountAt }) },
    trailing: end - at,
  };
}
