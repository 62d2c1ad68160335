// The fidelity entries of the contract: the auditor's queue, session clips (audio), their waveform,
// drafts, submission and amendment — the coder's entries over the fidelity form — the summary for
// auditors and the manager, and the manager's set-up of the audit (import, sample, de-identify,
// assign). The auditor's views are declared in core/fidelity/views.ts (types only); the set-up's here.
import { z } from 'zod';
import type { AuditClipView, FidelityReportView } from '../../core/fidelity/views';
import { call, clipCode, none } from './base';
import { draftContent, ratingContent, secondsSpent, type CoderQueue, type SubmitReceipt } from './coding';
import type { ImportReport } from './setup';

export type { AuditClipView, FidelityGroupRow, FidelityItemRow, FidelityReportView, FidelityRoundView } from '../../core/fidelity/views';

/** Loudness of a session recording in `bins` equal slices: the lowest and highest sample, −1…1. */
export interface Waveform {
  readonly bins: number;
  readonly durationSeconds: number;
  readonly min: readonly number[];
  readonly max: readonly number[];
}

export const WAVEFORM_BINS = { default: 1000, max: 4000 } as const;

// ---- Set-up of the audit (manager only). The manager is unblinded: these views name clinicians,
// families and source files, and never reach another role. Auditors see only pseudonyms ("Clinician
// A") and session numbers, through the entries above.

/** A session recording as the preview shows it, before import. */
export interface SessionRecordingRow {
  /** Relative to the sessions folder. */
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly sessionNumber: number;
  /** yyyy-mm-dd */
  readonly date: string | null;
  readonly durationSeconds: number | null;
  /** "audio" or "video and audio": the auditors hear only the audio either way. */
  readonly streams: string | null;
}

/** A sampled session, named (manager only). */
export interface SampledSessionRow {
  readonly code: string;
  readonly clinician: string;
  /** The pseudonym auditors' summaries show, e.g. "Clinician C". */
  readonly clinicianLabel: string;
  readonly family: string;
  readonly sessionNumber: number;
  readonly date: string | null;
  readonly round: number;
  readonly deidentified: boolean;
}

/** One stratum of the sample: a clinician (and session number, when stratified by it). */
export interface SampleStratumRow {
  readonly clinician: string;
  readonly clinicianLabel: string;
  readonly sessionNumber: number | null;
  readonly sessions: number;
  /** What the rule asks for: min(n, max(1, ceil(fraction × n))). */
  readonly target: number;
  readonly picked: number;
}

export interface FidelitySampleView {
  /** The round this call drew; null when nothing new was drawn (or when only reading). */
  readonly drawnRound: number | null;
  readonly rounds: number;
  readonly fraction: number | null;
  readonly stratifiedBy: 'clinician' | 'clinician and session number' | null;
  /** The rounding rule in words, as core states it; null before the first round. */
  readonly rule: string | null;
  /** The latest round's SHA-256 commitment to the sealed draw, as in the audit log. */
  readonly commitment: string | null;
  /** Session recordings imported. */
  readonly sessions: number;
  readonly picked: readonly SampledSessionRow[];
  readonly strata: readonly SampleStratumRow[];
}

/** Where the audit's set-up stands. Counts come from the clear tables; names only with the opened key. */
export interface FidelitySetupStatus {
  readonly unlocked: boolean;
  /** Session recordings imported (a count of sealed entries: readable with the key closed). */
  readonly sessions: number;
  readonly rounds: number;
  readonly fraction: number | null;
  readonly stratifiedBy: 'clinician' | 'clinician and session number' | null;
  readonly rule: string | null;
  readonly sampled: number;
  /** De-identification of the sampled sessions to audio. */
  readonly audio: { readonly pending: number; readonly done: number; readonly failed: number };
  /** Session clips dealt to auditors, and those not yet. */
  readonly assigned: number;
  readonly unassigned: number;
  /** Auditor accounts that can be given sessions (not disabled). */
  readonly auditors: readonly string[];
  /** The sample by name; null while the key is closed or before the first round. */
  readonly sample: FidelitySampleView | null;
}

export interface AuditorAssignReport {
  readonly round: number;
  readonly clips: number;
  readonly perAuditor: Readonly<Record<string, { readonly primary: number; readonly reliability: number }>>;
}

const sessionsMapping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('pattern'), pattern: z.string().min(3).max(300) }).strict(),
  z.object({ kind: z.literal('manifest'), manifestPath: z.string().min(1).max(4096) }).strict(),
]);
const sessionsInput = z.object({ folder: z.string().min(1).max(4096), mapping: sessionsMapping }).strict();
const auditorName = z.string().trim().min(1).max(63);

export const fidelityEntries = {
  'fidelity.queue': call<CoderQueue>()({
    input: none,
    roles: ['auditor'],
    summary: "The auditor's own session recordings in their shuffled order, with progress.",
  }),
  'fidelity.clip': call<AuditClipView>()({
    input: z.object({ code: clipCode }).strict(),
    roles: ['auditor'],
    summary: 'One assigned session recording: a short-lived audio link, its session number, the fidelity form and the draft or submitted audit.',
  }),
  'fidelity.waveform': call<Waveform>()({
    input: z.object({ code: clipCode, bins: z.number().int().min(10).max(WAVEFORM_BINS.max).optional() }).strict(),
    roles: ['auditor'],
    summary: "Peaks of an assigned session recording's de-identified audio, for drawing its waveform.",
  }),
  'fidelity.saveDraft': call<{ savedAt: string }>()({
    input: z.object({ code: clipCode, draft: draftContent, secondsSpent }).strict(),
    roles: ['auditor'],
    summary: 'Save work in progress on an audit; replaces the previous draft.',
  }),
  'fidelity.submit': call<SubmitReceipt>()({
    input: z.object({ code: clipCode, rating: ratingContent, secondsSpent }).strict(),
    roles: ['auditor'],
    summary: 'Submit a complete audit (or "unscorable"); it is locked from then on.',
  }),
  'fidelity.amend': call<SubmitReceipt>()({
    input: z.object({ code: clipCode, rating: ratingContent, reason: z.string().trim().min(3).max(1000), secondsSpent }).strict(),
    roles: ['auditor'],
    summary: 'Record a new version of a submitted audit, with a reason; the original stays.',
  }),
  'fidelity.summary': call<FidelityReportView>()({
    input: none,
    roles: ['auditor', 'manager'],
    summary: 'Sampled, scored and % acceptable adherence (exact CI), mean and range, overall and by clinician and session number; names only for a manager who opened the key.',
  }),
  'fidelity.exportSummary': call<{ path: string | null }>()({
    input: none,
    roles: ['auditor', 'manager'],
    summary: 'Write the fidelity summary as CSV where the user chooses; null when cancelled.',
  }),
  'fidelity.setupStatus': call<FidelitySetupStatus>()({
    input: none,
    roles: ['manager'],
    summary: "Where the audit's set-up stands: sessions imported, the sampling rule and sample, audio made, auditors assigned (names only with the opened key).",
  }),
  'fidelity.previewSessions': call<ImportReport<readonly SessionRecordingRow[]>>()({
    input: sessionsInput,
    roles: ['manager'],
    summary: 'Scan a folder of intervention-session recordings and show how each file maps to clinician, family and session, without importing.',
  }),
  'fidelity.importSessions': call<ImportReport<{ sessions: number }>>()({
    input: sessionsInput,
    roles: ['manager'],
    summary: 'Import the session recordings of a folder, sealed under opaque codes: all or none.',
  }),
  'fidelity.sample': call<FidelitySampleView>()({
    input: z
      .object({
        fraction: z.number().gt(0).max(1).optional(),
        seed: z.string().min(1).max(200).optional(),
        bySessionNumber: z.boolean().optional(),
      })
      .strict(),
    roles: ['manager'],
    summary: 'Draw the seeded audit sample, stratified by clinician (optionally also by session number); a later round draws only from sessions added since.',
  }),
  'fidelity.deidentify': call<{ done: number; failed: readonly { code: string; message: string }[]; cancelled: boolean }>()({
    input: z.object({ jobs: z.number().int().min(1).max(64).optional() }).strict(),
    roles: ['manager'],
    summary: "De-identify the sampled sessions to audio (progress through setup.progress; setup.cancel stops it, finished work is kept).",
  }),
  'fidelity.assignAuditors': call<AuditorAssignReport>()({
    input: z
      .object({
        auditors: z.array(auditorName).min(1).max(50),
        doubleFraction: z.number().min(0).max(1).optional(),
        seed: z.string().min(1).max(200).optional(),
      })
      .strict(),
    roles: ['manager'],
    summary: 'Deal the de-identified sampled sessions not yet assigned to auditors, with a concealed double-scored sub-sample.',
  }),
} as const;
