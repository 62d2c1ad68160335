// The fidelity entries of the contract: the auditor's queue, session clips (audio), their waveform,
// drafts, submission and amendment — the coder's entries over the fidelity form — the summary for
// auditors and the manager, and the manager's set-up of the audit (import, sample, de-identify,
// assign). The views are declared in ./fidelity/ (the auditor's clip, the summary, the set-up),
// each once, as the schema its entry's output is checked with.
import { z } from 'zod';
import { call, clipCode, list, none } from './base';
import { amendInput, coderQueue, draftReceipt, saveDraftInput, submitInput, submitReceipt } from './coding';
import { auditClipView, waveform, WAVEFORM_BINS } from './fidelity/audit';
import { auditorAssignReport, fidelitySampleView, fidelitySetupStatus, sessionRecordingRow, sessionsImported } from './fidelity/setup';
import { fidelityReportView } from './fidelity/summary';
import { chosenPath, deidentifyOutcome, importReport } from './setup';

export * from './fidelity/audit';
export * from './fidelity/setup';
export * from './fidelity/summary';

const columnName = z.string().trim().min(1).max(200).optional();
const sessionsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(3).max(300) }).strict(),
  z
    .object({
      kind: z.literal('manifest'),
      manifestPath: z.string().min(1).max(4096),
      /** The manifest's column names where they differ from the defaults (the CLI's --file-column …). */
      columns: z
        .object({
          fileColumn: columnName,
          clinicianColumn: columnName,
          familyColumn: columnName,
          sessionColumn: columnName,
          dateColumn: columnName,
        })
        .strict()
        .optional(),
    })
    .strict(),
]);
const sessionsInput = z.object({ folder: z.string().min(1).max(4096), mapping: sessionsMapping }).strict();
const auditorName = z.string().trim().min(1).max(63);

export const fidelityEntries = {
  'fidelity.queue': call({
    input: none,
    output: coderQueue,
    roles: ['auditor'],
    summary: "The auditor's own session recordings in their shuffled order, with progress.",
  }),
  'fidelity.clip': call({
    input: z.object({ code: clipCode }).strict(),
    output: auditClipView,
    roles: ['auditor'],
    summary: 'One assigned session recording: a short-lived audio link, its session number, the fidelity form and the draft or submitted audit.',
  }),
  'fidelity.waveform': call({
    input: z.object({ code: clipCode, bins: z.number().int().min(10).max(WAVEFORM_BINS.max).optional() }).strict(),
    output: waveform,
    roles: ['auditor'],
    summary: "Peaks of an assigned session recording's de-identified audio, for drawing its waveform.",
  }),
  'fidelity.saveDraft': call({
    input: saveDraftInput,
    output: draftReceipt,
    roles: ['auditor'],
    summary: 'Save work in progress on an audit; replaces the previous draft.',
  }),
  'fidelity.submit': call({
    input: submitInput,
    output: submitReceipt,
    roles: ['auditor'],
    summary: 'Submit a complete audit (or "unscorable"); it is locked from then on.',
  }),
  'fidelity.amend': call({
    input: amendInput,
    output: submitReceipt,
    roles: ['auditor'],
    summary: 'Record a new version of a submitted audit, with a reason; the original stays.',
  }),
  'fidelity.summary': call({
    input: none,
    output: fidelityReportView,
    roles: ['auditor', 'manager'],
    summary: 'Sampled, scored and % acceptable adherence (exact CI), mean and range, overall and by clinician and session number; names only for a manager who opened the key.',
  }),
  'fidelity.exportSummary': call({
    input: none,
    output: chosenPath,
    roles: ['auditor', 'manager'],
    summary: 'Write the fidelity summary as CSV where the user chooses; null when cancelled.',
  }),
  'fidelity.setupStatus': call({
    input: none,
    output: fidelitySetupStatus,
    roles: ['manager'],
    summary: "Where the audit's set-up stands: sessions imported, the sampling rule and sample, audio made, auditors assigned (names only with the opened key).",
  }),
  'fidelity.previewSessions': call({
    input: sessionsInput,
    output: importReport(list(sessionRecordingRow)),
    roles: ['manager'],
    summary: 'Scan a folder of intervention-session recordings and show how each file maps to clinician, family and session, without importing.',
  }),
  'fidelity.importSessions': call({
    input: sessionsInput,
    output: importReport(sessionsImported),
    roles: ['manager'],
    summary: 'Import the session recordings of a folder, sealed under opaque codes: all or none.',
  }),
  'fidelity.sample': call({
    input: z
      .object({
        fraction: z.number().gt(0).max(1).optional(),
        seed: z.string().min(1).max(200).optional(),
        bySessionNumber: z.boolean().optional(),
      })
      .strict(),
    output: fidelitySampleView,
    roles: ['manager'],
    summary: 'Draw the seeded audit sample, stratified by clinician (optionally also by session number); a later round draws only from sessions added since.',
  }),
  'fidelity.deidentify': call({
    input: z.object({ jobs: z.number().int().min(1).max(64).optional() }).strict(),
    output: deidentifyOutcome,
    roles: ['manager'],
    summary: "De-identify the sampled sessions to audio (progress through setup.progress; setup.cancel stops it, finished work is kept).",
  }),
  'fidelity.assignAuditors': call({
    input: z
      .object({
        auditors: z.array(auditorName).min(1).max(50),
        doubleFraction: z.number().min(0).max(1).optional(),
        seed: z.string().min(1).max(200).optional(),
      })
      .strict(),
    output: auditorAssignReport,
    roles: ['manager'],
    summary: 'Deal the de-identified sampled sessions not yet assigned to auditors, with a concealed double-scored sub-sample.',
  }),
} as const;
