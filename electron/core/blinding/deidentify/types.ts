// The public shapes of de-identification: one job per recording, one result (or one failure) per
// job, progress events for the manager's import screen.
import type { CodingWindowView, RegionMask, UniformPictureView } from '../../../common/contract';
import type { FileFingerprint } from '../../media/hash';

// A mask is drawn by the manager and shown back to them, so its shape is the contract's view.
export type { RegionMask };

/**
 * What a job writes: 'video' (the default) is `<code>.mp4` with one H.264 video and at most one
 * audio stream, for outcome coding; 'audio' is `<code>.m4a` with one AAC stream and nothing else,
 * for fidelity audits of session recordings (the sound is taken from a video source, the picture
 * dropped).
 */
export type DeidentifyOutput = 'video' | 'audio';

/**
 * One picture for every output: scaled to fit width × height (black bars where the shape differs),
 * square pixels, a constant frame rate, stereo AAC at 48 kHz. Recordings from different cameras —
 * a new camera at follow-up, one site's phones — otherwise keep their own size and frame rate, which
 * a coder can see and which can then tell timepoints or sites apart. The manager sets it and sees it
 * back (setup.pictureCheck), so its shape is the contract's view.
 */
export type UniformPicture = UniformPictureView;

/** The part of a recording kept: from startSeconds for lengthSeconds (the study's coding window). */
export type CodingWindow = CodingWindowView;

export interface DeidentifyJob {
  /** Absolute or relative path of the source recording. Never appears in a result or an error. */
  readonly sourceFile: string;
  /** The study's blinded media folder; the output is `<code>.mp4` (or `<code>.m4a`) in it. */
  readonly outputDir: string;
  /** The clip's opaque code (see ../codes), used as the output's file name. */
  readonly code: string;
  /** Masks apply to the picture, so only to video output; an audio job with masks fails 'invalid_mask'. */
  readonly masks?: readonly RegionMask[];
  /** Default 'video'. */
  readonly output?: DeidentifyOutput;
  /** Video output only: re-encode to this picture (forces a transcode). */
  readonly picture?: UniformPicture;
  /** Video output only: keep only this part of the recording (forces a transcode, cut at frames). */
  readonly window?: CodingWindow;
  /**
   * The source's SHA-256 from its import and the fingerprint it had then: while the file keeps that
   * fingerprint, the hash is taken as it is instead of reading the file again (media/hash).
   */
  readonly knownSource?: { readonly sha256: string; readonly fingerprint: FileFingerprint };
  /** When resuming: the sha256 recorded for this output last time. A final file that differs is redone. */
  readonly expectedOutputSha256?: string;
}

export interface DeidentifyResult {
  readonly code: string;
  readonly output: DeidentifyOutput;
  readonly sourceSha256: string;
  readonly outputSha256: string;
  readonly outputFile: string;
  readonly durationSeconds: number;
  /** 0 for audio output, as are width and height. */
  readonly frameRate: number;
  readonly width: number;
  readonly height: number;
  /**
   * 'copy' when the picture was remuxed untouched, 'transcode' when it was re-encoded. The sound is
   * always re-encoded (./plan says why); audio output is always 'transcode'.
   */
  readonly mode: 'copy' | 'transcode';
  readonly audio: boolean;
}

export type DeidentifyErrorCode =
  | 'invalid_job'
  | 'source_unreadable'
  | 'no_video'
  | 'no_audio'
  | 'invalid_mask'
  | 'ffmpeg_failed'
  | 'verification_failed'
  | 'output_mismatch'
  | 'io_failed'
  | 'cancelled';

export interface DeidentifyFailure {
  readonly code: string;
  readonly error: {
    readonly code: DeidentifyErrorCode;
    /** For a person; never contains the source's path or name. */
    readonly message: string;
    /** What verification found, when error.code is 'verification_failed'. */
    readonly problems?: readonly string[];
  };
}

export type DeidentifyStage = 'queued' | 'encoding' | 'verifying' | 'done' | 'resumed' | 'failed';

export interface DeidentifyProgress {
  readonly code: string;
  /** This job, 0–100; 100 only once `<code>.mp4` (or `.m4a`) is final. */
  readonly percent: number;
  /** The whole batch, 0–100: the mean over jobs, a finished or failed job counting as 100. */
  readonly overall: number;
  readonly stage: DeidentifyStage;
}

export interface DeidentifyOptions {
  /** Parallel ffmpeg processes; default max(1, cores − 1). */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (event: DeidentifyProgress) => void;
  /**
   * Called as each job finishes with its verified output, before the batch ends, so a caller can
   * record it at once (a crash then loses only jobs in flight). If it throws, the job counts as
   * failed with that message.
   */
  readonly onResult?: (result: DeidentifyResult) => void;
}

export interface DeidentifyReport {
  /** One per job that has a final, verified output — including ones kept from an earlier run. */
  readonly results: readonly DeidentifyResult[];
  readonly failures: readonly DeidentifyFailure[];
  /** Codes whose existing output verified and was kept rather than redone. */
  readonly resumed: readonly string[];
  readonly cancelled: boolean;
}
