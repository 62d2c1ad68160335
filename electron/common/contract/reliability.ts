// The reliability lead's entries of the contract, with the views they return. For the reliability
// role only: these views carry both coders' notes and the gold standard's master scores, which no
// coder may see. Nothing here carries allocation — clips are known by their codes, and times are
// submission times, never recording dates.
import { z } from 'zod';
import type { ReliabilitySettings } from '../../core/reliability/criterion';
import { reliabilitySettingsPatchSchema } from '../../core/reliability/criterion';
import type { PairReport } from '../../core/reliability/pairReport';
import { call, clipCode, dimensionId, none } from './base';
import type { ScaleDimension } from './coding';

const LEAD = ['reliability'] as const;

const userName = z.string().trim().min(1).max(63);
/** YYYY-MM-DD, or an ISO-8601 time with its zone; checked by the core (reliability/study/range.ts). */
const dateBound = z.string().trim().max(40).nullable().optional();

export const raterRef = z.union([z.object({ coder: userName }).strict(), z.object({ gold: z.literal(true) }).strict()]);

/** Two raters on one dimension: the question every report, chart and export answers. */
export const pairQuestion = z
  .object({
    /** Coder A: rows of the confusion matrix; differences are A − B. */
    a: userName,
    b: raterRef,
    dimension: dimensionId,
    /** Against the gold standard the clips are always the training clips. */
    clips: z.enum(['outcome', 'training']).optional(),
    from: dateBound,
    to: dateBound,
    /** Disagreements listed: |A − B| at least this many scale points (default: the study's setting). */
    disagreementSize: z.number().finite().min(0).max(1000).optional(),
  })
  .strict();

export const RELIABILITY_REPORT_FORMATS = ['pdf', 'csv', 'pairs_csv', 'consensus_csv'] as const;
export type ReliabilityReportFormat = (typeof RELIABILITY_REPORT_FORMATS)[number];

// ---- Views.

/** Two coders who share clips, with how many both have submitted. */
export interface RaterPairView {
  readonly a: string;
  readonly b: string;
  readonly assigned: number;
  readonly submitted: number;
}

export interface ReliabilityOverview {
  readonly dimensions: readonly ScaleDimension[];
  readonly coders: readonly string[];
  /** Coders who double-coded outcome clips, for the pair picker. */
  readonly pairs: readonly RaterPairView[];
  /** Number of gold-standard clips (comparison with the gold standard needs at least one). */
  readonly goldClips: number;
  readonly settings: ReliabilitySettings;
}

export interface PairReportView {
  readonly report: PairReport;
  /** The report's charts as `data:image/svg+xml;base64,…` URLs (the same SVG as the printed report). */
  readonly charts: { readonly heatmap: string; readonly blandAltman: string; readonly drift: string };
}

/** A clip for the lead to re-watch: a short-lived media link, never a file name. */
export interface ReviewClipView {
  readonly code: string;
  readonly mediaUrl: string;
  readonly durationSeconds: number;
  readonly frameRate: number;
}

export interface ConsensusView {
  readonly id: number;
  readonly clip: string;
  readonly dimension: string;
  readonly version: number;
  readonly supersedesId: number | null;
  readonly score: number;
  readonly reason: string;
  /** The coders' ratings (latest versions) the lead decided over. */
  readonly ratings: readonly number[];
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface GoldClipView {
  readonly code: string;
  readonly label: string;
  /** Latest master score per dimension. */
  readonly scores: Readonly<Record<string, number>>;
}

export type CertificationVerdictView = 'certified' | 'not_yet';

/** The latest recorded certification decision of a trainee on one dimension. */
export interface CertificationRecordView {
  readonly dimension: string;
  readonly master: string;
  readonly n: number;
  readonly weights: 'linear' | 'quadratic';
  readonly kappa: number | null;
  readonly ciLow: number | null;
  readonly ciHigh: number | null;
  readonly threshold: number;
  readonly basis: 'estimate' | 'ci_lower';
  readonly verdict: CertificationVerdictView;
  readonly decidedBy: string;
  readonly decidedAt: string;
}

export interface TraineeView {
  readonly name: string;
  /** Gold-standard clips in the trainee's queue, and how many of them are submitted. */
  readonly assigned: number;
  readonly submitted: number;
  readonly certifications: readonly CertificationRecordView[];
}

export interface TrainingOverview {
  readonly goldClips: readonly GoldClipView[];
  readonly trainees: readonly TraineeView[];
}

/** The outcome of adding gold-standard clips from a manifest: labels and codes, never a file name. */
export interface GoldImportView {
  readonly added: readonly { readonly code: string; readonly label: string }[];
  readonly failed: readonly { readonly label: string; readonly message: string }[];
  readonly scores: { readonly added: number; readonly corrected: number; readonly unchanged: number };
}

export interface TrainingAssignmentView {
  readonly trainee: string;
  readonly assigned: readonly string[];
  readonly alreadyAssigned: number;
}

export interface DimensionCertificationView {
  readonly dimension: string;
  readonly label: string;
  readonly n: number;
  readonly excluded: number;
  readonly pending: number;
  readonly kappa: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly verdict: CertificationVerdictView;
  readonly message: string;
}

export interface CertificationOutcomeView {
  readonly trainee: string;
  readonly master: string;
  readonly verdict: CertificationVerdictView;
  readonly dimensions: readonly DimensionCertificationView[];
  readonly criterion: ReliabilitySettings['certification'];
  /** False for a preview: nothing was written. */
  readonly recorded: boolean;
  readonly decidedAt: string;
}

export const reliabilityEntries = {
  'reliability.overview': call<ReliabilityOverview>()({
    input: none,
    roles: LEAD,
    summary: 'Dimensions, coders, double-coded pairs and the reliability settings, for the pickers.',
  }),
  'reliability.report': call<PairReportView>()({
    input: pairQuestion,
    roles: LEAD,
    summary: 'Two raters on one dimension: every statistic with its CI, charts, disagreements with notes, verdict and drift.',
  }),
  'reliability.clip': call<ReviewClipView>()({
    input: z.object({ code: clipCode }).strict(),
    roles: LEAD,
    summary: 'A short-lived media link to re-watch a double-coded or training clip.',
  }),
  'reliability.consensusHistory': call<readonly ConsensusView[]>()({
    input: z.object({ clip: clipCode, dimension: dimensionId }).strict(),
    roles: LEAD,
    summary: 'Every consensus version for one clip and dimension, oldest first.',
  }),
  'reliability.recordConsensus': call<ConsensusView>()({
    input: z
      .object({ clip: clipCode, dimension: dimensionId, score: z.number().finite(), reason: z.string().trim().min(3).max(2000) })
      .strict(),
    roles: LEAD,
    summary: 'Record the consensus score of a disagreement with a reason; both original ratings stay.',
  }),
  'reliability.setSettings': call<ReliabilitySettings>()({
    input: z.object({ patch: reliabilitySettingsPatchSchema }).strict(),
    roles: LEAD,
    summary: 'Change the pass/fail and certification criteria, drift batches or disagreement size (audit-logged).',
  }),
  'reliability.training': call<TrainingOverview>()({
    input: none,
    roles: LEAD,
    summary: 'The gold-standard clips with master scores, and each trainee’s training clips and certification.',
  }),
  'reliability.importGold': call<GoldImportView>()({
    input: z.object({ manifestPath: z.string().min(1).max(4096), source: z.string().trim().min(1).max(200) }).strict(),
    roles: LEAD,
    summary: 'Add gold-standard clips from a manifest (file, label, master score per dimension): de-identified like outcome recordings (progress through setup.progress).',
  }),
  'reliability.assignTraining': call<TrainingAssignmentView>()({
    input: z.object({ trainee: userName, clips: z.array(z.string().trim().min(1).max(100)).max(500).optional() }).strict(),
    roles: LEAD,
    summary: "Put gold-standard clips (all, or the chosen ones) in a trainee's queue, shuffled.",
  }),
  'reliability.certify': call<CertificationOutcomeView>()({
    input: z.object({ trainee: userName, record: z.boolean(), masterCoder: userName.optional() }).strict(),
    roles: LEAD,
    summary: "A trainee's agreement with the master on every dimension and the verdict; recorded and audit-logged when asked.",
  }),
  'reliability.exportReport': call<{ path: string | null }>()({
    input: z.object({ question: pairQuestion, format: z.enum(RELIABILITY_REPORT_FORMATS) }).strict(),
    roles: LEAD,
    summary: 'Save the report as a printable PDF or CSV (statistics, pairs with notes, or originals with consensus) where the lead chooses.',
  }),
} as const;
