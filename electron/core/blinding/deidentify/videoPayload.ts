// What the verification finds wrong inside an output's video: the avcC record and every NAL unit of
// every sample, each held to what its type may carry.
//
//   avcC          lists only SPS (7), PPS (8) and SPS extensions (13), each in its own list
//                 (ISO/IEC 14496-15 §5.3.3.1.2), each parsing as that set to its trailing bits
//                 (./parameterSets), and nothing after the record.
//   SEI, filler   neutral (./sei overwrites them in place before this runs).
//   SPS/PPS/ext   in the samples: parsed the same way as in avcC.
//   delimiters    access unit delimiter, end of sequence, end of stream: nothing beyond their syntax.
//   skipped       SVC/MVC and auxiliary units, which a player never shows: refused.
//   unspecified   reserved or unspecified types: refused.
// Slices are the picture and are not opened. A sample table the walk cannot follow fails the output.
import type { AvcConfig } from './avcC';
import { LIST_NAME, LIST_TYPE } from './avcC';
import { SampleTableError } from './moov';
import type { NalUnit, VideoScan } from './nalWalk';
import { readUnits, scanVideo } from './nalWalk';
import { parameterSetProblem } from './parameterSets';
import { BitReader, rbspOf, RbspError } from './rbsp';
import type { VideoSamples } from './samples';
import { readVideoSamples } from './samples';
import { isNeutralFiller, isNeutralSei } from './sei';

const REENCODE = 're-encode it (a mask or a uniform picture does)';

/** Problems with the avcC record's lists: types that do not belong, sets that do not parse, bytes after it. */
export function avcCProblems(config: AvcConfig, spsChroma: Map<number, number>): string[] {
  const problems: string[] = [];
  if (config.trailing > 0) problems.push(`the avcC box carries ${config.trailing} byte(s) beyond its parameter sets`);
  const position = { sps: 0, pps: 0, spsExt: 0 };
  for (const set of config.sets) {
    const index = ++position[set.list];
    const header = set.nal[0];
    const type = (header ?? 0) & 0x1f;
    const where = `the avcC box's ${LIST_NAME[set.list]} (entry ${index})`;
    if (header === undefined || (header & 0x80) !== 0) {
      problems.push(`${where} is not a NAL unit: ${REENCODE}`);
    } else if (type !== LIST_TYPE[set.list]) {
      problems.push(`${where} is a NAL unit of type ${type}${type === 6 ? ' (SEI, where cameras write dates and serial numbers)' : ''}, not ${LIST_TYPE[set.list]}: only parameter sets belong there; ${REENCODE}`);
    } else {
      const problem = parameterSetProblem(type, set.nal, spsChroma);
      if (problem) problems.push(`${where} does not parse as one (${problem}): ${REENCODE}`);
    }
  }
  return problems;
}

/** rbsp_trailing_bits after the AUD's primary_pic_type (§7.3.2.4); end of sequence and stream are empty (§7.3.2.5, §7.3.2.6). */
function delimiterIsBare(nal: Buffer): boolean {
  if (((nal[0] ?? 0) & 0x1f) !== 9) return rbspOf(nal).every((b) => b === 0);
  try {
    const r = new BitReader(rbspOf(nal));
    r.u(3);
    r.trailingBits();
    return true;
  } catch (error) {
    if (error instanceof RbspError) return false;
    throw error;
  }
}

async function countNot(path: string, units: readonly NalUnit[], neutral: (nal: Buffer) => boolean): Promise<number> {
  return (await readUnits(path, units)).filter((nal, i) => nal.length !== units[i]?.length || !neutral(nal)).length;
}

async function unitProblems(path: string, scan: VideoScan, spsChroma: Map<number, number>): Promise<string[]> {
  const problems: string[] = [];
  const carrying = await countNot(path, scan.sei, isNeutralSei);
  if (carrying > 0) problems.push(`the video carries ${carrying} SEI NAL unit(s) with content (cameras write dates and other data there)`);
  const stuffed = await countNot(path, scan.filler, isNeutralFiller);
  if (stuffed > 0) problems.push(`the video carries ${stuffed} filler NAL unit(s) holding something other than filler`);
  const sets = await readUnits(path, scan.parameterSets);
  const reasons = sets.map((nal, i) => parameterSetProblem(scan.parameterSets[i]?.type ?? 0, nal, spsChroma)).filter((p) => p !== undefined);
  if (reasons.length > 0) problems.push(`the video carries ${reasons.length} parameter set(s) in its samples that do not parse as one (${reasons[0]}): ${REENCODE}`);
  const padded = await countNot(path, scan.delimiters, delimiterIsBare);
  if (padded > 0) problems.push(`the video carries ${padded} delimiter NAL unit(s) (access unit, end of sequence or stream) with bytes beyond their syntax: ${REENCODE}`);
  if (scan.skipped.length > 0) {
    problems.push(`the video carries ${scan.skipped.length} NAL unit(s) a player skips (SVC, MVC or auxiliary pictures, types 14, 15, 19, 20: anything can be kept there): ${REENCODE}`);
  }
  if (scan.unspecified.length > 0) {
    problems.push(`the video carries ${scan.unspecified.length} NAL unit(s) of a reserved or unspecified type (anything can be kept there): ${REENCODE}`);
  }
  return problems;
}

export interface VideoPayloadInspection {
  readonly sha256: string;
  readonly problems: string[];
}

/**
 * The file's SHA-256 and what is wrong with its video payload (see the list above). One
 * sequential read of the file, plus small reads of the units that need their bytes checked.
 */
export async function inspectVideoPayload(path: string, output: 'video' | 'audio' = 'video'): Promise<VideoPayloadInspection> {
  let samples: VideoSamples | undefined;
  const problems: string[] = [];
  try {
    samples = await readVideoSamples(path);
    if (!samples && output === 'video') problems.push('the file has no video track whose NAL units can be walked');
  } catch (error) {
    if (!(error instanceof SampleTableError)) throw error;
    problems.push(`the video's sample table cannot be followed (${error.message})`);
  }
  const spsChroma = new Map<number, number>();
  if (samples) problems.push(...avcCProblems(samples.config, spsChroma));
  let scan: VideoScan;
  try {
    scan = await scanVideo(path, samples, { hash: true });
  } catch (error) {
    if (!(error instanceof SampleTableError)) throw error;
    problems.push(`the video's NAL units cannot be followed (${error.message})`);
    scan = await scanVideo(path, undefined, { hash: true });
  }
  problems.push(...(await unitProblems(path, scan, spsChroma)));
  return { sha256: scan.sha256 ?? '', problems };
}
