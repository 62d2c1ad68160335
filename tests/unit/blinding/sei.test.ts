// The neutral SEI that replaces camera data in place: exactly the length it replaces, only filler
// payload messages (H.264 §7.3.2.3.1 and Annex D), and never a byte pattern that would need
// emulation prevention. And the streaming walk that finds SEI, checked against files whose NAL
// units are laid out by the test, across read boundaries, for each length-prefix size.
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanVideo } from '../../../electron/core/blinding/deidentify/nalWalk';
import type { SampleRange } from '../../../electron/core/blinding/deidentify/samples';
import { isNeutralFiller, isNeutralSei, neutralFiller, neutralSei } from '../../../electron/core/blinding/deidentify/sei';

describe('neutralSei', () => {
  it('fills every length from 4 to 2,100 bytes exactly, with filler payloads only', () => {
    const bad: number[] = [];
    for (let length = 4; length <= 2100; length++) {
      const nal = neutralSei(length);
      const ok =
        nal !== undefined &&
        nal.length === length &&
        nal[0] === 0x06 &&
        nal[length - 1] === 0x80 &&
        isNeutralSei(nal) &&
        // No 0x00 0x00 anywhere: nothing that emulation prevention would have to escape.
        !nal.subarray(1).some((b, i) => b === 0 && nal[i] === 0);
      if (!ok) bad.push(length);
    }
    expect(bad).toEqual([]);
  });

  it('decodes a worked example by hand: 300 bytes is one message of 295 filler bytes', () => {
    // 1 header + 1 type + 2 size bytes (255 + 40) + 295 payload + 1 trailing = 300.
    const nal = neutralSei(300);
    expect([...(nal ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual([0x06, 0x03, 0xff, 40]);
    expect(nal?.subarray(4, 299).every((b) => b === 0xff)).toBe(true);
  });

  it('uses a second, empty message where one message cannot fit (the size coding skips a byte)', () => {
    // 259 bytes leave 257 for messages; one message of k bytes takes 2 + k + floor(k/255): 256 or 258, never 257.
    const nal = neutralSei(259);
    expect(nal).toBeDefined();
    expect([...(nal ?? Buffer.alloc(0)).subarray(255, 259)]).toEqual([0xff, 0x03, 0x00, 0x80]);
  });

  it('cannot make an SEI shorter than four bytes', () => {
    expect(neutralSei(3)).toBeUndefined();
    expect(neutralSei(1)).toBeUndefined();
  });
});

describe('neutralFiller', () => {
  it('is filler data (§7.3.2.7): the type-12 header, 0xFF bytes, the trailing bits', () => {
    expect([...neutralFiller(5)]).toEqual([0x0c, 0xff, 0xff, 0xff, 0x80]);
    expect(isNeutralFiller(neutralFiller(300))).toBe(true);
    expect(isNeutralFiller(Buffer.from([0x0c, 0x50, 0x58, 0x80]))).toBe(false);
  });
});

describe('isNeutralSei', () => {
  const userData = Buffer.concat([
    Buffer.from([0x06, 0x05, 0x15]),
    Buffer.from('086f3693b7b34f2c965321492feee5b8', 'hex'),
    Buffer.from('PX-40'),
    Buffer.from([0x80]),
  ]);
  it('refuses user data, a wrong type, a non-filler byte, a reference idc, missing trailing bits', () => {
    expect(isNeutralSei(userData)).toBe(false);
    const good = neutralSei(40) as Buffer;
    const wrongType = Buffer.from(good);
    wrongType[1] = 0x05;
    expect(isNeutralSei(wrongType)).toBe(false);
    const oneByte = Buffer.from(good);
    oneByte[20] = 0x41;
    expect(isNeutralSei(oneByte)).toBe(false);
    const referenced = Buffer.from(good);
    referenced[0] = 0x26;
    expect(isNeutralSei(referenced)).toBe(false);
    const untrailed = Buffer.from(good);
    untrailed[39] = 0xff;
    expect(isNeutralSei(untrailed)).toBe(false);
    // A size that runs past the end.
    expect(isNeutralSei(Buffer.from([0x06, 0x03, 0x09, 0xff, 0x80]))).toBe(false);
  });
});

describe('scanVideo', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'blindfold-sei-'));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  // A deterministic generator, so a failure reproduces.
  function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      return state / 2 ** 32;
    };
  }

  /** A file of samples (with gaps of other data between them) made of NAL units; the SEI units' places. */
  function layout(lengthSize: number, seed: number, bytes = 2.5 * (1 << 20)) {
    const next = random(seed);
    const parts: Buffer[] = [];
    const ranges: SampleRange[] = [];
    const sei: { offset: number; length: number; type: number }[] = [];
    let offset = 0;
    const push = (b: Buffer): void => {
      parts.push(b);
      offset += b.length;
    };
    const maxLength = lengthSize === 1 ? 255 : lengthSize === 2 ? 65535 : 200_000;
    while (offset < bytes) {
      push(Buffer.alloc(Math.floor(next() * 3000), 0x11)); // audio or other data between samples
      const start = offset;
      const units = 1 + Math.floor(next() * 4);
      for (let u = 0; u < units; u++) {
        const length = 1 + Math.floor(next() * Math.min(maxLength, next() < 0.2 ? bytes / 12 : 2000));
        const type = next() < 0.3 ? 6 : [1, 5, 7, 8, 9][Math.floor(next() * 5)]!;
        const prefix = Buffer.alloc(lengthSize);
        prefix.writeUIntBE(length, 0, lengthSize);
        const body = Buffer.alloc(length, 0x22);
        body[0] = type | (type === 5 ? 0x60 : 0);
        if (type === 6) sei.push({ offset: offset + lengthSize, length, type });
        push(prefix);
        push(body);
      }
      ranges.push({ offset: start, size: offset - start });
    }
    return { data: Buffer.concat(parts), ranges, sei };
  }

  // Reads of 1 MiB (the default), and of sizes that put a read boundary inside many length prefixes.
  it.each([
    [1, '1 MiB', undefined],
    [2, '1 MiB', undefined],
    [4, '1 MiB', undefined],
    [1, '3-byte', 3],
    [2, '5-byte', 5],
    [4, '7-byte', 7],
    [4, '4,099-byte', 4099],
  ] as const)('finds every SEI unit with %i-byte length prefixes (%s reads) and hashes the file', async (lengthSize, _label, readBytes) => {
    // Tiny reads on a small file; 1 MiB reads on one of several MiB.
    const { data, ranges, sei } = layout(lengthSize, 17 + lengthSize, readBytes && readBytes < 100 ? 96 * 1024 : 2.5 * (1 << 20));
    const file = join(dir, `walk-${lengthSize}-${readBytes ?? 'default'}.bin`);
    await writeFile(file, data);
    const scan = await scanVideo(file, { lengthSize, ranges }, { hash: true, ...(readBytes ? { readBytes } : {}) });
    expect(sei.length).toBeGreaterThan(10);
    expect(scan.sei).toEqual(sei);
    expect(scan.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('refuses a NAL unit that overruns its sample, and samples beyond the end of the file', async () => {
    const { data, ranges } = layout(4, 99);
    const file = join(dir, 'overrun.bin');
    await writeFile(file, data);
    const shortened = ranges.map((r, i) => (i === 5 ? { offset: r.offset, size: r.size - 1 } : r));
    await expect(scanVideo(file, { lengthSize: 4, ranges: shortened }, { hash: false })).rejects.toThrow(/overruns its sample|ends inside/);
    const beyond = [...ranges, { offset: data.length + 10, size: 100 }];
    await expect(scanVideo(file, { lengthSize: 4, ranges: beyond }, { hash: false })).rejects.toThrow('video samples lie beyond the end of the file');
  });
});
