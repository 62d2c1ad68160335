import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

// 1 MiB reads: the default 64 KiB makes hashing a large recording a third slower.
const READ_BYTES = 1 << 20;

export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(file, { highWaterMark: READ_BYTES })
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
