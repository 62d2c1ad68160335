// The manager's set-up of the audit: session recordings before import, the sample by name, where
// the set-up stands and the auditors' assignment. The manager is unblinded: these views name
// clinicians, families and source files, and never reach another role (contract roles). Auditors
// see only pseudonyms ("Clinician A") and session numbers, through ./audit and ./summary.
import { z } from 'zod';
import { dict, list, view, count } from '../base';
import { stratifiedBy } from './summary';


/** A session recording as the preview shows it, before import. */
export const sessionRecordingRow = view({
  /** Relative to the sessions folder. */
  file: z.string(),
  clinician: z.string(),
  family: z.string(),
  sessionNumber: z.number().int(),
  /** yyyy-mm-dd */
  date: z.string().nullable(),
  durationSeconds: z.number().nullable(),
  /** The auditors hear only the audio either way; null when the file could not be read. */
  streams: z.enum(['audio', 'video and audio']).nullable(),
});
export type SessionRecordingRow = z.output<typeof sessionRecordingRow>;

export const sessionsImported = view({ sessions: count });
export type SessionsImported = z.output<typeof sessionsImported>;

/** A sampled session, named (manager only). */
export const sampledSessionRow = view({
  code: z.string(),
  clinician: z.string(),
  /** The pseudonym auditors' summaries show, e.g. "Clinician C". */
  clinicianLabel: z.string(),
  family: z.string(),
  sessionNumber: z.number().int(),
  date: z.string().nullable(),
  round: count,
  deidentified: z.boolean(),
});
export type SampledSessionRow = z.output<typeof sampledSessionRow>;

/** One stratum of the sample: a clinician (and session number, when stratified by it). */
export const sampleStratumRow = view({
  clinician: z.string(),
  clinicianLabel: z.string(),
  sessionNumber: z.number().int().nullable(),
  sessions: count,
  /** What the rule asks for: min(n, max(1, ceil(fraction × n))). */
  target: count,
  picked: count,
});
export type SampleStratumRow = z.output<typeof sampleStratumRow>;

export const fidelitySampleView = view({
  /** The round this call drew; null when nothing new was drawn (or when only reading). */
  drawnRound: count.nullable(),
  rounds: count,
  fraction: z.number().nullable(),
  stratifiedBy: stratifiedBy.nullable(),
  /** The rounding rule in words, as core states it; null before the first round. */
  rule: z.string().nullable(),
  /** The latest round's SHA-256 commitment to the sealed draw, as in the audit log. */
  commitment: z.string().nullable(),
  /** Session recordings imported. */
  sessions: count,
  picked: list(sampledSessionRow),
  strata: list(sampleStratumRow),
});
export type FidelitySampleView = z.output<typeof fidelitySampleView>;

/** Where the audit's set-up stands. Counts come from the clear tables; names only with the opened key. */
export const fidelitySetupStatus = view({
  unlocked: z.boolean(),
  /** Session recordings imported (a count of sealed entries: readable with the key closed). */
  sessions: count,
  rounds: count,
  fraction: z.number().nullable(),
  stratifiedBy: stratifiedBy.nullable(),
  rule: z.string().nullable(),
  sampled: count,
  /** De-identification of the sampled sessions to audio. */
  audio: view({ pending: count, done: count, failed: count }),
  /** Session clips dealt to auditors, and those not yet. */
  assigned: count,
  unassigned: count,
  /** Auditor accounts that can be given sessions (not disabled). */
  auditors: list(z.string()),
  /** The sample by name; null while the key is closed or before the first round. */
  sample: fidelitySampleView.nullable(),
});
export type FidelitySetupStatus = z.output<typeof fidelitySetupStatus>;

export const auditorAssignReport = view({
  round: count,
  clips: count,
  perAuditor: dict(view({ primary: count, reliability: count })),
});
export type AuditorAssignReport = z.output<typeof auditorAssignReport>;
