// The reliability lead's overview (core/reliability/study/summary.ts assembles it): every coder pair,
// and every coder against the gold standard, on every dimension against the study's criterion, and
// each coder's bias. Nothing here carries allocation: raters are named, clips only counted, times
// are submission times.
import { z } from 'zod';
import { count, dimensionId, list, view } from '../base';
import { criterionSchema } from './settings';
import { interval95, statistic } from './statistic';

/** The criterion's weighted kappa with its 95% CI. */
export const criterionKappaView = view({ kappa: z.number(), ci95: interval95 });
export type CriterionKappa = z.output<typeof criterionKappaView>;

/** Mean difference of one coder from the others (co-coders or the master), with its 95% t interval. */
export const coderBiasView = view({
  /** Clips the difference is averaged over. */
  n: count,
  mean: statistic(z.number()),
  ci95: statistic(interval95),
});
export type CoderBias = z.output<typeof coderBiasView>;

export const summaryRowView = view({
  /** Coder A; differences and the report's rows are A's. */
  a: z.string(),
  /** Coder B's name, or the gold standard's label. */
  b: z.string(),
  gold: z.boolean(),
  dimension: dimensionId,
  dimensionLabel: z.string(),
  clipKind: z.enum(['outcome', 'training']),
  n: count,
  /** Clips given to both and not yet submitted by both. */
  pending: count,
  /** Undefined below the criterion's minimum number of pairs ("too few pairs (n = 2)"), or when κ is. */
  statistic: statistic(criterionKappaView),
  outcome: z.enum(['pass', 'fail', 'insufficient']),
  verdict: z.string(),
  /** First and last later-submission of the pairs used. */
  period: view({ first: z.string(), last: z.string() }).nullable(),
});
export type SummaryRow = z.output<typeof summaryRowView>;

export const coderBiasRowView = view({
  coder: z.string(),
  dimension: dimensionId,
  dimensionLabel: z.string(),
  /** x − mean of the co-coders' scores, per double-coded outcome clip. */
  coCoders: coderBiasView,
  /** x − master score, per training clip; null when the coder has no training clips. */
  gold: coderBiasView.nullable(),
});
export type CoderBiasRow = z.output<typeof coderBiasRowView>;

export const reliabilitySummaryView = view({
  /** Pairs of coders on outcome clips. */
  criterion: criterionSchema,
  /** A coder against the gold standard. */
  certification: criterionSchema,
  rows: list(summaryRowView),
  bias: list(coderBiasRowView),
  generatedAt: z.string(),
});
export type ReliabilitySummary = z.output<typeof reliabilitySummaryView>;
