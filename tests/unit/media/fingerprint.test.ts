// A hash from import is reused only while the file keeps the fingerprint it had then: any rewrite
// (new modification time) or replacement (new inode) makes it read and hash the file again.
import { createHash } from 'node:crypto';
import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf, sha256Unless } from '../../../electron/core/media/hash';
import { tempDir } from '../../support/tempStudy';

const { dir, cleanup } = tempDir('blindfold-fingerprint-');
afterAll(() => cleanup());
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
// Not the file's real hash: returned only if the file is not read.
const RECORDED = 'f'.repeat(64);

describe('sha256Unless', () => {
  it('takes the recorded hash while the fingerprint holds, without reading the file', async () => {
    const file = path.join(dir, 'a.mp4');
    writeFileSync(file, 'original bytes');
    const fingerprint = await fingerprintOf(file);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(RECORDED);
    expect(await sha256Unless(file, undefined)).toBe(sha('original bytes'));
  });

  it('hashes again after a rewrite of the same size (the modification time moves)', async () => {
    const file = path.join(dir, 'b.mp4');
    writeFileSync(file, 'original bytes');
    const fingerprint = await fingerprintOf(file);
    const later = new Date(statSync(file).mtimeMs + 5000);
    writeFileSync(file, 'replaced bytes');
    utimesSync(file, later, later);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(sha('replaced bytes'));
  });

  it('hashes again when the file was replaced by another with the same size and time (a new inode)', async () => {
    const file = path.join(dir, 'c.mp4');
    writeFileSync(file, 'original bytes');
    const when = new Date(Math.floor(statSync(file).mtimeMs / 1000) * 1000);
    utimesSync(file, when, when);
    const fingerprint = await fingerprintOf(file);
    const other = path.join(dir, 'c-copy.mp4');
    writeFileSync(other, 'replaced bytes');
    utimesSync(other, when, when);
    renameSync(other, file);
    expect((await fingerprintOf(file)).mtimeMs).toBe(fingerprint.mtimeMs);
    expect((await fingerprintOf(file)).size).toBe(fingerprint.size);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(sha('replaced bytes'));
  });
});
