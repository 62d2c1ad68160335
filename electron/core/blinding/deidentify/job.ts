// One recording through de-identification, in three stages so that a batch overlaps them:
//   prepare  probe the source, plan, and keep an existing verified output (resume)  — `prepareSlots`
//   encode   ffmpeg into `.<code>.partial.mp4`, hashing the source meanwhile         — `encodeSlots`
//   commit   clear avcC of what is not a parameter set (./avcCRepair) and neutralise SEI
//            in place (./sei), verify and hash the partial in one read, fsync, rename
//            to `<code>.mp4`                                                       — unlimited
// Any failure or cancellation removes the partial; nothing unverified ever has the final name.
// An audio job (`output: 'audio'`, ./audio) goes through the same stages into `<code>.m4a`.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { sha256Unless } from '../../media/hash';
import type { AudioSourceFacts } from './audio';
import { inspectAudioSource, NoAudioError, planAudioEncode } from './audio';
import { repairAvcC } from './avcCRepair';
import { CancelledError, encode, FfmpegError } from './encode';
import { commit, fileExists, outputPaths, removeIfPresent, scrubPaths } from './files';
import { InvalidMaskError } from './masks';
import type { EncodePlan } from './plan';
import { MIN_CLIP_SECONDS, planEncode, windowedDuration } from './plan';
import { SampleTableError } from './moov';
import { neutraliseSei } from './sei';
import type { Slots } from './slots';
import { inspectSource, NoVideoError } from './source';
import type { SourceFacts } from './source';
import type { DeidentifyErrorCode, DeidentifyFailure, DeidentifyJob, DeidentifyOutput, DeidentifyResult, DeidentifyStage, UniformPicture } from './types';
import type { OutputFacts } from './verify';
import { inspectBlindedOutput } from './verify';

export class JobError extends Error {
  constructor(
    readonly code: DeidentifyErrorCode,
    message: string,
    readonly problems?: readonly string[],
  ) {
    super(message);
    this.name = 'JobError';
  }
}

export interface JobContext {
  readonly prepareSlots: Slots;
  readonly encodeSlots: Slots;
  readonly signal?: AbortSignal;
  readonly report: (percent: number, stage: DeidentifyStage) => void;
}

export type JobOutcome =
  | { readonly kind: 'done' | 'resumed'; readonly result: DeidentifyResult }
  | { readonly kind: 'failed'; readonly failure: DeidentifyFailure };

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

function resultFrom(
  job: DeidentifyJob,
  outputFile: string,
  plan: EncodePlan,
  output: OutputFacts,
  sourceSha256: string,
  outputSha256: string,
): DeidentifyResult {
  const video = output.streams.find((s) => s.codecType === 'video');
  return {
    code: job.code,
    output: job.output ?? 'video',
    sourceSha256,
    outputSha256,
    outputFile,
    durationSeconds: output.durationSeconds,
    frameRate: video?.frameRate ?? 0,
    width: video?.width ?? 0,
    height: video?.height ?? 0,
    mode: plan.mode,
    audio: output.streams.some((s) => s.codecType === 'audio'),
  };
}

async function readSource(file: string): Promise<SourceFacts> {
  try {
    return await inspectSource(file);
  } catch (error) {
    if (error instanceof NoVideoError) throw new JobError('no_video', error.message);
    throw new JobError('source_unreadable', 'ffprobe could not read the recording');
  }
}

async function readAudioSource(file: string): Promise<AudioSourceFacts> {
  try {
    return await inspectAudioSource(file);
  } catch (error) {
    if (error instanceof NoAudioError) throw new JobError('no_audio', error.message);
    throw new JobError('source_unreadable', 'ffprobe could not read the recording');
  }
}

/** The source's duration (for progress) and the ffmpeg plan, by the job's output. */
async function prepareEncode(job: DeidentifyJob, output: DeidentifyOutput): Promise<{ durationSeconds: number; plan: EncodePlan }> {
  if (output === 'audio') {
    if ((job.masks ?? []).length > 0) throw new JobError('invalid_mask', 'Masks apply to the picture; an audio output has none');
    const facts = await readAudioSource(job.sourceFile);
    return { durationSeconds: facts.durationSeconds, plan: planAudioEncode(facts.audio.channels) };
  }
  const facts = await readSource(job.sourceFile);
  const durationSeconds = windowedDuration(facts.durationSeconds, job.window);
  if (job.window && durationSeconds < MIN_CLIP_SECONDS) throw new JobError('output_mismatch', `The recording is shorter than the study's coding window starts (${job.window.startSeconds} s)`);
  return { durationSeconds, plan: planFor(facts, job) };
}

function planFor(facts: SourceFacts, job: DeidentifyJob): EncodePlan {
  try {
    return planEncode(facts, job.masks ?? [], job.picture, job.window);
  } catch (error) {
    if (error instanceof InvalidMaskError) throw new JobError('invalid_mask', error.message);
    throw error;
  }
}

/**
 * An output left by an earlier run is kept when it passes verification, is the job's uniform
 * picture if it has one and, if the caller knows the hash it had, still has that hash. Otherwise it
 * is removed and the job redone.
 */
async function keepExisting(
  final: string,
  expectedSha256: string | undefined,
  output: DeidentifyOutput,
  picture: UniformPicture | undefined,
): Promise<{ facts: OutputFacts; sha256: string } | undefined> {
  if (!(await fileExists(final))) return undefined;
  const inspection = await inspectBlindedOutput(final, output);
  const { sha256 } = inspection;
  const shaMatches = expectedSha256 === undefined || expectedSha256.toLowerCase() === sha256;
  // Masks cannot be seen in a file; a caller whose masks may have changed passes the hash it recorded.
  const pictureMatches = !picture || output !== 'video' || pictureMismatch(inspection.facts, picture) === undefined;
  if (inspection.problems.length === 0 && shaMatches && pictureMatches) return { facts: inspection.facts, sha256 };
  await removeIfPresent(final);
  return undefined;
}

function failureFrom(job: DeidentifyJob, error: unknown): DeidentifyFailure {
  const scrub = (message: string): string => scrubPaths(message, job.sourceFile, job.outputDir);
  if (error instanceof JobError) {
    return {
      code: job.code,
      error: { code: error.code, message: scrub(error.message), ...(error.problems ? { problems: error.problems } : {}) },
    };
  }
  if (error instanceof CancelledError) return { code: job.code, error: { code: 'cancelled', message: error.message } };
  if (error instanceof FfmpegError) return { code: job.code, error: { code: 'ffmpeg_failed', message: scrub(error.message) } };
  const message = error instanceof Error ? error.message : String(error);
  return { code: job.code, error: { code: 'io_failed', message: scrub(message) } };
}

/** Why the output is not the uniform picture asked for, if it is not. */
function pictureMismatch(facts: OutputFacts, picture: UniformPicture): string | undefined {
  const video = facts.streams.find((s) => s.codecType === 'video');
  const frameRate = video?.frameRate ?? 0;
  if (video?.width !== picture.width || video.height !== picture.height || Math.abs(frameRate - picture.fps) > 0.01) {
    return `The output is ${video?.width ?? 0}×${video?.height ?? 0} at ${frameRate.toFixed(2)} fps, not the study's ${picture.width}×${picture.height} at ${picture.fps} fps`;
  }
  return undefined;
}

/**
 * avcC cleared of anything but parameter sets, and SEI overwritten, in place; a video this cannot
 * follow fails the job rather than passing unchecked.
 */
async function neutraliseVideoPayload(partial: string): Promise<void> {
  try {
    await repairAvcC(partial);
    await neutraliseSei(partial);
  } catch (error) {
    if (error instanceof SampleTableError) {
      throw new JobError('verification_failed', 'The output still carries something that could identify the recording', [error.message]);
    }
    throw error;
  }
}

export async function deidentifyOne(job: DeidentifyJob, context: JobContext): Promise<JobOutcome> {
  const output = job.output ?? 'video';
  const { final, partial } = outputPaths(job.outputDir, job.code, output);
  const { signal, report } = context;
  try {
    const prepared = await context.prepareSlots.use(async () => {
      throwIfAborted(signal);
      await mkdir(dirname(final), { recursive: true });
      // A partial from a run that crashed: never trusted, never resumed from.
      await removeIfPresent(partial);
      const { durationSeconds, plan } = await prepareEncode(job, output);
      const kept = await keepExisting(final, job.expectedOutputSha256, output, job.picture);
      const sourceSha256 = kept ? await sha256Unless(job.sourceFile, job.knownSource) : undefined;
      return { durationSeconds, plan, kept, sourceSha256 };
    });
    const { durationSeconds, plan } = prepared;
    if (prepared.kept && prepared.sourceSha256) {
      report(100, 'resumed');
      return { kind: 'resumed', result: resultFrom(job, final, plan, prepared.kept.facts, prepared.sourceSha256, prepared.kept.sha256) };
    }

    const hashing = await context.encodeSlots.use(async () => {
      throwIfAborted(signal);
      report(0, 'encoding');
      // Hash the source while ffmpeg reads it (the second read comes from the page cache) — unless
      // its hash from import still holds, checked after ffmpeg has read it.
      const sourceSha256 = job.knownSource ? undefined : sha256Unless(job.sourceFile, undefined);
      sourceSha256?.catch(() => undefined);
      await encode({
        input: job.sourceFile,
        output: partial,
        inputOptions: plan.inputOptions,
        outputOptions: plan.outputOptions,
        durationSeconds,
        ...(signal ? { signal } : {}),
        onPercent: (percent) => report(percent, 'encoding'),
      });
      return { sourceSha256 };
    });

    throwIfAborted(signal);
    report(99, 'verifying');
    if (output === 'video') await neutraliseVideoPayload(partial);
    const [inspection, sourceSha256] = await Promise.all([
      inspectBlindedOutput(partial, output),
      hashing.sourceSha256 ?? sha256Unless(job.sourceFile, job.knownSource),
    ]);
    const outputSha256 = inspection.sha256;
    if (inspection.problems.length > 0) {
      throw new JobError('verification_failed', 'The output still carries something that could identify the recording', inspection.problems);
    }
    const mismatch = job.picture && output === 'video' ? pictureMismatch(inspection.facts, job.picture) : undefined;
    if (mismatch) throw new JobError('output_mismatch', mismatch);
    throwIfAborted(signal);
    await commit(partial, final);
    report(100, 'done');
    return { kind: 'done', result: resultFrom(job, final, plan, inspection.facts, sourceSha256, outputSha256) };
  } catch (error) {
    await removeIfPresent(partial).catch(() => undefined);
    return { kind: 'failed', failure: failureFrom(job, error) };
  }
}
