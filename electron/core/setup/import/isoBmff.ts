// Is an MP4/MOV/M4A file complete? ffprobe reads only the index ("moov" box): a camera file copied
// with +faststart keeps its index at the front, so a copy cut off halfway still probes with its full
// duration. The top-level boxes tell the truth cheaply: each declares its size, so a box that runs
// past the end of the file means bytes are missing (ISO/IEC 14496-12, §4.2 "Object structure").
import { open } from 'node:fs/promises';

export interface Truncation {
  /** The four-character type of the box cut off, e.g. "mdat". */
  readonly box: string;
  /** Where the box says it ends, in bytes. */
  readonly declaredEnd: number;
  readonly fileSize: number;
}

const MAX_TOP_LEVEL_BOXES = 100_000;
const FIRST_BOXES = new Set(['ftyp', 'styp', 'moov', 'mdat', 'free', 'skip', 'wide', 'pnot', 'junk', 'uuid']);

/** The first top-level box that runs past the end of the file; null when complete or not ISO BMFF. */
export async function findTruncation(file: string, fileSize: number): Promise<Truncation | null> {
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(16);
    let offset = 0;
    for (let n = 0; n < MAX_TOP_LEVEL_BOXES && offset < fileSize; n++) {
      const { bytesRead } = await handle.read(header, 0, 16, offset);
      const type = bytesRead >= 8 ? header.toString('latin1', 4, 8) : '';
      // The first box must be one a file starts with, or this is not ISO BMFF at all (a text file
      // renamed .mp4 is ffprobe's to reject); later, an unreadable header means one cut short.
      if (n === 0 && !FIRST_BOXES.has(type)) return null;
      if (!/^[\x20-\x7e]{4}$/.test(type)) return { box: '(box header)', declaredEnd: offset + 8, fileSize };
      const size32 = header.readUInt32BE(0);
      let size: number;
      if (size32 === 0) return null; // "extends to the end of the file"
      if (size32 === 1) {
        if (bytesRead < 16) return { box: type, declaredEnd: offset + 16, fileSize };
        size = Number(header.readBigUInt64BE(8));
      } else {
        size = size32;
      }
      if (size < 8) return { box: type, declaredEnd: offset + 8, fileSize };
      if (offset + size > fileSize) return { box: type, declaredEnd: offset + size, fileSize };
      offset += size;
    }
    return null;
  } finally {
    await handle.close();
  }
}
