// The fidelity summary as auditors and the manager receive it (core/fidelity/report.ts builds it):
// sampled, scored and % acceptable adherence with its exact CI, mean and range — overall, by
// clinician and by session number — the study's items, the sampling rounds and agreement between
// auditors. Clinicians appear as pseudonyms ("Clinician A") unless a manager opened the key.
import { z } from 'zod';
import { list, view, count } from '../base';
import { reliabilityJsonView } from '../reliability/json';


export const stratifiedBy = z.enum(['clinician', 'clinician and session number']);
export type StratifiedBy = z.output<typeof stratifiedBy>;

/** One row of the summary: all sampled sessions, one clinician, or one session number. */
export const fidelityGroupRow = view({
  level: z.enum(['overall', 'clinician', 'session_number']),
  /** "All sampled sessions", "Clinician C" (or the name, for an unlocked manager), "Session 3". */
  group: z.string(),
  sampled: count,
  scored: count,
  acceptable: count,
  /** acceptable / scored, 0–1; null when nothing is scored. */
  proportionAcceptable: z.number().nullable(),
  /** Clopper–Pearson exact interval, 0–1; null when nothing is scored. */
  ci: view({ lower: z.number(), upper: z.number(), level: z.number() }).nullable(),
  meanAdherence: z.number().nullable(),
  minAdherence: z.number().nullable(),
  maxAdherence: z.number().nullable(),
});
export type FidelityGroupRow = z.output<typeof fidelityGroupRow>;

export const fidelityItemRow = view({
  id: z.string(),
  label: z.string(),
  scored: count,
  mean: z.number().nullable(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  /** How many scored sessions fell in each of the item's categories (e.g. present / absent). */
  categories: list(view({ label: z.string(), count })),
});
export type FidelityItemRow = z.output<typeof fidelityItemRow>;

export const fidelityRoundView = view({
  round: count,
  fraction: z.number(),
  stratifiedBy,
  rule: z.string(),
  sessions: count,
  picked: count,
  newlyPicked: count,
  drawnAt: z.string(),
  commitment: z.string(),
});
export type FidelityRoundView = z.output<typeof fidelityRoundView>;

export const fidelityReportView = view({
  /** 'pseudonyms' ("Clinician A") unless a manager unlocked the key. */
  clinicianNames: z.enum(['pseudonyms', 'names']),
  acceptableRule: z.string(),
  /** The sampling rule of the latest round, in words; null before any sampling. */
  samplingRule: z.string().nullable(),
  rounds: list(fidelityRoundView),
  /** Session recordings imported (sampled or not). */
  imported: count,
  sampled: count,
  deidentified: count,
  assigned: count,
  /** Sampled sessions whose primary auditor marked them unscorable (not counted as scored). */
  unscorable: count,
  overall: fidelityGroupRow,
  byClinician: list(fidelityGroupRow),
  bySessionNumber: list(fidelityGroupRow),
  items: list(fidelityItemRow),
  /** Adherence of double-scored sessions: primary auditor against second auditor. */
  agreement: view({
    pairs: count,
    /** The reliability module's report (weighted kappa & co.) over the 1–5 scale; null without pairs. */
    adherence: reliabilityJsonView.nullable(),
    exactAgreement: z.number().nullable(),
    /** Both auditors on the same side of "acceptable" (≥ 3). */
    acceptableAgreement: z.number().nullable(),
  }),
});
export type FidelityReportView = z.output<typeof fidelityReportView>;
