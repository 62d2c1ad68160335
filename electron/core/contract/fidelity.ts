// The fidelity entries of the contract: the auditor's queue, session clips (audio), their waveform,
// drafts, submission and amendment — the coder's entries over the fidelity form — and the summary
// for auditors and the manager. The views are declared in core/fidelity/views.ts (types only).
import { z } from 'zod';
import type { AuditClipView, FidelityReportView } from '../fidelity/views';
import { call, clipCode, none } from './base';
import { draftContent, ratingContent, secondsSpent, type CoderQueue, type SubmitReceipt } from './coding';

export type { AuditClipView, FidelityGroupRow, FidelityItemRow, FidelityReportView, FidelityRoundView } from '../fidelity/views';

/** Loudness of a session recording in `bins` equal slices: the lowest and highest sample, −1…1. */
export interface Waveform {
  readonly bins: number;
  readonly durationSeconds: number;
  readonly min: readonly number[];
  readonly max: readonly number[];
}

export const WAVEFORM_BINS = { default: 1000, max: 4000 } as const;

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
} as const;
