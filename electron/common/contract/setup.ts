// The manager's set-up entries of the contract. The views they return are in ./setup/*.
import { z } from 'zod';
import { call, clipCode, list, none, nothing, role, view } from './base';
import { allocationImported, importReport, recordingRow, recordingsImported } from './setup/imports';
import { deidentifyOutcome, pendingJob, pictureCheckView, previewFrame } from './setup/picture';
import { addedUser, assignOutcome, blindingExceptionView, cancelOutcome, chosenPath, sealOutcome, setupStatus, taskProgressView } from './setup/status';

export * from './setup/imports';
export * from './setup/picture';
export * from './setup/status';

// ---- Set-up (manager only). The manager is unblinded: these views may carry participant ids and
// source names, and never reach another role.

const regionMaskInput = z
  .object({ kind: z.enum(['blur', 'crop']), x: z.number().int().min(0), y: z.number().int().min(0), width: z.number().int().min(2), height: z.number().int().min(2) })
  .strict();
const side = z.number().int().min(64).max(4096).refine((n) => n % 2 === 0, 'must be even');
const uniformPicture = z.object({ width: side, height: side, fps: z.number().min(1).max(120) }).strict();
const recordingsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(3).max(300) }).strict(),
  z.object({ kind: z.literal('manifest'), manifestPath: z.string().min(1).max(4096) }).strict(),
]);
const recordingsInput = z
  .object({
    folder: z.string().min(1).max(4096),
    mapping: recordingsMapping,
    /** Files (paths in the folder, '/'-separated, as problems name them) the manager leaves out; audit-logged on import. */
    leaveOut: z.array(z.string().min(1).max(4096)).max(10_000).optional(),
  })
  .strict();

/** A de-identified clip as a coder receives it: the code and a short-lived media link, nothing else. */
export const watchClipView = view({
  code: clipCode,
  mediaUrl: z.string(),
  durationSeconds: z.number(),
  frameRate: z.number(),
  /** De-identified outcome clips there are to watch. */
  clips: z.number().int().nonnegative(),
});
export type WatchClipView = z.output<typeof watchClipView>;

export const setupEntries = {
  'setup.status': call({
    input: none,
    output: setupStatus,
    roles: ['manager'],
    summary: 'Where the set-up stands: allocation, recordings, users, assignment, seals.',
  }),
  'setup.unlock': call({
    input: z.object({ passphrase: z.string().min(1).max(1024) }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: "Open the sealed key for this session's set-up work (needed to import, de-identify and assign).",
  }),
  'setup.choosePath': call({
    input: z.object({ kind: z.enum(['file', 'folder']), title: z.string().min(1).max(200) }).strict(),
    output: chosenPath,
    roles: ['manager'],
    summary: 'Ask for a file or folder with the system dialog.',
  }),
  'setup.importAllocation': call({
    input: z
      .object({
        path: z.string().min(1).max(4096),
        idColumn: z.string().max(200).optional(),
        armColumn: z.string().max(200).optional(),
        stratumColumn: z.string().max(200).optional(),
        arms: z.array(z.string().trim().min(1).max(100)).min(2).max(10).optional(),
      })
      .strict(),
    output: importReport(allocationImported),
    roles: ['manager'],
    summary: "Import the trial's allocation from CSV: all rows or none.",
  }),
  'setup.previewRecordings': call({
    input: recordingsInput,
    output: importReport(list(recordingRow)),
    roles: ['manager'],
    summary: 'Scan a recordings folder and show how each file maps, without importing.',
  }),
  'setup.importRecordings': call({
    input: recordingsInput,
    output: importReport(recordingsImported),
    roles: ['manager'],
    summary: 'Import the recordings of a folder: all or none.',
  }),
  'setup.watchAsCoder': call({
    input: z.object({ code: clipCode.optional() }).strict(),
    output: watchClipView,
    roles: ['manager'],
    summary: 'A de-identified clip (the one named, or one at random) as a coder receives it: its code and a short-lived media link (audit-logged).',
  }),
  'setup.pendingJobs': call({
    input: none,
    output: list(pendingJob),
    roles: ['manager'],
    summary: 'De-identification jobs with their sources (manager only).',
  }),
  'setup.previewFrame': call({
    input: z.object({ code: clipCode, seconds: z.number().min(0).max(86400) }).strict(),
    output: previewFrame,
    roles: ['manager'],
    summary: "A frame of a job's source recording, for drawing masks.",
  }),
  'setup.setMasks': call({
    input: z.object({ code: clipCode.nullable(), masks: z.array(regionMaskInput).max(20) }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: 'Blur or crop rectangles for the whole study (code null) or one recording.',
  }),
  'setup.setPicture': call({
    input: z.object({ picture: uniformPicture.nullable() }).strict(),
    output: nothing,
    roles: ['manager'],
    summary: 'Make every clip one picture size and frame rate (null: keep each recording\'s own); only before any clip is made.',
  }),
  'setup.setCodingWindow': call({
    input: z
      .object({
        window: z
          .object({ startSeconds: z.number().min(0).max(86_400), lengthSeconds: z.number().min(1).max(86_400) })
          .strict()
          .nullable(),
      })
      .strict(),
    output: nothing,
    roles: ['manager'],
    summary: 'Code a fixed window of every recording (start and length, cut at de-identification; null: the whole recording); only before any clip is made.',
  }),
  'setup.pictureCheck': call({
    input: none,
    output: pictureCheckView,
    roles: ['manager'],
    summary: "The clips' pictures by timepoint and by arm, and whether they could tell a coder either (manager only).",
  }),
  'setup.acceptBlindingDifference': call({
    input: z.object({ check: z.enum(['picture', 'length']), reason: z.string().trim().min(20).max(2000) }).strict(),
    output: blindingExceptionView,
    roles: ['manager'],
    summary:
      'Record why a difference the picture check finds (by timepoint or arm) cannot tell a coder either; audited, shown in the status and every later report. De-identification is refused until then.',
  }),
  'setup.deidentify': call({
    input: z.object({ jobs: z.number().int().min(1).max(64).optional() }).strict(),
    output: deidentifyOutcome,
    roles: ['manager'],
    summary: 'Run the pending de-identification jobs (progress through setup.progress).',
  }),
  'setup.progress': call({
    /** `of: 'picture'`: the picture check's own progress, which runs beside the session's other task. */
    input: z.object({ of: z.enum(['picture']).optional() }).strict(),
    output: taskProgressView.nullable(),
    // The lead's gold-standard import runs on the same board; a session sees only its own task
    // (a label, counts and per-code percentages), so this shows a lead nothing of the manager's.
    roles: ['manager', 'reliability'],
    summary: "The progress of this session's long-running set-up task.",
  }),
  'setup.cancel': call({
    input: none,
    output: cancelOutcome,
    roles: ['manager'],
    summary: 'Cancel the running set-up task; finished work is kept.',
  }),
  'setup.addUser': call({
    input: z.object({ name: z.string().trim().min(1).max(63), role, password: z.string().min(8).max(1024) }).strict(),
    output: addedUser,
    roles: ['manager'],
    summary: 'Create a user of this study.',
  }),
  'setup.assign': call({
    input: z
      .object({
        coders: z.array(z.string().trim().min(1).max(63)).min(1).max(50),
        doubleFraction: z.number().min(0).max(1),
        seed: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: assignOutcome,
    roles: ['manager'],
    summary: 'Assign the unassigned clips to coders, with concealed reliability clips.',
  }),
  'setup.seal': call({
    input: none,
    output: sealOutcome,
    roles: ['manager'],
    summary: 'Seal the key and publish its SHA-256 commitment.',
  }),
} as const;
