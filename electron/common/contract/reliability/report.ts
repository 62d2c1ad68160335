// Every statistic a reliability lead reports for two coders (core/reliability/report.ts computes
// them), as they cross the boundary. Formulas and their sources are in the core file of each.
import { z } from 'zod';
import { list, view, count } from '../base';
import { interval95, statistic } from './statistic';

/** A scale of equally spaced points: min, min + step, …, max (e.g. EAS 1–7 in half points). */
export const scaleShape = { min: z.number(), max: z.number(), step: z.number() };
export const scaleView = view(scaleShape);
export type Scale = z.output<typeof scaleView>;

/** 'scale': every point of the scale is a category. 'observed': only values that occur. */
export const categoryMode = z.enum(['scale', 'observed']);
export type CategoryMode = z.output<typeof categoryMode>;


export const kappaEstimate = view({
  kappa: z.number(),
  /** Weighted observed agreement p_o. */
  observedAgreement: z.number(),
  /** Weighted chance-expected agreement p_e. */
  expectedAgreement: z.number(),
  n: count,
  /** Large-sample standard error under the alternative (Fleiss, Cohen & Everitt 1969). */
  se: z.number(),
  /** κ ± z_0.975 · SE, clipped to [−1, 1]. */
  ci95: interval95,
  /** Whether either end of ci95 was clipped to [−1, 1]. */
  clipped: z.boolean(),
  /** Standard error under H0: κ = 0. */
  se0: z.number(),
  /** κ / SE0: undefined when SE0 is 0. */
  z: statistic(z.number()),
});
export type KappaEstimate = z.output<typeof kappaEstimate>;

export const kappaResult = statistic(kappaEstimate);
export type KappaResult = z.output<typeof kappaResult>;

export const iccEstimate = view({ value: z.number(), ci95: statistic(interval95) });
export type IccEstimate = z.output<typeof iccEstimate>;

/** Proportions (0–1) of pairs whose two ratings differ by at most 0, 0.5 and 1 scale point. */
export const agreementSummary = view({
  exact: statistic(z.number()),
  withinHalf: statistic(z.number()),
  withinOne: statistic(z.number()),
});
export type AgreementSummary = z.output<typeof agreementSummary>;

const countPair = z.tuple([count, count]).readonly();

export const cutoffKappaView = view({
  /** Ratings ≥ cutoff count as "at or above". */
  cutoff: z.number(),
  /** 2 × 2 counts: [[both below, A below & B above], [A above & B below, both above]]. */
  table: z.tuple([countPair, countPair]).readonly(),
  /** Unweighted kappa of the dichotomised ratings, with SEs (Fleiss, Cohen & Everitt 1969). */
  kappa: kappaResult,
});
export type CutoffKappa = z.output<typeof cutoffKappaView>;

export const reliabilityReportView = view({
  n: count,
  /** The categories kappa and Gwet's AC were computed over. */
  categories: view({ mode: categoryMode, values: list(z.number()) }),
  agreement: agreementSummary,
  kappa: view({ unweighted: kappaResult, linear: kappaResult, quadratic: kappaResult }),
  icc21: statistic(iccEstimate),
  icc31: statistic(iccEstimate),
  alphaOrdinal: statistic(z.number()),
  alphaInterval: statistic(z.number()),
  ac1: statistic(z.number()),
  ac2Linear: statistic(z.number()),
  ac2Quadratic: statistic(z.number()),
  cutoffs: list(cutoffKappaView),
});
export type ReliabilityReport = z.output<typeof reliabilityReportView>;
