// What a manager sees of the recordings' pictures while setting up: the masks drawn on them, a frame
// to draw on, and whether the clips' pictures could tell a coder the timepoint or arm.
import { z } from 'zod';
import { dict, list, view } from '../base';

/**
 * A rectangle in source pixels, measured on the upright picture (after the recording's rotation is
 * applied — what a manager sees when drawing it). `blur` obliterates the rectangle in place; `crop`
 * keeps only the rectangle (ffmpeg's crop semantics), so at most one crop per job.
 */
export const regionMask = view({
  kind: z.enum(['blur', 'crop']),
  x: z.number().int(),
  y: z.number().int(),
  width: z.number().int(),
  height: z.number().int(),
});
export type RegionMask = z.output<typeof regionMask>;

/** One de-identification job with its source (manager only: it names the file and participant). */
export const pendingJob = view({
  code: z.string(),
  sourceFile: z.string(),
  participant: z.string(),
  timepoint: z.string().nullable(),
  status: z.enum(['pending', 'done', 'failed']),
  error: z.string().nullable(),
  masks: list(regionMask),
});
export type PendingJob = z.output<typeof pendingJob>;

/** A frame of a source recording as a PNG data URL, with the upright picture's size. */
export const previewFrame = view({ dataUrl: z.string(), width: z.number().int(), height: z.number().int() });
export type PreviewFrame = z.output<typeof previewFrame>;

/** One picture size and frame rate for every clip (see the set-up's picture step). */
export const uniformPictureView = view({ width: z.number().int(), height: z.number().int(), fps: z.number() });
export type UniformPictureView = z.output<typeof uniformPictureView>;

/**
 * The part of every recording coders see: from `startSeconds` for `lengthSeconds` (e.g. the first 10
 * minutes of free play), cut at de-identification so every clip is equally long. Null: the whole recording.
 */
export const codingWindowView = view({ startSeconds: z.number(), lengthSeconds: z.number() });
export type CodingWindowView = z.output<typeof codingWindowView>;

export const pictureGroupView = view({
  level: z.string(),
  /** Clips by picture, e.g. { "1920×1080, 25 fps": 12 }. */
  counts: dict(z.number().int()),
});
export type PictureGroupView = z.output<typeof pictureGroupView>;

/** Whether the clips' pictures could tell a coder the timepoint or arm (manager only: it needs the opened key). */
export const pictureCheckView = view({
  picture: uniformPictureView.nullable(),
  /** Outcome recordings counted: made clips and recordings still to de-identify. */
  clips: z.number().int(),
  /** The distinct pictures coders will see. */
  pictures: list(z.string()),
  byTimepoint: list(pictureGroupView),
  byArm: list(pictureGroupView),
  /** Which factors a picture gives away: a picture found at one level and not at another. */
  tells: list(z.enum(['timepoint', 'arm'])),
  /**
   * The same question of the clips' lengths (a coder sees how long a clip runs): lengths in bands
   * about 10% wide, cross-tabulated and judged by the picture's rule (core/setup/clipLength).
   */
  length: view({
    /** The study's coding window, if it codes one. */
    window: codingWindowView.nullable(),
    lengths: list(z.string()),
    byTimepoint: list(pictureGroupView),
    byArm: list(pictureGroupView),
    tells: list(z.enum(['timepoint', 'arm'])),
  }),
});
export type PictureCheckView = z.output<typeof pictureCheckView>;

/** A run of de-identification jobs: how many were made, which failed and why, and whether it was cancelled. */
export const deidentifyOutcome = view({
  done: z.number().int(),
  failed: list(view({ code: z.string(), message: z.string() })),
  cancelled: z.boolean(),
});
export type DeidentifyOutcome = z.output<typeof deidentifyOutcome>;
