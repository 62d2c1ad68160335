// Parameter sets parsed to their last bit (H.264 §7.3.2.1–7.3.2.2, Annex E), and the avcC rule
// built on them: only SPS, PPS and SPS extensions, in their own lists, with nothing appended. The
// real sets below are x264's (through ffmpeg 4.1), copied from the avcC of clips it encoded.
import { describe, expect, it } from 'vitest';
import type { AvcConfig, ListedSet } from '../../../electron/core/blinding/deidentify/avcC';
import { parameterSetProblem, parsePps, parseSps, parseSpsExtension } from '../../../electron/core/blinding/deidentify/parameterSets';
import { BitReader, rbspOf } from '../../../electron/core/blinding/deidentify/rbsp';
import { avcCProblems } from '../../../electron/core/blinding/deidentify/videoPayload';

const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const X264 = {
  highSps: hex('6764000dacd94141fb011000000300100000030320f1429960'),
  highPps: hex('68ebe3cb22c0'), // transform_8x8_mode: the part after more_rbsp_data()
  baselineSps: hex('6742c00ad9047b011000000300100000030320f1226480'),
  baselinePps: hex('68cb83cb20'),
  hrdSps: hex('67640014acd9447b01100000030010000003032606000f424001e84a6c30078a14cb'), // VUI with NAL HRD
};

describe('the RBSP reader', () => {
  it('drops emulation prevention bytes and the header byte', () => {
    expect([...rbspOf(hex('670000030100000302'))]).toEqual([0, 0, 1, 0, 0, 2]);
    // 0x000003 only counts after two zero bytes.
    expect([...rbspOf(hex('6700030000'))]).toEqual([0, 3, 0, 0]);
  });

  it('reads Exp-Golomb codes (§9.1): ue 0, 1, 2, 7 and se 1, −1, 2', () => {
    // 1 | 010 | 011 | 0001000 | 010 | 011 | 00100, then the stop bit.
    const r = new BitReader(Buffer.from([0b10100110, 0b00100001, 0b00110010, 0b01000000]));
    expect([r.ue(), r.ue(), r.ue(), r.ue()]).toEqual([0, 1, 2, 7]);
    expect([r.se(), r.se(), r.se()]).toEqual([1, -1, 2]);
    expect(() => r.trailingBits()).not.toThrow();
  });
});

describe('parameter sets', () => {
  it.each(Object.entries(X264))('x264 %s parses to its trailing bits', (_name, nal) => {
    expect(parameterSetProblem((nal[0] as number) & 0x1f, nal, new Map())).toBeUndefined();
  });

  it('reads the SPS id and chroma format that a PPS depends on', () => {
    expect(parseSps(X264.highSps)).toEqual({ id: 0, chromaFormatIdc: 1 });
    expect(parseSps(X264.baselineSps)).toEqual({ id: 0, chromaFormatIdc: 1 });
  });

  it.each(Object.entries(X264))('x264 %s with text appended fails; with zero bytes appended it passes', (_name, nal) => {
    const type = (nal[0] as number) & 0x1f;
    expect(parameterSetProblem(type, Buffer.concat([nal, Buffer.from('Camera PX-40711')]), new Map())).toBe('data follows the end of its syntax');
    expect(parameterSetProblem(type, Buffer.concat([nal, Buffer.alloc(3)]), new Map())).toBeUndefined();
  });

  it('a set cut short fails, and so does text claiming to be one', () => {
    expect(() => parseSps(X264.highSps.subarray(0, 12))).toThrow(/runs past the end|ends without its stop bit/);
    expect(() => parsePps(X264.highPps.subarray(0, 3), new Map())).toThrow();
    expect(parameterSetProblem(7, Buffer.concat([Buffer.from([0x67]), Buffer.from('PX-40711 ARM-VIPP')]), new Map())).toBeDefined();
  });

  it('parses an SPS extension (§7.3.2.1.2) with and without an alpha plane', () => {
    // seq_parameter_set_id 0 ('1'), aux_format_idc 0 ('1'), additional_extension_flag '0', the stop bit '1'.
    expect(() => parseSpsExtension(Buffer.from([0x6d, 0b11010000]))).not.toThrow();
    // id 0, aux_format_idc 1 (010), bit_depth_aux_minus8 0 (1), alpha_incr 0, opaque 255 and transparent 0 in 9 bits, flag 0, stop.
    const bits = '1' + '010' + '1' + '0' + '011111111' + '000000000' + '0' + '1';
    const padded = bits.padEnd(Math.ceil(bits.length / 8) * 8, '0');
    const body = Buffer.from(padded.match(/.{8}/g)?.map((b) => Number.parseInt(b, 2)) ?? []);
    expect(() => parseSpsExtension(Buffer.concat([Buffer.from([0x6d]), body]))).not.toThrow();
    expect(() => parseSpsExtension(Buffer.concat([Buffer.from([0x6d]), body, Buffer.from('PX')]))).toThrow('data follows the end of its syntax');
  });
});

describe('avcCProblems', () => {
  const sei = Buffer.concat([hex('0605'), Buffer.from([21]), hex('5d1c2f6e8a4b4c3d9e7f1a2b3c4d5e6f'), Buffer.from('PX-40'), hex('80')]);
  const config = (sets: ListedSet[], trailing = 0): AvcConfig =>
    ({ avcC: { type: 'avcC', start: 0, headerSize: 8, size: 0 }, lengthSize: 4, sets, countAt: { sps: 0, pps: 0 }, trailing }) as AvcConfig;
  const set = (list: ListedSet['list'], nal: Buffer): ListedSet => ({ list, at: 0, nal });

  it('passes x264 records', () => {
    expect(avcCProblems(config([set('sps', X264.highSps), set('pps', X264.highPps)]), new Map())).toEqual([]);
  });

  it('refuses an SEI among the sequence parameter sets, with advice', () => {
    expect(avcCProblems(config([set('sps', X264.highSps), set('sps', sei), set('pps', X264.highPps)]), new Map())).toEqual([
      "the avcC box's sequence parameter sets (entry 2) is a NAL unit of type 6 (SEI, where cameras write dates and serial numbers), not 7: only parameter sets belong there; re-encode it (a mask or a uniform picture does)",
    ]);
  });

  it('refuses a set in the wrong list, one with the forbidden bit, one with text appended, and bytes after the record', () => {
    const problems = avcCProblems(
      config([set('sps', X264.highSps), set('pps', X264.highSps), set('pps', Buffer.concat([Buffer.from([0x88]), X264.highPps.subarray(1)])), set('pps', Buffer.concat([X264.highPps, Buffer.from('PX')]))], 9),
      new Map(),
    );
    expect(problems).toEqual([
      'the avcC box carries 9 byte(s) beyond its parameter sets',
      "the avcC box's picture parameter sets (entry 1) is a NAL unit of type 7, not 8: only parameter sets belong there; re-encode it (a mask or a uniform picture does)",
      "the avcC box's picture parameter sets (entry 2) is not a NAL unit: re-encode it (a mask or a uniform picture does)",
      "the avcC box's picture parameter sets (entry 3) does not parse as one (data follows the end of its syntax): re-encode it (a mask or a uniform picture does)",
    ]);
  });
});
