// The media data holds the samples and nothing else. ffmpeg writes each packet right after the one
// before, so the video and audio samples, as their sample tables place them (ISO/IEC 14496-12
// §8.7), tile the body of the one `mdat` box exactly; a byte no sample claims is a byte no player
// reads — where anything could be kept — and fails the output.
import { open } from 'node:fs/promises';
import { topLevelBoxes } from './boxes';
import { readMoov, SampleTableError, trackOf } from './moov';
import type { SampleRange } from './samples';
import { rangesOf } from './samples';

export async function unclaimedMediaDataProblems(path: string): Promise<string[]> {
  let ranges: SampleRange[];
  try {
    const moov = await readMoov(path);
    ranges = (['vide', 'soun'] as const).flatMap((handler) => {
      const track = trackOf(moov, handler);
      return track ? rangesOf(moov.data, track.stbl, moov.fileSize, handler === 'vide' ? 'video' : 'audio') : [];
    });
  } catch (error) {
    // The sample table walks report these themselves (./videoPayload, ./audioPayload).
    if (error instanceof SampleTableError) return [];
    throw error;
  }
  const file = await open(path, 'r');
  const { boxes } = await topLevelBoxes(file).finally(() => file.close());
  const mdat = boxes.filter((b) => b.type === 'mdat');
  if (mdat.length !== 1) return [`the file has ${mdat.length} mdat boxes, not 1`];
  const { start, headerSize, size } = mdat[0] as (typeof mdat)[number];
  let cursor = start + headerSize;
  let unclaimed = 0;
  for (const range of [...ranges].sort((a, b) => a.offset - b.offset)) {
    if (range.offset < cursor || range.offset + range.size > start + size) return ['samples overlap each other or lie outside mdat'];
    unclaimed += range.offset - cursor;
    cursor = range.offset + range.size;
  }
  unclaimed += start + size - cursor;
  return unclaimed > 0 ? [`mdat holds ${unclaimed} byte(s) that no sample claims`] : [];
}
