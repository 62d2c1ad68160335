// What crosses the boundary for the fidelity audit: types only, so contract.ts (and through it the
// renderer) may import them. Nothing here carries a family id, a recording date, a source file or,
// unless the manager has unlocked the key, a clinician's name (ARCHITECTURE.md, "The one rule").
import type { Draft, RatingVersion, ScaleDimension } from '../../common/contract';
import type { ReliabilityJson } from '../reliability/json';

/** One session clip as its auditor receives it. */
export interface AuditClipView {
  readonly code: string;
  readonly position: number;
  readonly total: number;
  readonly previousCode: string | null;
  readonly nextCode: string | null;
  /** A short-lived link to `<code>.m4a` (AAC in MP4), served as audio/mp4. */
  readonly mediaUrl: string;
  readonly mediaType: 'audio/mp4';
  readonly durationSeconds: number;
  /** The manual's session the recording is of: what adherence is judged against. */
  readonly sessionNumber: number;
  /** Adherence first (1–5), then the study's items. */
  readonly dimensions: readonly ScaleDimension[];
  /** Adherence at or above this is acceptable fidelity. */
  readonly acceptableFrom: number;
  readonly draft: Draft | null;
  readonly secondsSpent: number;
  /** Every submitted version, oldest first. */
  readonly history: readonly RatingVersion[];
}

/** One row of the summary: all sampled sessions, one clinician, or one session number. */
export interface FidelityGroupRow {
  readonly level: 'overall' | 'clinician' | 'session_number';
  /** "All sampled sessions", "Clinician C" (or the name, for an unlocked manager), "Session 3". */
  readonly group: string;
  readonly sampled: number;
  readonly scored: number;
  readonly acceptable: number;
  /** acceptable / scored, 0–1; null when nothing is scored. */
  readonly proportionAcceptable: number | null;
  /** Clopper–Pearson exact interval, 0–1. */
  readonly ci: { readonly lower: number; readonly upper: number; readonly level: number } | null;
  readonly meanAdherence: number | null;
  readonly minAdherence: number | null;
  readonly maxAdherence: number | null;
}

export interface FidelityItemRow {
  readonly id: string;
  readonly label: string;
  readonly scored: number;
  readonly mean: number | null;
  readonly min: number | null;
  readonly max: number | null;
  /** How many scored sessions fell in each of the item's categories (e.g. present / absent). */
  readonly categories: readonly { readonly label: string; readonly count: number }[];
}

export interface FidelityRoundView {
  readonly round: number;
  readonly fraction: number;
  readonly stratifiedBy: string;
  readonly rule: string;
  readonly sessions: number;
  readonly picked: number;
  readonly newlyPicked: number;
  readonly drawnAt: string;
  readonly commitment: string;
}

export interface FidelityReportView {
  /** 'pseudonyms' ("Clinician A") unless a manager unlocked the key. */
  readonly clinicianNames: 'pseudonyms' | 'names';
  readonly acceptableRule: string;
  /** The sampling rule of the latest round, in words; null before any sampling. */
  readonly samplingRule: string | null;
  readonly rounds: readonly FidelityRoundView[];
  /** Session recordings imported (sampled or not). */
  readonly imported: number;
  readonly sampled: number;
  readonly deidentified: number;
  readonly assigned: number;
  /** Sampled sessions whose primary auditor marked them unscorable (not counted as scored). */
  readonly unscorable: number;
  readonly overall: FidelityGroupRow;
  readonly byClinician: readonly FidelityGroupRow[];
  readonly bySessionNumber: readonly FidelityGroupRow[];
  readonly items: readonly FidelityItemRow[];
  /** Adherence of double-scored sessions: primary auditor against second auditor. */
  readonly agreement: {
    readonly pairs: number;
    /** The reliability module's report (weighted kappa & co.) over the 1–5 scale; null without pairs. */
    readonly adherence: ReliabilityJson | null;
    readonly exactAgreement: number | null;
    /** Both auditors on the same side of "acceptable" (≥ 3). */
    readonly acceptableAgreement: number | null;
  };
}
