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
 * What identifies one version of a file without reading it: size, modification time and inode.
 * A recording hashed at import need not be hashed again while its fingerprint is unchanged (the
 * same shortcut git's index takes); any rewrite or replacement changes the modification time or the
 * inode, and then the file is hashed again.
 */
export interface FileFingerprint {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ino: number;
}

export async function fingerprintOf(file: string): Promise<FileFingerprint> {
  const s = await stat(file);
  return { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino };
}

export function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ino === b.ino;
}

/** The file's SHA-256: `known.sha256` when the file still has `known.fingerprint`, otherwise read and hashed. */
export async function sha256Unless(file: string, known: { readonly sha256: string; readonly fingerprint: FileFingerprint } | undefined): Promise<string> {
  if (known && sameFingerprint(await fingerprintOf(file), known.fingerprint)) return known.sha256;
  return sha256File(file);
}
