// Session, study and coding entries of the contract, with the views they return to coders.
import { z } from 'zod';
import { call, clipCode, dict, dimensionId, list, none, nothing, PUBLIC, ROLES, view, role } from './base';

/** Why a clip could not be scored (the ratings table's CHECK lists the same four). */
export const UNSCORABLE_REASONS = ['video_quality', 'wrong_task', 'too_short', 'other'] as const;
export const unscorableReason = z.enum(UNSCORABLE_REASONS);
export type UnscorableReason = z.output<typeof unscorableReason>;

export const note = z.string().max(4000);

/** Bounds of the evidence a coder ties to a moment of a clip (issue 16, point 6). */
export const MARKER_NOTE_MAX = 200;
export const MARKERS_MAX = 200;
/**
 * A marker: a moment of the clip and the coder's short note on it — time, frame and note only,
 * nothing about the clip's origin. Core checks the time against the clip's own length (coding/markers).
 */
export const marker = z
  .object({
    seconds: z.number().finite().min(0, 'A marker cannot be before the start of the clip').max(24 * 3600),
    frame: z.number().int().min(0).max(24 * 3600 * 240),
    note: z.string().max(MARKER_NOTE_MAX, `A marker's note is at most ${MARKER_NOTE_MAX} characters`),
  })
  .strict();
/** A rating's markers; absent means none (clients and stores that predate markers send none). */
export const markers = z.array(marker).max(MARKERS_MAX, `At most ${MARKERS_MAX} markers on one clip`).readonly().default([]);
export const unscorable = z
  .object({ reason: unscorableReason, detail: z.string().max(1000) })
  .strict()
  .nullable();
export const ratingContent = z
  .object({ scores: z.record(dimensionId, z.number().finite()), notes: z.record(dimensionId, note), overallNote: note, unscorable, markers })
  .strict();
/** A submission as a client sends it (markers may be left out). */
export type RatingContentInput = z.input<typeof ratingContent>;
export const draftContent = z
  .object({
    scores: z.record(dimensionId, z.number().finite().nullable()),
    notes: z.record(dimensionId, note),
    overallNote: note,
    unscorable,
    markers,
  })
  .strict();
/** A draft as a client sends it (markers may be left out). */
export type DraftInput = z.input<typeof draftContent>;
export const secondsSpent = z.number().finite().min(0).max(7 * 24 * 3600);

/** The inputs of saving, submitting and amending work on a clip: the same for coders and auditors. */
export const saveDraftInput = z.object({ code: clipCode, draft: draftContent, secondsSpent }).strict();
export const submitInput = z.object({ code: clipCode, rating: ratingContent, secondsSpent }).strict();
export const amendInput = z.object({ code: clipCode, rating: ratingContent, reason: z.string().trim().min(3).max(1000), secondsSpent }).strict();

export const scaleDimensionSchema = z
  .object({
    id: dimensionId,
    label: z.string().trim().min(1).max(80),
    min: z.number().finite(),
    max: z.number().finite(),
    step: z.number().finite().positive(),
    categories: z.array(z.object({ from: z.number().finite(), label: z.string().trim().min(1).max(60) }).strict()).min(1).max(10),
    anchors: z.record(z.string(), z.string().max(500)),
  })
  .strict();

// ---- Views: what crosses the boundary. Nothing here may carry arm, participant, timepoint, file
// names or recording metadata (ARCHITECTURE.md, "The one rule"). Every clip code a coder receives
// is checked to be one (blinding/codes makes them all), so no other identifier can ride in its place.

export const sessionUser = view({ name: z.string(), role });
export type SessionUser = z.output<typeof sessionUser>;

export const studyInfo = view({ name: z.string() });
export type StudyInfo = z.output<typeof studyInfo>;

export const scaleCategory = view({
  /** Lowest score (inclusive) that belongs to this category. */
  from: z.number(),
  label: z.string(),
});
export type ScaleCategory = z.output<typeof scaleCategory>;

export const scaleDimension = view({
  id: z.string(),
  label: z.string(),
  min: z.number(),
  max: z.number(),
  step: z.number(),
  /** Categories ordered by `from`; the first starts at `min`. */
  categories: list(scaleCategory),
  anchors: dict(z.string()),
});
export type ScaleDimension = z.output<typeof scaleDimension>;

export const clipStatus = z.enum(['todo', 'draft', 'submitted']);
export type ClipStatus = z.output<typeof clipStatus>;

export const queueItem = view({
  code: clipCode,
  position: z.number().int(),
  status: clipStatus,
  /** A gold-standard training clip (trainees know they are training; reliability clips are never marked). */
  training: z.boolean(),
});
export type QueueItem = z.output<typeof queueItem>;

export const coderQueue = view({
  items: list(queueItem),
  done: z.number().int(),
  total: z.number().int(),
  /** The first clip not yet submitted, where the coder resumes; null when the queue is done. */
  resumeCode: clipCode.nullable(),
});
export type CoderQueue = z.output<typeof coderQueue>;

export const scoresView = dict(z.number());
export type Scores = z.output<typeof scoresView>;

export const unscorableView = view({ reason: unscorableReason, detail: z.string() });
export type Unscorable = z.output<typeof unscorableView>;

export const markerView = view({ seconds: z.number(), frame: z.number().int(), note: z.string() });
export type Marker = z.output<typeof markerView>;

const ratingContentShape = {
  scores: scoresView,
  notes: dict(z.string()),
  overallNote: z.string(),
  unscorable: unscorableView.nullable(),
  /** Moments of the clip the coder marked, in time order. */
  markers: list(markerView),
};

/** What a coder records for a clip: a score per dimension (or "unscorable"), notes. */
export const ratingContentView = view(ratingContentShape);
export type RatingContent = z.output<typeof ratingContentView>;

/** Work in progress: scores may be missing. */
export const draftView = view({ ...ratingContentShape, scores: dict(z.number().nullable()) });
export type Draft = z.output<typeof draftView>;

export const ratingVersion = view({
  ...ratingContentShape,
  version: z.number().int(),
  submittedAt: z.string(),
  amendmentReason: z.string().nullable(),
});
export type RatingVersion = z.output<typeof ratingVersion>;

const blindingCheckShape = {
  enabled: z.boolean(),
  /** The study's timepoint labels to choose from; the same list for every clip. */
  timepoints: list(z.string()),
};

/** The study's blinding check as the manager sets it. */
export const blindingCheckSetting = view(blindingCheckShape);
export type BlindingCheckSetting = z.output<typeof blindingCheckSetting>;

/** The blinding check as a coder meets it on a clip. */
export const blindingCheck = view({ ...blindingCheckShape, answered: z.boolean() });
export type BlindingCheck = z.output<typeof blindingCheck>;

/** A rater's own work on a clip: the draft, the time spent and every version (the fidelity auditor's clip has it too). */
export const workOnClipShape = {
  draft: draftView.nullable(),
  /** Time already spent on this clip (drafts and submissions), in seconds. */
  secondsSpent: z.number(),
  /** Every submitted version, oldest first; empty until the first submission. */
  history: list(ratingVersion),
};

/** Where a clip stands in its receiver's queue: the same for a coder's clip and an auditor's session. */
export const queuePlaceShape = {
  code: clipCode,
  position: z.number().int(),
  total: z.number().int(),
  previousCode: clipCode.nullable(),
  nextCode: clipCode.nullable(),
};

export const clipView = view({
  ...queuePlaceShape,
  mediaUrl: z.string(),
  durationSeconds: z.number(),
  frameRate: z.number(),
  dimensions: list(scaleDimension),
  ...workOnClipShape,
  blindingCheck,
});
export type ClipView = z.output<typeof clipView>;

export const submitReceipt = view({ ratingId: z.number().int(), nextCode: clipCode.nullable() });
export type SubmitReceipt = z.output<typeof submitReceipt>;

export const draftReceipt = view({ savedAt: z.string() });
export type DraftReceipt = z.output<typeof draftReceipt>;

export const studyScalesView = view({
  dimensions: list(scaleDimension),
  presets: list(scaleDimension),
  /** Ratings have been submitted, so the scales can no longer change. */
  locked: z.boolean(),
});
export type StudyScalesView = z.output<typeof studyScalesView>;

export const coderProgress = view({
  coders: list(view({ name: z.string(), done: z.number().int(), total: z.number().int() })),
});
export type CoderProgress = z.output<typeof coderProgress>;

export const codingEntries = {
  'auth.login': call({
    input: z.object({ name: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) }).strict(),
    output: sessionUser,
    roles: PUBLIC,
    summary: 'Start a session for a user of this study.',
  }),
  'auth.logout': call({
    input: none,
    output: nothing,
    roles: ROLES,
    summary: 'End the current session and revoke its media links.',
  }),
  'auth.session': call({
    input: none,
    output: sessionUser.nullable(),
    roles: PUBLIC,
    summary: 'Who is logged in, if anyone.',
  }),
  'auth.heartbeat': call({
    input: none,
    output: nothing,
    roles: ROLES,
    summary:
      'Activity the server cannot see: a clip or recording playing, or the user typing. It keeps the session from its idle end, as any call does; media requests alone never do.',
  }),
  'study.info': call({
    input: none,
    output: studyInfo,
    roles: PUBLIC,
    summary: "The open study's display name.",
  }),
  'coding.queue': call({
    input: none,
    output: coderQueue,
    roles: ['coder'],
    summary: "The coder's own clips in their shuffled order, with progress.",
  }),
  'coding.clip': call({
    input: z.object({ code: clipCode }).strict(),
    output: clipView,
    roles: ['coder'],
    summary: 'One assigned clip: a short-lived media link, the scales, and the draft or submitted rating.',
  }),
  'coding.saveDraft': call({
    input: saveDraftInput,
    output: draftReceipt,
    roles: ['coder'],
    summary: 'Save work in progress on a clip; replaces the previous draft.',
  }),
  'coding.submit': call({
    input: submitInput,
    output: submitReceipt,
    roles: ['coder'],
    summary: 'Submit a complete rating (or "unscorable"); it is locked from then on.',
  }),
  'coding.amend': call({
    input: amendInput,
    output: submitReceipt,
    roles: ['coder'],
    summary: 'Record a new version of a submitted rating, with a reason; the original stays.',
  }),
  'coding.blindingGuess': call({
    input: z
      .object({ code: clipCode, arm: z.enum(['intervention', 'control', 'dont_know']), timepoint: z.string().trim().min(1).max(60) })
      .strict(),
    output: nothing,
    roles: ['coder'],
    summary: "The coder's guess of arm and timepoint after submitting (the study's blinding check).",
  }),
  'study.scales': call({
    input: none,
    output: studyScalesView,
    roles: ['manager'],
    summary: "The study's rating dimensions, the presets a manager may add, and whether ratings already fix them.",
  }),
  'study.setScales': call({
    input: z.object({ dimensions: z.array(scaleDimensionSchema).min(1).max(20) }).strict(),
    output: list(scaleDimension),
    roles: ['manager'],
    summary: "Replace the study's rating dimensions (only before any rating is submitted).",
  }),
  'study.blindingCheck': call({
    input: none,
    output: blindingCheckSetting,
    roles: ['manager'],
    summary: 'Whether coders are asked to guess arm and timepoint after submitting.',
  }),
  'study.setBlindingCheck': call({
    input: z.object({ enabled: z.boolean(), timepoints: z.array(z.string().trim().min(1).max(60)).max(20) }).strict(),
    output: blindingCheckSetting,
    roles: ['manager'],
    summary: "Turn the coders' blinding check on or off, with the timepoint labels they choose from.",
  }),
  'manager.progress': call({
    input: none,
    output: coderProgress,
    roles: ['manager'],
    summary: 'Clips submitted per coder (no arm or timepoint breakdown).',
  }),
} as const;
