// SEI in the output's video, neutralised in place.
//
// Why: SEI NAL units (ITU-T H.264 §7.3.2.3, nal_unit_type 6) are where a camera puts what is not
// picture — AVCHD camcorders the recording date and time (MDPM user data), some cameras GPS or a
// serial number, an encoder its settings — and a stream copy carries them through untouched.
//
// How: each SEI NAL unit is overwritten, at its own length, by one that holds nothing but filler
// payload SEI messages (payloadType 3, H.264 Annex D: "payloadSize bytes equal to 0xFF", which a
// decoder discards). No size or offset changes, so the sample table stays valid and nothing is
// remuxed. It stays nal_unit_type 6 rather than becoming filler data (type 12), because filler data
// may not precede the first VCL NAL unit of a picture (§7.4.1.2.3) and SEI sits exactly there.
// (ffmpeg's filter_units=remove_types=6 did the same job by rewriting every NAL unit of the stream,
// several times the cost of the remux itself: see tests/bench/deidentify.ts.)
//
// Filler data NAL units (type 12) are overwritten the same way, with 0xFF bytes: they carry no
// picture, and a writer could have put anything in them. What cannot be neutralised in place fails
// the output instead (./videoPayload), which is also where the same walk (./nalWalk) proves that
// every SEI and filler unit left is neutral.
import { open } from 'node:fs/promises';
import { FILLER, scanVideo, SEI } from './nalWalk';
import { SampleTableError } from './moov';
import { readVideoSamples } from './samples';

const FILLER_PAYLOAD = 3;
const TRAILING = 0x80;

/** payloadType / payloadSize coding (§7.3.2.3.1): a 0xFF byte per 255, then the remainder. */
function codedSizeBytes(value: number): number {
  return Math.floor(value / 255) + 1;
}

function writeCoded(target: Buffer, at: number, value: number): number {
  let rest = value;
  let offset = at;
  while (rest >= 255) {
    target[offset++] = 0xff;
    rest -= 255;
  }
  target[offset++] = rest;
  return offset;
}

/** The largest payload whose message (type byte, size bytes, payload) is exactly `bytes` long, if any. */
function fillerFitting(bytes: number): number | undefined {
  for (let k = Math.max(0, bytes - 2 - Math.ceil(bytes / 255)); k <= bytes - 2; k++) {
    if (1 + codedSizeBytes(k) + k === bytes) return k;
  }
  return undefined;
}

/**
 * A neutral SEI NAL unit of exactly `length` bytes (header byte included): filler payload messages
 * and the trailing bits. Some lengths cannot be met by one message (the size coding skips a byte
 * at every multiple of 255), so a second, empty filler message takes up the two bytes. No two zero
 * bytes ever follow each other, so no emulation prevention is needed.
 */
export function neutralSei(length: number): Buffer | undefined {
  const inner = length - 2;
  if (inner < 2) return undefined;
  const one = fillerFitting(inner);
  const payloads = one !== undefined ? [one] : [fillerFitting(inner - 2), 0];
  if (payloads.some((k) => k === undefined)) return undefined;
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = SEI; // forbidden_zero_bit 0, nal_ref_idc 0 (required for SEI), type 6
  let at = 1;
  for (const k of payloads as number[]) {
    nal[at++] = FILLER_PAYLOAD;
    at = writeCoded(nal, at, k);
    at += k; // the payload: already 0xFF
  }
  nal[at] = TRAILING;
  return nal;
}

/** Filler data of exactly `length` bytes (§7.3.2.7): 0xFF bytes and the trailing bits. */
export function neutralFiller(length: number): Buffer {
  const nal = Buffer.alloc(length, 0xff);
  nal[0] = FILLER;
  if (length > 1) nal[length - 1] = TRAILING;
  return nal;
}

export function isNeutralFiller(nal: Buffer): boolean {
  return nal.equals(neutralFiller(nal.length));
}

/** True when the NAL unit is an SEI holding only filler payload messages, and trailing bits. */
export function isNeutralSei(nal: Buffer): boolean {
  if (nal.length < 4 || nal[0] !== SEI || nal[nal.length - 1] !== TRAILING) return false;
  const end = nal.length - 1;
  let at = 1;
  const coded = (): number | undefined => {
    let value = 0;
    while (at < end && nal[at] === 0xff) {
      value += 255;
      at++;
    }
    if (at >= end) return undefined;
    return value + (nal[at++] as number);
  };
  while (at < end) {
    if (coded() !== FILLER_PAYLOAD) return false;
    const size = coded();
    if (size === undefined || at + size > end) return false;
    for (let i = at; i < at + size; i++) if (nal[i] !== 0xff) return false;
    at += size;
  }
  return at === end;
}

/** Overwrites every SEI and filler data NAL unit in the file's video with a neutral one, in place; returns how many. */
export async function neutraliseSei(path: string): Promise<number> {
  const samples = await readVideoSamples(path);
  if (!samples) return 0;
  const { sei, filler } = await scanVideo(path, samples, { hash: false });
  if (sei.length + filler.length === 0) return 0;
  const file = await open(path, 'r+');
  try {
    for (const unit of sei) {
      const neutral = neutralSei(unit.length);
      if (!neutral) throw new SampleTableError(`an SEI NAL unit of ${unit.length} bytes is too short to overwrite`);
      await file.write(neutral, 0, neutral.length, unit.offset);
    }
    for (const unit of filler) {
      const neutral = neutralFiller(unit.length);
      await file.write(neutral, 0, neutral.length, unit.offset);
    }
  } finally {
    await file.close();
  }
  return sei.length + filler.length;
}
