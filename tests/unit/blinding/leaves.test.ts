// The leaf boxes a copy keeps, held to their layouts: tables exactly as long as their counts, sample
// entries with only the extensions the muxer writes, a compressor name with nothing behind it.
// The boxes are laid out here as ffmpeg 4.1 writes them (measured on its faststart output).
import { describe, expect, it } from 'vitest';
import type { Box } from '../../../electron/core/blinding/deidentify/boxes';
import { sampleEntryProblems, tableProblems } from '../../../electron/core/blinding/deidentify/leaves';

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, content]);
}
const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const at = (data: Buffer): Box => ({ type: data.toString('latin1', 4, 8), start: 0, headerSize: 8, size: data.length });

describe('tableProblems', () => {
  it.each([
    ['elst', '0000000000000001000007d00000040000010000'],
    ['sgpd', '01000000726f6c6c0000000200000001ffff'],
    ['sbgp', '00000000726f6c6c000000010000005f00000001'],
    ['stss', '000000000000000100000001'],
    ['stsz', '000000000000000000000002000000100000000f'],
    ['stsz', '00000000000001000000000a'],
    ['vmhd', '000000010000000000000000'],
    ['dref', '00000000000000010000000c75726c2000000001'],
    ['hdlr', '000000000000000076696465000000000000000000000000566964656f48616e646c657200'],
    ['hdlr', '00000000000000006d6469726170706c000000000000000000'], // the metadata handler, "appl" its maker
  ])("passes the muxer's %s", (type, body) => {
    const data = box(type, hex(body));
    expect(tableProblems(data, at(data), `moov/${type}`)).toEqual([]);
  });

  it('refuses bytes after the entries, and a table shorter than its count', () => {
    const padded = box('elst', hex('0000000000000001000007d00000040000010000'), Buffer.from('PX-40711'));
    expect(tableProblems(padded, at(padded), 'moov/trak/edts/elst')).toEqual(['moov/trak/edts/elst carries 8 byte(s) beyond its syntax']);
    const short = box('stco', hex('00000000000000030000001000000020'));
    expect(tableProblems(short, at(short), 'stco')).toEqual(['stco is shorter than its entries say']);
    const sgpd = box('sgpd', hex('00000000726f6c6c00000001'));
    expect(tableProblems(sgpd, at(sgpd), 'sgpd')).toEqual(['sgpd is not a table of the expected layout']);
  });

  it('refuses a data reference with a location, and a handler name with bytes hidden after its end', () => {
    const url = box('url ', hex('00000000'), Buffer.from('file:///Site A/PX-40711/\0'));
    const dref = box('dref', hex('0000000000000001'), url);
    expect(tableProblems(dref, at(dref), 'dinf/dref')).toEqual(['dinf/dref is not a table of the expected layout']);
    const hdlr = box('hdlr', hex('000000000000000076696465000000000000000000000000566964656f48616e646c657200'), Buffer.from('PX-40711\0'));
    expect(tableProblems(hdlr, at(hdlr), 'mdia/hdlr')).toEqual(['mdia/hdlr carries 9 byte(s) beyond its syntax']);
    const maker = box('hdlr', hex('00000000000000007669646550582d3400000000000000000000'));
    expect(tableProblems(maker, at(maker), 'mdia/hdlr')).toEqual(['mdia/hdlr is not a table of the expected layout']);
  });
});

describe('sampleEntryProblems', () => {
  // VisualSampleEntry fields (§12.1.3): 6 reserved, data_reference_index, 16 pre-defined/reserved,
  // width, height, resolutions, reserved, frame count, compressorname (32), depth, pre_defined.
  const visual = (name = ''): Buffer => {
    const fields = Buffer.alloc(78);
    fields.writeUInt16BE(1, 6);
    fields.writeUInt16BE(320, 24);
    fields.writeUInt16BE(240, 26);
    fields.writeUInt8(name.length, 42);
    fields.write(name, 43, 'latin1');
    fields.writeUInt16BE(0x18, 74);
    fields.writeInt16BE(-1, 76);
    return fields;
  };
  const stsd = (...entries: Buffer[]): Buffer => box('stsd', hex('00000000'), Buffer.from([0, 0, 0, entries.length]), ...entries);
  const avcC = box('avcC', hex('0164000dffe100196764000dacd94141fb011000000300100000030320f142996001000668ebe3cb22c0'));
  const problems = (data: Buffer): string[] => sampleEntryProblems(data, at(data), 'stbl/stsd');

  it('passes avc1 with avcC, pasp, btrt and an nclx colr, and a bare or bitexact compressor name', () => {
    const extensions = [avcC, box('pasp', hex('0000000100000001')), box('btrt', Buffer.alloc(12)), box('colr', Buffer.from('nclx'), hex('00010001000100'))];
    expect(problems(stsd(box('avc1', visual(), ...extensions)))).toEqual([]);
    expect(problems(stsd(box('avc1', visual('Lavc libx264'), avcC)))).toEqual([]);
  });

  it('refuses an ICC profile, an unknown child, a pasp of the wrong size, and text hidden behind the compressor name', () => {
    const icc = box('colr', Buffer.from('prof'), Buffer.from('Copyright Camera Maker PX-40711'));
    const hidden = visual();
    hidden.write('PX-40711', 50, 'latin1');
    expect(problems(stsd(box('avc1', visual(), avcC, icc, box('uuid', Buffer.alloc(16)), box('pasp', Buffer.alloc(12)))))).toEqual([
      'stbl/stsd/avc1/colr is not of the size and kind the muxer writes',
      'unexpected box stbl/stsd/avc1/uuid',
      'stbl/stsd/avc1/pasp is not of the size and kind the muxer writes',
    ]);
    expect(problems(stsd(box('avc1', hidden, avcC)))).toEqual(['stbl/stsd/avc1 has bytes after its compressor name']);
  });

  it('refuses sample entries other than avc1 and mp4a (HEVC, MP3, Opus are never kept)', () => {
    expect(problems(stsd(box('hvc1', visual()), box('.mp3', Buffer.alloc(28)), box('Opus', Buffer.alloc(28))))).toEqual([
      'stbl/stsd/hvc1 is not an H.264 or AAC sample entry',
      'stbl/stsd/.mp3 is not an H.264 or AAC sample entry',
      'stbl/stsd/Opus is not an H.264 or AAC sample entry',
    ]);
  });

  it('accepts an mp4a with esds and btrt only', () => {
    const mp4a = (...children: Buffer[]): Buffer => box('mp4a', Buffer.alloc(28), ...children);
    expect(problems(stsd(mp4a(box('esds', Buffer.alloc(4)), box('btrt', Buffer.alloc(12)))))).toEqual([]);
    expect(problems(stsd(mp4a(box('esds', Buffer.alloc(4)), box('chan', Buffer.alloc(12)))))).toEqual(['unexpected box stbl/stsd/mp4a/chan']);
  });
});
