// The box walk on files laid out by the test: header boxes end where their fields end, and a free
// box holds zero bytes only — ffprobe shows neither what follows a header's fields nor a free box.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boxProblems } from '../../../electron/core/blinding/deidentify/boxes';

function box(type: string, ...body: Buffer[]): Buffer {
  const content = Buffer.concat(body);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(8 + content.length, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, content]);
}

/** mvhd version 0 (§8.2.2): dates zero, timescale 1000, rate 1.0, volume 1.0, the identity matrix, next track 2. */
function mvhd(): Buffer {
  const body = Buffer.alloc(100);
  body.writeUInt32BE(1000, 12);
  body.writeUInt32BE(0x00010000, 20);
  body.writeUInt16BE(0x0100, 24);
  [0x10000, 0, 0, 0, 0x10000, 0, 0, 0, 0x40000000].forEach((v, i) => body.writeInt32BE(v, 36 + i * 4));
  body.writeUInt32BE(2, 96);
  return body;
}

const ftyp = box('ftyp', Buffer.from('isom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2avc1mp41'));
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'blindfold-boxes-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function problemsOf(...top: Buffer[]): Promise<string[]> {
  const file = join(dir, `f-${Math.random().toString(36).slice(2)}.mp4`);
  await writeFile(file, Buffer.concat(top));
  return boxProblems(file);
}

describe('boxProblems', () => {
  it('passes a header box of exactly its fields and an empty free box', async () => {
    expect(await problemsOf(ftyp, box('moov', box('mvhd', mvhd())), box('free'), box('mdat'))).toEqual([]);
  });

  it('refuses bytes after a header box’s fields, and a free box with anything in it', async () => {
    expect(await problemsOf(ftyp, box('moov', box('mvhd', mvhd(), Buffer.from('PX-1'))), box('mdat'))).toEqual(['moov/mvhd carries 4 byte(s) beyond its syntax']);
    expect(await problemsOf(ftyp, box('moov', box('mvhd', mvhd())), box('free', Buffer.from('PX-1')), box('mdat'))).toEqual(['a free box holds something other than zero bytes']);
    expect(await problemsOf(ftyp, box('moov', box('mvhd', mvhd())), box('free', Buffer.alloc(300)), box('mdat'))).toEqual([]);
  });
});
