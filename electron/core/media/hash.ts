import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';

// 1 MiB reads into one reused buffer: about a third faster on a large recording than a read stream
// (64 KiB chunks, a new buffer each), which matters because every recording is hashed at import and
// at de-identification (tests/bench/deidentify.ts).
const READ_BYTES = 1 << 20;

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  return hash.digest('hex');
}

/**
 * What identifies one version of a file without reading it: size, modification and change times,
 * and the file's id on its volume. A recording hashed at import need not be hashed again while its
 * fingerprint is unchanged (the shortcut git's index takes). Any write moves the change time — even
 * one that restores the modification time afterwards (`touch -r`, `cp -p` onto the file) — and a
 * replacement changes the id. Where the volume reports no id (some network shares), there is no
 * fingerprint and the file is always hashed again.
 */
export interface FileFingerprint {
  readonly size: number;
  readonly mtimeNs: string;
  readonly ctimeNs: string;
  /** The inode (or Windows file id) as a decimal string: file ids can exceed 2^53. */
  readonly ino: string;
}

export async function fingerprintOf(file: string): Promise<FileFingerprint | null> {
  const s = await stat(file, { bigint: true });
  if (s.ino === 0n) return null;
  return { size: Number(s.size), mtimeNs: s.mtimeNs.toString(), ctimeNs: s.ctimeNs.toString(), ino: s.ino.toString() };
}

export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeNs === b.mtimeNs && a.ctimeNs === b.ctimeNs && a.ino === b.ino;
}

/**
 * A file's SHA-256 and, when it can be trusted later, its fingerprint: taken before and after the
 * read and kept only if both agree and the file was last written at least a few seconds before
 * the read began (a write in the same clock tick as the read would leave the times unchanged —
 * git's "racy clean" rule; FAT volumes keep times to two seconds).
 */
export async function sha256WithFingerprint(file: string): Promise<{ sha256: string; fingerprint: FileFingerprint | null }> {
  const startedMs = Date.now();
  const before = await fingerprintOf(file);
  const sha256 = await sha256File(file);
  const after = await fingerprintOf(file);
  const settled = before !== null && Number(BigInt(before.mtimeNs) / 1_000_000n) <= startedMs - RACY_MS && Number(BigInt(before.ctimeNs) / 1_000_000n) <= startedMs - RACY_MS;
  return { sha256, fingerprint: before && after && sameFingerprint(before, after) && settled ? before : null };
}

const RACY_MS = 3000;

/** The file's SHA-256: `known.sha256` when the file still has `known.fingerprint`, otherwise read and hashed. */
export async function sha256Unless(file: string, known: { readonly sha256: string; readonly fingerprint: FileFingerprint } | undefined): Promise<string> {
  if (known) {
    const now = await fingerprintOf(file);
    if (now && sameFingerprint(now, known.fingerprint)) return known.sha256;
  }
  return sha256File(file);
}
