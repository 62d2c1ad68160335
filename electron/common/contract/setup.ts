// The manager's set-up entries of the contract.
import { z } from 'zod';
import { call, clipCode, none, ROLES, type Role } from './base';

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

/** One picture size and frame rate for every clip (see the set-up's picture step). */
export interface UniformPictureView {
  readonly width: number;
  readonly height: number;
  readonly fps: number;
}

export interface PictureGroupView {
  readonly level: string;
  /** Clips by picture, e.g. { "1920×1080, 25 fps": 12 }. */
  readonly counts: Readonly<Record<string, number>>;
}

/** Whether the clips' pictures could tell a coder the timepoint or arm (manager only). */
export interface PictureCheckView {
  readonly picture: UniformPictureView | null;
  readonly clips: number;
  readonly pictures: readonly string[];
  readonly byTimepoint: readonly PictureGroupView[];
  readonly byArm: readonly PictureGroupView[];
  readonly tells: readonly ('timepoint' | 'arm')[];
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
const side = z.number().int().min(64).max(4096).refine((n) => n % 2 === 0, 'must be even');
const uniformPicture = z.object({ width: side, height: side, fps: z.number().min(1).max(120) }).strict();
const recordingsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(3).max(300) }).strict(),
  z.object({ kind: z.literal('manifest'), manifestPath: z.string().min(1).max(4096) }).strict(),
]);
const recordingsInput = z.object({ folder: z.string().min(1).max(4096), mapping: recordingsMapping }).strict();

export const setupEntries = {
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
  'setup.setPicture': call<null>()({
    input: z.object({ picture: uniformPicture.nullable() }).strict(),
    roles: ['manager'],
    summary: 'Make every clip one picture size and frame rate (null: keep each recording\'s own); only before any clip is made.',
  }),
  'setup.pictureCheck': call<PictureCheckView>()({
    input: none,
    roles: ['manager'],
    summary: "The clips' pictures by timepoint and by arm, and whether they could tell a coder either (manager only).",
  }),
  'setup.deidentify': call<{ done: number; failed: readonly { code: string; message: string }[]; cancelled: boolean }>()({
    input: z.object({ jobs: z.number().int().min(1).max(64).optional() }).strict(),
    roles: ['manager'],
    summary: 'Run the pending de-identification jobs (progress through setup.progress).',
  }),
  'setup.progress': call<TaskProgressView | null>()({
    input: none,
    // The lead's gold-standard import runs on the same board; a session sees only its own task
    // (a label, counts and per-code percentages), so this shows a lead nothing of the manager's.
    roles: ['manager', 'reliability'],
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
} as const;
