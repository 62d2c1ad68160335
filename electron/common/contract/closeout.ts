// The manager's close-out entries: status, the data lock, unblinding (emergency, one clip, before the
// lock; the whole study after it), ratings imported from CSV, exports, and the analysis report.
// The manager is unblinded: these views may carry participant ids and arms, and never reach another
// role. The analysis report's JSON shape is core's published one (analysis/reportTypes, pure).
import { z } from 'zod';
import type { AnalysisReport } from '../../core/analysis/reportTypes';
import { call, clipCode, none } from './base';
import type { ImportReport } from './setup';

export type { AnalysisReport, EstimateJson, OutcomeJson, RateJson, UndefinedJson } from '../../core/analysis/reportTypes';

export interface LockExceptionView {
  readonly code: string;
  readonly coder: string;
  readonly purpose: 'primary' | 'reliability';
  /** 'outcome' for trial recordings, 'session' for fidelity audits. */
  readonly kind: 'outcome' | 'session';
}

export interface UnsubmittedView extends LockExceptionView {
  readonly hasDraft: boolean;
}

export interface UnblindingView {
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  readonly reason: string;
  readonly commitment: string;
}

export interface EmergencyUnblindingView {
  readonly code: string;
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  readonly reason: string;
}

export interface LockView {
  readonly lockedAt: string;
  readonly lockedBy: string;
  /** Assignments confirmed as not submitted when the study was locked. */
  readonly exceptions: readonly LockExceptionView[];
}

export interface CloseoutStatusView {
  readonly lock: LockView | null;
  readonly unblinding: UnblindingView | null;
  /** Assignments without a submitted rating: the exceptions a lock would list. */
  readonly unsubmitted: readonly UnsubmittedView[];
  readonly emergencyUnblindings: readonly EmergencyUnblindingView[];
  readonly seal: { readonly commitment: string; readonly clips: number; readonly sealedAt: string; readonly sealedBy: string } | null;
  /** The sealed key gained entries after the latest seal: seal again before locking. */
  readonly keyChangedSinceSeal: boolean;
  /** This session holds the opened key of the unblinded study (unblinded exports and analysis). */
  readonly keyOpen: boolean;
  /** The allocation's arm labels, when the key is open after unblinding. */
  readonly arms: readonly string[] | null;
  /** The least length of a written reason for unblinding. */
  readonly minReasonLength: number;
}

/** One clip revealed in an emergency: shown to the manager once, never stored. */
export interface EmergencyRevealView {
  readonly code: string;
  readonly participant: string;
  readonly arm: string | null;
  readonly timepoint: string | null;
  readonly task: string | null;
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  readonly matchesSeal: boolean;
}

export interface UnblindReceiptView {
  readonly unblinding: UnblindingView;
  /** Always true on success: unblinding is refused when the opened key does not match the seal. */
  readonly commitmentMatched: boolean;
  readonly clips: number;
  /** Randomised participants by arm label. */
  readonly randomised: Readonly<Record<string, number>>;
}

export interface ExportReceiptView {
  readonly file: string;
  readonly dictionaryFile: string;
  readonly rows: number;
  readonly unblinded: boolean;
  readonly layout: 'tidy' | 'wide';
}

/** A table of the report, formatted the way trial reports print numbers; the first cell of a row is its header. */
export interface ReportTableView {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly notes: readonly string[];
}

export interface ReportFigureView {
  readonly file: string;
  readonly title: string;
  /** The core's SVG as `data:image/svg+xml;base64,…`. */
  readonly dataUrl: string;
  /** The figure's content in words: its text alternative. */
  readonly description: readonly string[];
}

export interface ReportSectionView {
  readonly id: string;
  readonly heading: string;
  readonly tables: readonly ReportTableView[];
  readonly figures: readonly ReportFigureView[];
}

export interface AnalysisView {
  readonly report: AnalysisReport;
  /** Facts about the study's state: lock, unblinding, commitment, emergency unblindings, arms, scoring rule. */
  readonly facts: readonly { readonly term: string; readonly detail: string }[];
  readonly sections: readonly ReportSectionView[];
  /** The plain-text report (as `blindfold analyse` prints it). */
  readonly text: string;
}

const secret = z.string().min(1).max(1024);
const reason = z.string().max(2000);
const armLabel = z.string().trim().min(1).max(100);
const analysisOptions = {
  /** [intervention, control]; needed unless the allocation's labels are "intervention" and "control". */
  arms: z.tuple([armLabel, armLabel]).optional(),
  timepoints: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
};

export const closeoutEntries = {
  'closeout.status': call<CloseoutStatusView>()({
    input: none,
    roles: ['manager'],
    summary: 'Where the close-out stands: lock, unsubmitted assignments, emergency unblindings, seal, unblinding.',
  }),
  'closeout.lock': call<LockView>()({
    input: z
      .object({ confirmedExceptions: z.array(z.object({ code: clipCode, coder: z.string().trim().min(1).max(63) }).strict()).max(100_000) })
      .strict(),
    roles: ['manager'],
    summary: 'Lock the study; unsubmitted assignments must be confirmed as exceptions. After this no rating can change.',
  }),
  'closeout.emergencyUnblind': call<EmergencyRevealView>()({
    input: z.object({ code: clipCode, password: secret, passphrase: secret, reason }).strict(),
    roles: ['manager'],
    summary: 'Before the lock, reveal one clip in an emergency, with a logged reason.',
  }),
  'closeout.unblind': call<UnblindReceiptView>()({
    input: z.object({ password: secret, passphrase: secret, reason }).strict(),
    roles: ['manager'],
    summary: "After the lock, unblind the study with the manager's password, the passphrase and a reason.",
  }),
  'closeout.openKey': call<null>()({
    input: z.object({ passphrase: secret }).strict(),
    roles: ['manager'],
    summary: 'Open the key of an already unblinded study for this session (unblinded exports and analysis).',
  }),
  'closeout.importRatings': call<ImportReport<{ ratings: number; rows: number }>>()({
    input: z.object({ path: z.string().min(1).max(4096) }).strict(),
    roles: ['manager'],
    summary: 'Import ratings coded elsewhere from CSV: all rows or none.',
  }),
  'closeout.export': call<ExportReceiptView | null>()({
    input: z.object({ layout: z.enum(['tidy', 'wide']), unblinded: z.boolean(), bom: z.boolean().optional() }).strict(),
    roles: ['manager'],
    summary: 'Export the ratings (blinded at any time, unblinded after unblinding) with a data dictionary, where the manager chooses.',
  }),
  'closeout.analysis': call<AnalysisView>()({
    input: z.object(analysisOptions).strict(),
    roles: ['manager'],
    summary: 'The analysis report of the unblinded study: tables, figures and text.',
  }),
  'closeout.saveReport': call<{ file: string; bytes: number } | null>()({
    input: z.object({ format: z.enum(['pdf', 'text']), ...analysisOptions }).strict(),
    roles: ['manager'],
    summary: 'Save the analysis report as PDF or text where the manager chooses.',
  }),
} as const;
