// The reliability lead's entries of the contract, with the views they return. For the reliability
// role only: these views carry both coders' notes and the gold standard's master scores, which no
// coder may see. Nothing here carries allocation — clips are known by their codes, and times are
// submission times, never recording dates.
import { z } from 'zod';
import { call, clipCode, count, dimensionId, list, none, view } from './base';
import { scaleDimension } from './coding';
import { consensusView, pairReportView } from './reliability/pairReport';
import { reliabilitySettingsPatchSchema, reliabilitySettingsSchema } from './reliability/settings';
import { reliabilitySummaryView } from './reliability/summary';
import { certificationOutcomeView, goldImportView, trainingAssignmentView, trainingOverview } from './reliability/training';

export * from './reliability/json';
export * from './reliability/pairReport';
export * from './reliability/report';
export * from './reliability/settings';
export * from './reliability/statistic';
export * from './reliability/summary';
export * from './reliability/training';

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

// ---- Views. The statistics, the pair report, the settings and training views are in ./reliability/.

/** Two coders who share clips, with how many both have submitted. */
export const raterPairView = view({
  a: z.string(),
  b: z.string(),
  /** Clips of the kind given to both. */
  assigned: count,
  /** Of those, clips both have submitted. */
  submitted: count,
});
export type RaterPairView = z.output<typeof raterPairView>;

export const reliabilityOverview = view({
  dimensions: list(scaleDimension),
  coders: list(z.string()),
  /** Coders who double-coded outcome clips, for the pair picker. */
  pairs: list(raterPairView),
  /** Number of gold-standard clips (comparison with the gold standard needs at least one). */
  goldClips: count,
  settings: reliabilitySettingsSchema,
});
export type ReliabilityOverview = z.output<typeof reliabilityOverview>;

/** A clip for the lead to re-watch: a short-lived media link, never a file name. */
export const reviewClipView = view({
  code: clipCode,
  mediaUrl: z.string(),
  durationSeconds: z.number(),
  frameRate: z.number(),
});
export type ReviewClipView = z.output<typeof reviewClipView>;

/** Where a report was saved; null when the lead cancelled the dialog. */
export const reliabilityExportView = view({ path: z.string().nullable() });

export const reliabilityEntries = {
  'reliability.overview': call({
    input: none,
    output: reliabilityOverview,
    roles: LEAD,
    summary: 'Dimensions, coders, double-coded pairs and the reliability settings, for the pickers.',
  }),
  'reliability.summary': call({
    input: none,
    output: reliabilitySummaryView,
    roles: LEAD,
    summary: 'Every coder pair and every coder against the gold standard on every dimension against the criterion, and each coder’s bias.',
  }),
  'reliability.report': call({
    input: pairQuestion,
    output: pairReportView,
    roles: LEAD,
    summary: 'Two raters on one dimension: every statistic with its CI, charts, disagreements with notes, verdict and drift.',
  }),
  'reliability.clip': call({
    input: z.object({ code: clipCode }).strict(),
    output: reviewClipView,
    roles: LEAD,
    summary: 'A short-lived media link to re-watch a double-coded or training clip.',
  }),
  'reliability.consensusHistory': call({
    input: z.object({ clip: clipCode, dimension: dimensionId }).strict(),
    output: list(consensusView),
    roles: LEAD,
    summary: 'Every consensus version for one clip and dimension, oldest first.',
  }),
  'reliability.recordConsensus': call({
    input: z
      .object({ clip: clipCode, dimension: dimensionId, score: z.number().finite(), reason: z.string().trim().min(3).max(2000) })
      .strict(),
    output: consensusView,
    roles: LEAD,
    summary: 'Record the consensus score of a disagreement with a reason; both original ratings stay.',
  }),
  'reliability.setSettings': call({
    input: z.object({ patch: reliabilitySettingsPatchSchema }).strict(),
    output: reliabilitySettingsSchema,
    roles: LEAD,
    summary: 'Change the pass/fail and certification criteria, drift batches or disagreement size (audit-logged).',
  }),
  'reliability.training': call({
    input: none,
    output: trainingOverview,
    roles: LEAD,
    summary: 'The gold-standard clips with master scores, and each trainee’s training clips and certification.',
  }),
  'reliability.importGold': call({
    input: z
      .object({ manifestPath: z.string().min(1).max(4096), source: z.string().trim().min(1).max(200), jobs: z.number().int().min(1).max(64).optional() })
      .strict(),
    output: goldImportView,
    roles: LEAD,
    summary: 'Add gold-standard clips from a manifest (file, label, master score per dimension): de-identified like outcome recordings (progress through setup.progress).',
  }),
  'reliability.assignTraining': call({
    input: z.object({ trainee: userName, clips: z.array(z.string().trim().min(1).max(100)).max(500).optional() }).strict(),
    output: trainingAssignmentView,
    roles: LEAD,
    summary: "Put gold-standard clips (all, or the chosen ones) in a trainee's queue, shuffled.",
  }),
  'reliability.certify': call({
    input: z
      .object({ trainee: userName, record: z.boolean(), masterCoder: userName.optional(), dimensions: z.array(dimensionId).min(1).max(20).optional() })
      .strict(),
    output: certificationOutcomeView,
    roles: LEAD,
    summary: "A trainee's agreement with the master on every dimension and the verdict; recorded and audit-logged when asked.",
  }),
  'reliability.exportReport': call({
    input: z.object({ question: pairQuestion, format: z.enum(RELIABILITY_REPORT_FORMATS) }).strict(),
    output: reliabilityExportView,
    roles: LEAD,
    summary: 'Save the report as a printable PDF or CSV (statistics, pairs with notes, or originals with consensus) where the lead chooses.',
  }),
} as const;
