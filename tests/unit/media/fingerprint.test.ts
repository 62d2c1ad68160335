// A hash from import is reused only while the file keeps the fingerprint it had then: any write
// (the change time moves, even when the modification time is put back) or replacement (a new file
// id) makes it read and hash the file again. And import keeps a fingerprint only for a file that
// was settled and unchanged across its hash.
import { createHash } from 'node:crypto';
import { renameSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { fingerprintOf, sha256Unless, sha256WithFingerprint, type FileFingerprint } from '../../../electron/core/media/hash';
import { tempDir } from '../../support/tempStudy';

const { dir, cleanup } = tempDir('blindfold-fingerprint-');
afterAll(() => cleanup());
afterEach(() => vi.restoreAllMocks());
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
// Not the file's real hash: returned only if the file is not read.
const RECORDED = 'f'.repeat(64);

async function print(file: string): Promise<FileFingerprint> {
  const f = await fingerprintOf(file);
  if (!f) throw new Error('this file system reports no file id');
  return f;
}

describe('sha256Unless', () => {
  it('takes the recorded hash while the fingerprint holds, without reading the file', async () => {
    const file = path.join(dir, 'a.mp4');
    writeFileSync(file, 'original bytes');
    const fingerprint = await print(file);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(RECORDED);
    expect(await sha256Unless(file, undefined)).toBe(sha('original bytes'));
  });

  it('hashes again after an in-place rewrite of the same size whose modification time was put back (touch -r)', async () => {
    const file = path.join(dir, 'b.mp4');
    writeFileSync(file, 'original bytes');
    const when = new Date(Math.floor(statSync(file).mtimeMs / 1000) * 1000);
    utimesSync(file, when, when);
    const fingerprint = await print(file);
    await new Promise((resolve) => setTimeout(resolve, 20));
    writeFileSync(file, 'replaced bytes');
    utimesSync(file, when, when);
    const now = await print(file);
    expect([now.size, now.mtimeNs, now.ino]).toEqual([fingerprint.size, fingerprint.mtimeNs, fingerprint.ino]);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(sha('replaced bytes'));
  });

  it('hashes again when the file was replaced by another with the same size and time (a new file id)', async () => {
    const file = path.join(dir, 'c.mp4');
    writeFileSync(file, 'original bytes');
    const when = new Date(Math.floor(statSync(file).mtimeMs / 1000) * 1000);
    utimesSync(file, when, when);
    const fingerprint = await print(file);
    const other = path.join(dir, 'c-copy.mp4');
    writeFileSync(other, 'replaced bytes');
    utimesSync(other, when, when);
    renameSync(other, file);
    expect((await print(file)).mtimeNs).toBe(fingerprint.mtimeNs);
    expect(await sha256Unless(file, { sha256: RECORDED, fingerprint })).toBe(sha('replaced bytes'));
  });
});

describe('sha256WithFingerprint', () => {
  it('keeps no fingerprint for a file written moments ago (a write in the same tick would not show)', async () => {
    const file = path.join(dir, 'fresh.mp4');
    writeFileSync(file, 'fresh bytes');
    expect(await sha256WithFingerprint(file)).toEqual({ sha256: sha('fresh bytes'), fingerprint: null });
  });

  it('keeps the fingerprint of a settled file', async () => {
    const file = path.join(dir, 'settled.mp4');
    writeFileSync(file, 'settled bytes');
    const later = Date.now() + 10_000; // as if read ten seconds after it was written
    vi.spyOn(Date, 'now').mockReturnValue(later);
    const { sha256, fingerprint } = await sha256WithFingerprint(file);
    expect(sha256).toBe(sha('settled bytes'));
    expect(fingerprint).toEqual(await print(file));
  });
});
