// The one description of the boundary between the renderer and main (VS Code's `common` interface).
// Every call: its name, zod input schema, result type and the roles allowed. main registers one
// handler per entry, the preload and the e2e harness build the proxy from it; nothing else defines
// a channel. Only pure code may be imported here: the renderer type-checks against this file.
import { z } from 'zod';
import type { Result } from './result';

export const ROLES = ['manager', 'coder', 'reliability', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Entries anyone may call, with or without a session (logging in, the study's name). */
export const PUBLIC = 'public' as const;

export interface Entry<I extends z.ZodType, O> {
  readonly input: I;
  readonly roles: readonly Role[] | typeof PUBLIC;
  readonly summary: string;
  /** Phantom: carries the result type; never set at runtime. */
  readonly _result?: O;
}

function call<O>() {
  return <I extends z.ZodType>(def: { input: I; roles: readonly Role[] | typeof PUBLIC; summary: string }): Entry<I, O> => def;
}

/** Opaque clip codes: two groups of four from an alphabet without 0/O, 1/I/L, U (see blinding/codes). */
export const CLIP_CODE = /^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/;
const clipCode = z.string().regex(CLIP_CODE, 'not a clip code');
const none = z.object({}).strict();
const dimensionId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'not a dimension id');
const note = z.string().max(4000);
const unscorable = z
  .object({ reason: z.enum(['video_quality', 'wrong_task', 'too_short', 'other']), detail: z.string().max(1000) })
  .strict()
  .nullable();
const ratingContent = z
  .object({ scores: z.record(dimensionId, z.number().finite()), notes: z.record(dimensionId, note), overallNote: note, unscorable })
  .strict();
const draftContent = z
  .object({
    scores: z.record(dimensionId, z.number().finite().nullable()),
    notes: z.record(dimensionId, note),
    overallNote: note,
    unscorable,
  })
  .strict();
const secondsSpent = z.number().finite().min(0).max(7 * 24 * 3600);

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

// ---- Set-up (manager only). The manager is unblinded: these views may carry participant ids and
// source names, and never reach another role.

export interface Problem {
  readonly row?: number;
  readonly column?: string;
  readonly file?: string;
  readonly code: string;
  readonly message: string;
}

export interface SetupStatus {
  readonly unlocked: boolean;
  readonly participants: number | null;
  readonly recordings: { readonly pending: number; readonly done: number; readonly failed: number };
  readonly clips: number;
  readonly users: readonly { readonly name: string; readonly role: Role }[];
  readonly assigned: number;
  readonly unassigned: number;
  readonly seals: readonly { readonly commitment: string; readonly clips: number; readonly sealedAt: string }[];
  readonly studyMasks: readonly RegionMask[];
}

export interface RegionMask {
  readonly kind: 'blur' | 'crop';
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface RecordingRow {
  readonly file: string;
  readonly participant: string;
  readonly timepoint: string | null;
  readonly task: string | null;
  readonly date: string | null;
  readonly durationSeconds: number | null;
  readonly video: string | null;
}

export interface ImportReport<T> {
  readonly imported: T | null;
  readonly problems: readonly Problem[];
}

export interface PendingJob {
  readonly code: string;
  readonly sourceFile: string;
  readonly participant: string;
  readonly timepoint: string | null;
  readonly status: 'pending' | 'done' | 'failed';
  readonly error: string | null;
  readonly masks: readonly RegionMask[];
}

export interface TaskProgressView {
  readonly task: string;
  readonly done: number;
  readonly total: number;
  readonly items: Readonly<Record<string, number>>;
  readonly finished: boolean;
  readonly message: string | null;
}

const regionMask = z
  .object({ kind: z.enum(['blur', 'crop']), x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(2), height: z.number().int().min(2) })
  .strict();
const recordingsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(3).max(300) }).strict(),
  z.object({ kind: z.literal('manifest'), manifestPath: z.string().min(1).max(4096) }).strict(),
]);
const recordingsInput = z.object({ folder: z.string().min(1).max(4096), mapping: recordingsMapping }).strict();

export const contract = {
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
  'setup.status': call<SetupStatus>()({
    input: none,
    roles: ['manager'],
    summary: 'Where the set-up stands: allocation, recordings, users, assignment, seals.',
  }),
  'setup.unlock': call<null>()({
    input: z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
    roles: ['manager'],
    summary: "Open the sealed key for this session's set-up work (needed to import, de-identify and assign).",
  }),
  'setup.choosePath': call<{ path: string | null }>()({
    input: z.object({ kind: z.enum(['file', 'folder']), title: z.string().min(1).max(200) }).strict(),
    roles: ['manager'],
    summary: 'Ask for a file or folder with the system dialog.',
  }),
  'setup.importAllocation': call<ImportReport<{ participants: number; arms: Readonly<Record<string, number>> }>>()({
    input: z
      .object({
        path: z.string().min(1).max(4096),
        idColumn: z.string().max(200).optional(),
        armColumn: z.string().max(200).optional(),
        stratumColumn: z.string().max(200).optional(),
        arms: z.array(z.string().trim().min(1).max(100)).min(2).max(10).optional(),
      })
      .strict(),
    roles: ['manager'],
    summary: "Import the trial's allocation from CSV: all rows or none.",
  }),
  'setup.previewRecordings': call<ImportReport<readonly RecordingRow[]>>()({
    input: recordingsInput,
    roles: ['manager'],
    summary: 'Scan a recordings folder and show how each file maps, without importing.',
  }),
  'setup.importRecordings': call<ImportReport<{ recordings: number }>>()({
    input: recordingsInput,
    roles: ['manager'],
    summary: 'Import the recordings of a folder: all or none.',
  }),
  'setup.pendingJobs': call<readonly PendingJob[]>()({
    input: none,
    roles: ['manager'],
    summary: 'De-identification jobs with their sources (manager only).',
  }),
  'setup.previewFrame': call<{ dataUrl: string; width: number; height: number }>()({
    input: z.object({ code: clipCode, seconds: z.number().min(0).max(86400) }).strict(),
    roles: ['manager'],
    summary: "A frame of a job's source recording, for drawing masks.",
  }),
  'setup.setMasks': call<null>()({
    input: z.object({ code: clipCode.nullable(), masks: z.array(regionMask).max(20) }).strict(),
    roles: ['manager'],
    summary: 'Blur or crop rectangles for the whole study (code null) or one recording.',
  }),
  'setup.deidentify': call<{ done: number; failed: readonly { code: string; message: string }[]; cancelled: boolean }>()({
    input: z.object({ jobs: z.number().int().min(1).max(64).optional() }).strict(),
    roles: ['manager'],
    summary: 'Run the pending de-identification jobs (progress through setup.progress).',
  }),
  'setup.progress': call<TaskProgressView | null>()({
    input: none,
    roles: ['manager'],
    summary: "The progress of this session's long-running set-up task.",
  }),
  'setup.cancel': call<{ cancelled: boolean }>()({
    input: none,
    roles: ['manager'],
    summary: 'Cancel the running set-up task; finished work is kept.',
  }),
  'setup.addUser': call<{ name: string; role: Role }>()({
    input: z.object({ name: z.string().trim().min(1).max(63), role: z.enum(ROLES), password: z.string().min(8).max(1024) }).strict(),
    roles: ['manager'],
    summary: 'Create a user of this study.',
  }),
  'setup.assign': call<{ round: number; clips: number; perCoder: Readonly<Record<string, { primary: number; reliability: number }>> }>()({
    input: z
      .object({
        coders: z.array(z.string().trim().min(1).max(63)).min(1).max(50),
        doubleFraction: z.number().min(0).max(1),
        seed: z.string().min(1).max(200).optional(),
      })
      .strict(),
    roles: ['manager'],
    summary: 'Assign the unassigned clips to coders, with concealed reliability clips.',
  }),
  'setup.seal': call<{ commitment: string; clips: number }>()({
    input: none,
    roles: ['manager'],
    summary: 'Seal the key and publish its SHA-256 commitment.',
  }),
  'manager.progress': call<CoderProgress>()({
    input: none,
    roles: ['manager'],
    summary: 'Clips submitted per coder (no arm or timepoint breakdown).',
  }),
} as const;

export type Contract = typeof contract;
export type CallName = keyof Contract;
export type CallInput<N extends CallName> = z.input<Contract[N]['input']>;
export type ParsedInput<N extends CallName> = z.output<Contract[N]['input']>;
export type CallResult<N extends CallName> = Contract[N] extends Entry<z.ZodType, infer O> ? O : never;

export const CALL_NAMES = Object.keys(contract) as CallName[];

/** The IPC channel of a call; the only channels main listens on. */
export function channelOf(name: CallName): string {
  return `blindfold:${name}`;
}

export type BlindfoldApi = {
  readonly [N in CallName]: (input: CallInput<N>) => Promise<Result<CallResult<N>>>;
};
