// Everything a reliability lead sees for two raters on one dimension (core/reliability/pairReport.ts
// assembles it). Nothing here carries allocation: clips are known by their opaque codes, times are
// submission times (when a coder pressed Submit), never recording dates.
import { z } from 'zod';
import { clipCode, dimensionId, list, view, count } from '../base';
import { markerView, scaleCategory } from '../coding';
import { kappaResult, reliabilityReportView, scaleShape } from './report';
import { verdictView } from './settings';
import { interval95, statistic } from './statistic';

const clipKind = z.enum(['outcome', 'training']);

/** A rating scale as the study defines it (the fields of ScaleDimension the statistics need). */
export const dimensionScale = view({
  id: dimensionId,
  label: z.string(),
  ...scaleShape,
  /** Category boundaries; every `from` above the minimum is a cut-off for dichotomised kappa. */
  categories: list(scaleCategory),
});
export type DimensionScale = z.output<typeof dimensionScale>;

/** One rater's side of a pair: the latest submitted version for a coder, the latest master score for gold. */
export const raterScore = view({
  score: z.number(),
  /** The coder's note on this dimension ('' for gold). */
  note: z.string(),
  overallNote: z.string(),
  /** The moments the coder marked on the clip (none for gold). */
  markers: list(markerView),
  /** ratings.id of the version used (gold_scores.id for gold). */
  sourceId: z.number().int(),
  version: z.number().int(),
  submittedAt: z.string(),
});
export type RaterScore = z.output<typeof raterScore>;

export const consensusSummary = view({
  score: z.number(),
  version: z.number().int(),
  reason: z.string(),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type ConsensusSummary = z.output<typeof consensusSummary>;

const pairedScoresShape = {
  clip: clipCode,
  a: raterScore,
  b: raterScore,
  /** The later of the two submissions (for gold: the coder's), which orders drift and the date filter. */
  at: z.string(),
  consensus: consensusSummary.nullable(),
};
export const pairedScores = view(pairedScoresShape);
export type PairedScores = z.output<typeof pairedScores>;

export const disagreement = view({
  ...pairedScoresShape,
  /** a − b */
  difference: z.number(),
});
export type Disagreement = z.output<typeof disagreement>;

export const pairExclusions = view({
  /** Clips both rated where either rating is marked unscorable. */
  unscorable: count,
  /** Clips both rated where a scorable rating has no score on this dimension (should not happen). */
  missingScore: count,
  /** Clips given to both raters that are not yet submitted by both. */
  pending: count,
});
export type PairExclusions = z.output<typeof pairExclusions>;

export const confusionHeatmap = view({
  /** Category values, ascending: rows are coder A, columns coder B. */
  values: list(z.number()),
  counts: list(list(count)),
  max: count,
});
export type ConfusionHeatmap = z.output<typeof confusionHeatmap>;

export const blandAltmanPoint = view({
  /** The clip's code. */
  label: clipCode,
  a: z.number(),
  b: z.number(),
  /** (a + b) / 2 */
  mean: z.number(),
  /** a − b */
  difference: z.number(),
});
export type BlandAltmanPoint = z.output<typeof blandAltmanPoint>;

export const blandAltmanView = view({
  n: count,
  points: list(blandAltmanPoint),
  /** Mean difference A − B: positive when coder A scores higher. */
  bias: statistic(z.number()),
  biasCi95: statistic(interval95),
  /** Standard deviation of the differences (n − 1 denominator). */
  sd: statistic(z.number()),
  lower: statistic(z.number()),
  upper: statistic(z.number()),
  lowerCi95: statistic(interval95),
  upperCi95: statistic(interval95),
});
export type BlandAltman = z.output<typeof blandAltmanView>;

export const driftBatch = view({
  /** 1-based. */
  index: z.number().int().min(1),
  /** 1-based ranks, in time order, of the first and last clip of the batch. */
  first: z.number().int().min(1),
  last: z.number().int().min(1),
  n: count,
  /** Times of the first and last later-submission in the batch. */
  from: z.string(),
  to: z.string(),
  /** Fewer than batchSize clips: the tail of disjoint batches, or all clips when there are fewer than k. */
  partial: z.boolean(),
  kappa: kappaResult,
  /** κ ≥ threshold; null when κ is undefined. */
  meetsThreshold: z.boolean().nullable(),
});
export type DriftBatch = z.output<typeof driftBatch>;

export const pairReport = view({
  dimension: dimensionScale,
  raterA: z.string(),
  raterB: z.string(),
  clipKind,
  range: view({ from: z.string().nullable(), to: z.string().nullable() }),
  generatedAt: z.string(),
  n: count,
  exclusions: pairExclusions,
  /** First and last later-submission among the pairs used. */
  period: view({ first: z.string(), last: z.string() }).nullable(),
  statistics: reliabilityReportView,
  confusion: confusionHeatmap,
  blandAltman: blandAltmanView,
  /** |a − b| ≥ disagreementSize, largest first. */
  disagreementSize: z.number(),
  disagreements: list(disagreement),
  verdict: verdictView,
  drift: list(driftBatch),
  /** The batches used: the study's, or sized to the data when there are fewer than two full batches. */
  driftOptions: view({ batchSize: z.number().int(), step: z.number().int() }),
  /** Why the batches were resized, or that the last batch is partial; null when neither. */
  driftNote: z.string().nullable(),
  /** The pairs used, in time order, for tables and exports. */
  pairs: list(pairedScores),
});
export type PairReport = z.output<typeof pairReport>;

const svgDataUrl = z.string().regex(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]*={0,2}$/, 'not an SVG data URL');

export const pairReportView = view({
  report: pairReport,
  /** The report's charts as `data:image/svg+xml;base64,…` URLs (the same SVG as the printed report). */
  charts: view({ heatmap: svgDataUrl, blandAltman: svgDataUrl, drift: svgDataUrl }),
});
export type PairReportView = z.output<typeof pairReportView>;

/** A consensus score the lead recorded for a disagreement; both original ratings stay as submitted. */
export const consensusView = view({
  id: z.number().int(),
  clip: clipCode,
  dimension: dimensionId,
  version: z.number().int().min(1),
  supersedesId: z.number().int().nullable(),
  score: z.number(),
  reason: z.string(),
  /** ratings.id of the coders' ratings (latest versions) the lead decided over. */
  ratings: list(z.number().int()),
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type ConsensusView = z.output<typeof consensusView>;
