// Text planted inside the streams themselves, where no tag stripping reaches: a data stream element
// in AAC frames, and an SEI listed among avcC's parameter sets. Both survive a stream copy byte for
// byte, both play as before (a decoder skips them), and each planter's check reads the file back
// with an independent parser (ffmpeg's decoder, or the box layout written here) so that a leak test
// over them cannot pass vacuously.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { ffmpegPath } from '../../electron/core/media/binaries';
import { runFfmpeg } from '../../electron/core/media/run';

/**
 * A data stream element (ISO/IEC 14496-3 §4.4.2.7, id_syn_ele 4) holding `text`, inserted at the
 * start of the raw_data_block of every `every`-th ADTS frame. At the start of a block the element
 * is byte-aligned (3 + 4 + 1 + 8 bits), so the frame's own elements follow unchanged.
 */
export function adtsWithDataElement(adts: Buffer, text: string, every = 10): Buffer {
  const payload = Buffer.from(text, 'latin1');
  if (payload.length > 254) throw new Error('a DSE this simple holds at most 254 bytes');
  // id_syn_ele 100, element_instance_tag 0000, data_byte_align_flag 1; count; the bytes.
  const dse = Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
  const frames: Buffer[] = [];
  for (let at = 0, index = 0; at < adts.length; index++) {
    if (adts[at] !== 0xff || ((adts[at + 1] as number) & 0xf6) !== 0xf0) throw new Error(`no ADTS sync word at byte ${at}`);
    if (((adts[at + 1] as number) & 0x01) === 0) throw new Error('ADTS frames with a CRC are not handled');
    const length = (((adts[at + 3] as number) & 0x03) << 11) | ((adts[at + 4] as number) << 3) | ((adts[at + 5] as number) >> 5);
    if (((adts[at + 6] as number) & 0x03) !== 0) throw new Error('ADTS frames with several raw data blocks are not handled');
    const frame = adts.subarray(at, at + length);
    if (index % every !== 0) frames.push(frame);
    else {
      const header = Buffer.from(frame.subarray(0, 7));
      const grown = length + dse.length;
      header[3] = ((header[3] as number) & 0xfc) | (grown >> 11);
      header[4] = (grown >> 3) & 0xff;
      header[5] = ((header[5] as number) & 0x1f) | ((grown & 0x07) << 5);
      frames.push(header, dse, frame.subarray(7));
    }
    at += length;
  }
  return Buffer.concat(frames);
}

/** `file` with `text` in a data stream element of every tenth AAC frame, remuxed with ffmpeg as a camera's file would be. */
export async function plantDataElement(file: string, work: string, text: string): Promise<void> {
  const adts = `${work}/audio.aac`;
  const planted = `${work}/planted.aac`;
  const remuxed = `${work}/with-dse.${file.split('.').pop() ?? 'mp4'}`;
  await runFfmpeg(['-y', '-i', file, '-map', '0:a:0', '-c', 'copy', '-f', 'adts', adts]);
  await writeFile(planted, adtsWithDataElement(await readFile(adts), text));
  await runFfmpeg(['-y', '-i', file, '-i', planted, '-map', '0:v:0', '-map', '1:a:0', '-c', 'copy', remuxed]);
  await writeFile(file, await readFile(remuxed));
}

/** The id_syn_ele of every element ffmpeg's AAC decoder meets in the file's first audio stream. */
export function aacElementTypes(file: string): Promise<Set<number>> {
  const args = ['-hide_banner', '-nostdin', '-loglevel', 'debug', '-debug', 'startcode', '-i', file, '-map', '0:a:0', '-f', 'null', '-'];
  return new Promise((resolve, reject) => {
    execFile(ffmpegPath(), args, { maxBuffer: 256 * 1024 * 1024 }, (error, _stdout, stderr) => {
      if (error) reject(new Error(`ffmpeg could not decode the audio: ${stderr.trim().split('\n').pop() ?? ''}`));
      else resolve(new Set([...stderr.matchAll(/Elem type:([0-7]) /g)].map((m) => Number(m[1]))));
    });
  });
}

interface Span {
  readonly type: string;
  readonly start: number;
  readonly size: number;
}

function boxes(data: Buffer, start: number, end: number): Span[] {
  const out: Span[] = [];
  for (let at = start; at < end; ) {
    const size = data.readUInt32BE(at);
    if (size < 8 || at + size > end) throw new Error(`unexpected box size at ${at}`);
    out.push({ type: data.toString('latin1', at + 4, at + 8), start: at, size });
    at += size;
  }
  return out;
}

/** The boxes from moov down to the video track's avcC (ISO/IEC 14496-12 §8.5.2, ISO/IEC 14496-15 §5.3.4.1). */
export function avcCPath(data: Buffer): Span[] {
  const top = boxes(data, 0, data.length);
  const moov = top.find((b) => b.type === 'moov');
  if (!moov) throw new Error('no moov');
  const inside = (box: Span, skip = 0): Span[] => boxes(data, box.start + 8 + skip, box.start + box.size);
  const named = (list: Span[], type: string): Span => {
    const found = list.find((b) => b.type === type);
    if (!found) throw new Error(`no ${type}`);
    return found;
  };
  for (const trak of inside(moov).filter((b) => b.type === 'trak')) {
    const mdia = named(inside(trak), 'mdia');
    const hdlr = named(inside(mdia), 'hdlr');
    if (data.toString('latin1', hdlr.start + 16, hdlr.start + 20) !== 'vide') continue;
    const minf = named(inside(mdia), 'minf');
    const stbl = named(inside(minf), 'stbl');
    const stsd = named(inside(stbl), 'stsd');
    const avc1 = named(inside(stsd, 8), 'avc1');
    return [moov, trak, mdia, minf, stbl, stsd, avc1, named(inside(avc1, 78), 'avcC')];
  }
  throw new Error('no video track');
}

/** The NAL unit type of each entry of avcC's SPS and PPS lists. */
export function avcCEntryTypes(data: Buffer): number[] {
  const avcC = avcCPath(data).at(-1) as Span;
  const types: number[] = [];
  let at = avcC.start + 8 + 5;
  for (const mask of [0x1f, 0xff]) {
    const count = (data[at++] as number) & mask;
    for (let i = 0; i < count; i++) {
      types.push((data[at + 2] as number) & 0x1f);
      at += 2 + data.readUInt16BE(at);
    }
  }
  return types;
}

/**
 * An SEI NAL unit of user data unregistered (ITU-T H.264 D.1.6: a UUID, then any bytes) holding
 * `text`, appended to avcC's list of sequence parameter sets. Every box around it grows; moov must
 * be the file's last box, so that no chunk offset moves.
 */
export function withSeiInAvcC(data: Buffer, text: string): Buffer {
  const path = avcCPath(data);
  const moov = path[0] as Span;
  if (moov.start + moov.size !== data.length) throw new Error('moov must be the last box');
  const avcC = path.at(-1) as Span;
  const payload = Buffer.concat([Buffer.from('5d1c2f6e8a4b4c3d9e7f1a2b3c4d5e6f', 'hex'), Buffer.from(text, 'latin1')]);
  if (payload.length > 254) throw new Error('text too long');
  const sei = Buffer.concat([Buffer.from([0x06, 0x05, payload.length]), payload, Buffer.from([0x80])]);
  const entry = Buffer.alloc(2 + sei.length);
  entry.writeUInt16BE(sei.length, 0);
  sei.copy(entry, 2);
  const out = Buffer.from(data);
  const countAt = avcC.start + 8 + 5;
  let at = countAt + 1;
  for (let i = 0; i < ((out[countAt] as number) & 0x1f); i++) at += 2 + out.readUInt16BE(at);
  out[countAt] = ((out[countAt] as number) & 0xe0) | (((out[countAt] as number) & 0x1f) + 1);
  for (const box of path) out.writeUInt32BE(box.size + entry.length, box.start);
  return Buffer.concat([out.subarray(0, at), entry, out.subarray(at)]);
}
