// Session, study and coding entries of the contract, with the views they return to coders.
import { z } from 'zod';
import { call, clipCode, dimensionId, none, PUBLIC, ROLES, type Role } from './base';

export const note = z.string().max(4000);
export const unscorable = z
  .object({ reason: z.enum(['video_quality', 'wrong_task', 'too_short', 'other']), detail: z.string().max(1000) })
  .strict()
  .nullable();
export const ratingContent = z
  .object({ scores: z.record(dimensionId, z.number().finite()), notes: z.record(dimensionId, note), overallNote: note, unscorable })
  .strict();
export const draftContent = z
  .object({
    scores: z.record(dimensionId, z.number().finite().nullable()),
    notes: z.record(dimensionId, note),
    overallNote: note,
    unscorable,
  })
  .strict();
export const secondsSpent = z.number().finite().min(0).max(7 * 24 * 3600);

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
// names or recording metadata (ARCHITECTURE.md, "The one rule").

export interface SessionUser {
  readonly name: string;
  readonly role: Role;
}

export interface StudyInfo {
  readonly name: string;
}

export interface ScaleCategory {
  /** Lowest score (inclusive) that belongs to this category. */
  readonly from: number;
  readonly label: string;
}

export interface ScaleDimension {
  readonly id: string;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  /** Categories ordered by `from`; the first starts at `min`. */
  readonly categories: readonly ScaleCategory[];
  readonly anchors: Readonly<Record<string, string>>;
}

export type ClipStatus = 'todo' | 'draft' | 'submitted';

export interface QueueItem {
  readonly code: string;
  readonly position: number;
  readonly status: ClipStatus;
  /** A gold-standard training clip (trainees know they are training; reliability clips are never marked). */
  readonly training: boolean;
}

export interface CoderQueue {
  readonly items: readonly QueueItem[];
  readonly done: number;
  readonly total: number;
  /** The first clip not yet submitted, where the coder resumes; null when the queue is done. */
  readonly resumeCode: string | null;
}

export type Scores = Readonly<Record<string, number>>;

export const UNSCORABLE_REASONS = ['video_quality', 'wrong_task', 'too_short', 'other'] as const;
export type UnscorableReason = (typeof UNSCORABLE_REASONS)[number];

export interface Unscorable {
  readonly reason: UnscorableReason;
  readonly detail: string;
}

/** What a coder records for a clip: a score per dimension (or "unscorable"), notes. */
export interface RatingContent {
  readonly scores: Scores;
  readonly notes: Readonly<Record<string, string>>;
  readonly overallNote: string;
  readonly unscorable: Unscorable | null;
}

/** Work in progress: scores may be missing. */
export interface Draft {
  readonly scores: Readonly<Record<string, number | null>>;
  readonly notes: Readonly<Record<string, string>>;
  readonly overallNote: string;
  readonly unscorable: Unscorable | null;
}

export interface RatingVersion extends RatingContent {
  readonly version: number;
  readonly submittedAt: string;
  readonly amendmentReason: string | null;
}

export interface BlindingCheck {
  readonly enabled: boolean;
  /** The study's timepoint labels to choose from; the same list for every clip. */
  readonly timepoints: readonly string[];
  readonly answered: boolean;
}

export interface ClipView {
  readonly code: string;
  readonly position: number;
  readonly total: number;
  readonly previousCode: string | null;
  readonly nextCode: string | null;
  readonly mediaUrl: string;
  readonly durationSeconds: number;
  readonly frameRate: number;
  readonly dimensions: readonly ScaleDimension[];
  readonly draft: Draft | null;
  /** Time already spent on this clip (drafts and submissions), in seconds. */
  readonly secondsSpent: number;
  /** Every submitted version, oldest first; empty until the first submission. */
  readonly history: readonly RatingVersion[];
  readonly blindingCheck: BlindingCheck;
}

export interface SubmitReceipt {
  readonly ratingId: number;
  readonly nextCode: string | null;
}

export interface CoderProgress {
  readonly coders: readonly { readonly name: string; readonly done: number; readonly total: number }[];
}

export const codingEntries = {
  'auth.login': call<SessionUser>()({
    input: z.object({ name: z.string().trim().min(1).max(100), password: z.string().min(1).max(1024) }).strict(),
    roles: PUBLIC,
    summary: 'Start a session for a user of this study.',
  }),
  'auth.logout': call<null>()({
    input: none,
    roles: ROLES,
    summary: 'End the current session and revoke its media links.',
  }),
  'auth.session': call<SessionUser | null>()({
    input: none,
    roles: PUBLIC,
    summary: 'Who is logged in, if anyone.',
  }),
  'study.info': call<StudyInfo>()({
    input: none,
    roles: PUBLIC,
    summary: "The open study's display name.",
  }),
  'coding.queue': call<CoderQueue>()({
    input: none,
    roles: ['coder'],
    summary: "The coder's own clips in their shuffled order, with progress.",
  }),
  'coding.clip': call<ClipView>()({
    input: z.object({ code: clipCode }).strict(),
    roles: ['coder'],
    summary: 'One assigned clip: a short-lived media link, the scales, and the draft or submitted rating.',
  }),
  'coding.saveDraft': call<{ savedAt: string }>()({
    input: z.object({ code: clipCode, draft: draftContent, secondsSpent }).strict(),
    roles: ['coder'],
    summary: 'Save work in progress on a clip; replaces the previous draft.',
  }),
  'coding.submit': call<SubmitReceipt>()({
    input: z.object({ code: clipCode, rating: ratingContent, secondsSpent }).strict(),
    roles: ['coder'],
    summary: 'Submit a complete rating (or "unscorable"); it is locked from then on.',
  }),
  'coding.amend': call<SubmitReceipt>()({
    input: z.object({ code: clipCode, rating: ratingContent, reason: z.string().trim().min(3).max(1000), secondsSpent }).strict(),
    roles: ['coder'],
    summary: 'Record a new version of a submitted rating, with a reason; the original stays.',
  }),
  'coding.blindingGuess': call<null>()({
    input: z
      .object({ code: clipCode, arm: z.enum(['intervention', 'control', 'dont_know']), timepoint: z.string().trim().min(1).max(60) })
      .strict(),
    roles: ['coder'],
    summary: "The coder's guess of arm and timepoint after submitting (the study's blinding check).",
  }),
  'study.scales': call<{ readonly dimensions: readonly ScaleDimension[]; readonly presets: readonly ScaleDimension[]; readonly locked: boolean }>()({
    input: none,
    roles: ['manager'],
    summary: "The study's rating dimensions, the presets a manager may add, and whether ratings already fix them.",
  }),
  'study.setScales': call<readonly ScaleDimension[]>()({
    input: z.object({ dimensions: z.array(scaleDimensionSchema).min(1).max(20) }).strict(),
    roles: ['manager'],
    summary: "Replace the study's rating dimensions (only before any rating is submitted).",
  }),
  'study.blindingCheck': call<{ readonly enabled: boolean; readonly timepoints: readonly string[] }>()({
    input: none,
    roles: ['manager'],
    summary: 'Whether coders are asked to guess arm and timepoint after submitting.',
  }),
  'study.setBlindingCheck': call<{ readonly enabled: boolean; readonly timepoints: readonly string[] }>()({
    input: z.object({ enabled: z.boolean(), timepoints: z.array(z.string().trim().min(1).max(60)).max(20) }).strict(),
    roles: ['manager'],
    summary: "Turn the coders' blinding check on or off, with the timepoint labels they choose from.",
  }),
  'manager.progress': call<CoderProgress>()({
    input: none,
    roles: ['manager'],
    summary: 'Clips submitted per coder (no arm or timepoint breakdown).',
  }),
} as const;
