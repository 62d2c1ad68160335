// What the leaf boxes a stream copy keeps may hold (AUDIT.md argues each): tables of numbers exactly
// as long as their entry counts say (ISO/IEC 14496-12 §8), and sample entries whose only children
// are the extensions the muxer writes, each of its fixed size. A byte past the end of a table, a
// child box of another kind, or a compressor name with bytes after it, is a place text could sit
// that no parser reads; each fails the output.
import type { Box } from './boxes';
import { boxAt } from './boxes';
import { VISUAL_SAMPLE_ENTRY_FIELDS } from './avcC';

type Rule = (data: Buffer, body: number, end: number) => number | undefined;

const u32 = (data: Buffer, at: number, end: number): number | undefined => (at + 4 <= end ? data.readUInt32BE(at) : undefined);

/** The body size each leaf box must have, from its own counts; undefined where it is not that layout. */
export const TABLES: Readonly<Record<string, Rule>> = {
  stts: (d, b, e) => fixed(u32(d, b + 4, e), 8, 8),
  ctts: (d, b, e) => fixed(u32(d, b + 4, e), 8, 8),
  stss: (d, b, e) => fixed(u32(d, b + 4, e), 8, 4),
  stsc: (d, b, e) => fixed(u32(d, b + 4, e), 8, 12),
  stco: (d, b, e) => fixed(u32(d, b + 4, e), 8, 4),
  co64: (d, b, e) => fixed(u32(d, b + 4, e), 8, 8),
  // §8.7.3.2: a sample_size of 0 means one size per sample follows.
  stsz: (d, b, e) => (u32(d, b + 4, e) === 0 ? fixed(u32(d, b + 8, e), 12, 4) : 12),
  // §8.6.6: version 1 entries have 64-bit duration and time.
  elst: (d, b, e) => fixed(u32(d, b + 4, e), 8, b < e && d[b] === 1 ? 20 : 12),
  // §8.9.2: version 1 adds grouping_type_parameter.
  sbgp: (d, b, e) => (b < e && d[b] === 1 ? fixed(u32(d, b + 12, e), 16, 8) : fixed(u32(d, b + 8, e), 12, 8)),
  // §8.9.3, as the muxer writes it: version 1 with a default_length (the audio pre-roll, 'roll').
  sgpd: (d, b, e) => (b < e && d[b] === 1 && u32(d, b + 8, e) !== 0 ? fixed(u32(d, b + 12, e), 16, u32(d, b + 8, e) ?? 0) : undefined),
  // §8.6.1.3: five 32-bit numbers, or 64-bit in version 1.
  cslg: (d, b, e) => (b < e && d[b] === 1 ? 44 : 24),
  vmhd: () => 12,
  smhd: () => 8,
  // §8.7.2: one `url ` entry flagged self-contained (flags 1), so with no location string.
  dref: (d, b, e) => (u32(d, b + 4, e) === 1 && u32(d, b + 8, e) === 12 && d.toString('latin1', b + 12, b + 16) === 'url ' && u32(d, b + 16, e) === 1 ? 20 : undefined),
  // §8.4.3: zero pre_defined and reserved fields (QuickTime keeps a manufacturer there: the muxer
  // writes its own "appl" in the metadata handler), then the name up to its terminating zero and
  // not a byte more — ffprobe shows the name only to that zero.
  hdlr: (d, b, e) => {
    const manufacturer = b + 16 <= e ? d.toString('latin1', b + 12, b + 16) : '';
    if (b + 24 > e || u32(d, b + 4, e) !== 0 || !['\0\0\0\0', 'appl'].includes(manufacturer) || d.subarray(b + 16, b + 24).some((x) => x !== 0)) return undefined;
    const nul = d.indexOf(0, b + 24);
    return nul === -1 || nul >= e ? undefined : nul + 1 - b;
  },
};

function fixed(count: number | undefined, header: number, entry: number): number | undefined {
  return count === undefined ? undefined : header + count * entry;
}

/** Problems with a table box's length; empty for a box without a rule here. */
export function tableProblems(data: Buffer, box: Box, path: string): string[] {
  const rule = TABLES[box.type];
  if (!rule) return [];
  const body = box.start + box.headerSize;
  const end = box.start + box.size;
  const expected = rule(data, body, end);
  if (expected === undefined) return [`${path} is not a table of the expected layout`];
  const actual = end - body;
  if (actual === expected) return [];
  return [actual > expected ? `${path} carries ${actual - expected} byte(s) beyond its syntax` : `${path} is shorter than its entries say`];
}

/**
 * Children a sample entry may have, each at the one size its fields give (§12.1.3–12.1.5, §8.5.2.2;
 * ISO/IEC 14496-15 §5.4.2.1): pixel aspect ratio (two numbers), clean aperture (eight), bitrates
 * (three), colour as an nclx triple — never an ICC profile ('prof', 'rICC'), which carries text.
 */
export const ENTRY_CHILDREN: Readonly<Record<string, Readonly<Record<string, (data: Buffer, box: Box) => boolean>>>> = {
  avc1: {
    avcC: () => true, // ./videoPayload parses it
    pasp: (_, box) => box.size === 16,
    clap: (_, box) => box.size === 40,
    btrt: (_, box) => box.size === 20,
    colr: (data, box) => box.size === 19 && data.toString('latin1', box.start + 8, box.start + 12) === 'nclx',
  },
  mp4a: {
    esds: () => true, // ./audioTrack parses it
    btrt: (_, box) => box.size === 20,
  },
};

// SampleEntry (8 bytes) + AudioSampleEntry's fixed fields (20 bytes) before its boxes (§12.2.3).
const AUDIO_SAMPLE_ENTRY_FIELDS = 28;
// In VisualSampleEntry, compressorname (§12.1.3.2): a length byte and 31 bytes, after 34 bytes of fields.
const COMPRESSOR_NAME = 8 + 34;

/** Problems with stsd's sample entries: only avc1 and mp4a, only their known children, a bare compressor name. */
export function sampleEntryProblems(data: Buffer, stsd: Box, path: string): string[] {
  const problems: string[] = [];
  const end = stsd.start + stsd.size;
  for (let offset = stsd.start + stsd.headerSize + 8; offset < end; ) {
    const entry = boxAt(data, offset, end);
    if (typeof entry === 'string') return [...problems, `${path}: ${entry}`];
    offset = entry.start + entry.size;
    const here = `${path}/${/^[\x20-\x7e]{4}$/.test(entry.type) ? entry.type : 'an unprintable sample entry'}`;
    const allowed = ENTRY_CHILDREN[entry.type];
    const fields = entry.type === 'avc1' ? VISUAL_SAMPLE_ENTRY_FIELDS : AUDIO_SAMPLE_ENTRY_FIELDS;
    if (!allowed || entry.size - entry.headerSize < fields) {
      problems.push(`${here} is not an H.264 or AAC sample entry`);
      continue;
    }
    if (entry.type === 'avc1') {
      const name = entry.start + entry.headerSize + COMPRESSOR_NAME;
      const length = data.readUInt8(name);
      if (length > 31 || data.subarray(name + 1 + length, name + 32).some((b) => b !== 0)) problems.push(`${here} has bytes after its compressor name`);
    }
    for (let at = entry.start + entry.headerSize + fields; at < offset; ) {
      const child = boxAt(data, at, offset);
      if (typeof child === 'string') {
        problems.push(`${here}: ${child}`);
        break;
      }
      const check = allowed[child.type];
      if (!check) problems.push(`unexpected box ${here}/${/^[\x20-\x7e]{4}$/.test(child.type) ? child.type : 'with an unprintable name'}`);
      else if (!check(data, child)) problems.push(`${here}/${child.type} is not of the size and kind the muxer writes`);
      at = child.start + child.size;
    }
  }
  return problems;
}
