// Where the H.264 samples are in an MP4 that ffmpeg wrote: the byte range of every sample of the
// video track, from its sample table, and the size of the length prefix before each NAL unit.
//
// Sources: ISO/IEC 14496-12 §8.7.3 (stsz), §8.7.4 (stsc: runs of chunks with the same number of
// samples), §8.7.5 (stco/co64 chunk offsets); the avcC record is read by ./avcC.
import type { AvcConfig } from './avcC';
import { parseAvcC } from './avcC';
import type { Box } from './boxes';
import { atLeast, body, child, need, readMoov, sampleEntry, SampleTableError, trackOf } from './moov';

export interface SampleRange {
  readonly offset: number;
  readonly size: number;
}

export interface VideoSamples {
  /** Bytes in each NAL unit's length prefix: 1, 2 or 4. */
  readonly lengthSize: number;
  /** The avcC record: its parameter sets, and how many bytes follow them (nothing belongs there). */
  readonly config: AvcConfig;
  /** Every sample of the video track, sorted by offset, none overlapping another. */
  readonly ranges: readonly SampleRange[];
}

/** Reads a table of `count` fixed-size entries after a full box's version, flags and count. */
function table(box: Box, firstEntryAt: number, count: number, entrySize: number, name: string): number {
  if (firstEntryAt + count * entrySize > box.start + box.size) throw new SampleTableError(`the ${name} table overruns its box`);
  return firstEntryAt;
}

/** Every sample of a track, sorted by offset; throws SampleTableError on a table it cannot follow. */
export function rangesOf(data: Buffer, stbl: Box, fileSize: number, track: 'video' | 'audio' = 'video'): SampleRange[] {
  if (child(data, stbl, 'stz2')) throw new SampleTableError('compact sample sizes (stz2) are not supported');
  const stsz = atLeast(need(child(data, stbl, 'stsz'), 'stsz', track), 12);
  const stsc = atLeast(need(child(data, stbl, 'stsc'), 'stsc', track), 8);
  const stco = child(data, stbl, 'stco');
  const co64 = child(data, stbl, 'co64');
  const offsetsBox = atLeast(need(stco ?? co64, 'stco or co64', track), 8);
  const wide = !stco;

  const fixedSize = data.readUInt32BE(body(stsz) + 4);
  const sampleCount = data.readUInt32BE(body(stsz) + 8);
  const sizesAt = fixedSize === 0 ? table(stsz, body(stsz) + 12, sampleCount, 4, 'stsz') : 0;
  const runCount = data.readUInt32BE(body(stsc) + 4);
  const runsAt = table(stsc, body(stsc) + 8, runCount, 12, 'stsc');
  const chunkCount = data.readUInt32BE(body(offsetsBox) + 4);
  const chunksAt = table(offsetsBox, body(offsetsBox) + 8, chunkCount, wide ? 8 : 4, offsetsBox.type);

  const ranges: SampleRange[] = [];
  let sample = 0;
  for (let run = 0; run < runCount; run++) {
    const firstChunk = data.readUInt32BE(runsAt + run * 12);
    const perChunk = data.readUInt32BE(runsAt + run * 12 + 4);
    const nextFirst = run + 1 < runCount ? data.readUInt32BE(runsAt + (run + 1) * 12) : chunkCount + 1;
    if (firstChunk < 1 || nextFirst <= firstChunk || nextFirst > chunkCount + 1) throw new SampleTableError('the stsc table is out of order');
    for (let chunk = firstChunk; chunk < nextFirst; chunk++) {
      const at = chunksAt + (chunk - 1) * (wide ? 8 : 4);
      let offset = wide ? Number(data.readBigUInt64BE(at)) : data.readUInt32BE(at);
      for (let k = 0; k < perChunk; k++, sample++) {
        if (sample >= sampleCount) throw new SampleTableError('the chunks hold more samples than stsz lists');
        const size = fixedSize === 0 ? data.readUInt32BE(sizesAt + sample * 4) : fixedSize;
        if (offset + size > fileSize) throw new SampleTableError(`a ${track} sample lies beyond the end of the file`);
        ranges.push({ offset, size });
        offset += size;
      }
    }
  }
  if (sample !== sampleCount) throw new SampleTableError('the chunks hold fewer samples than stsz lists');
  ranges.sort((a, b) => a.offset - b.offset);
  for (let i = 1; i < ranges.length; i++) {
    const previous = ranges[i - 1] as SampleRange;
    if ((ranges[i] as SampleRange).offset < previous.offset + previous.size) throw new SampleTableError(`${track} samples overlap`);
  }
  return ranges;
}

/** The video track's samples, or undefined when the file has no video track. Throws SampleTableError on a table it cannot follow. */
export async function readVideoSamples(path: string): Promise<VideoSamples | undefined> {
  const moov = await readMoov(path);
  const track = trackOf(moov, 'vide');
  if (!track) return undefined;
  const config = parseAvcC(moov.data, sampleEntry(moov.data, track.stbl, 'video').entry);
  return { lengthSize: config.lengthSize, config, ranges: rangesOf(moov.data, track.stbl, moov.fileSize) };
}
