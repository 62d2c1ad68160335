// The analysis report's JSON shape (manager only, after unblinding). It is printed as JSON by
// `blindfold analyse --json`, so the field names are a published interface: add fields, never
// rename or remove them. Conventions follow the reliability JSON: snake_case; proportions 0–1 (not
// percentages); an interval is `ci95: [lo, hi]`; a statistic the data cannot give is
// `{ value: null, reason, message }`, never NaN — and z.number() refuses NaN and ±Infinity, so one
// that slipped through would be refused at the boundary rather than printed.
import { z } from 'zod';
import { list, view, count } from '../base';

const interval = z.tuple([z.number(), z.number()]).readonly();

/** Why a statistic of the analysis could not be computed from the data at hand (core/analysis/stats). */
export const analysisUndefinedReason = z.enum([
  /** No observations at all (n = 0). */
  'no-observations',
  /** Too few observations for the statistic (e.g. an SD from one value). */
  'too-few-observations',
  /** A zero cell makes a ratio or its log-scale standard error infinite. */
  'zero-cell',
  /** The pooled SD is zero, so a standardized difference has no scale. */
  'zero-variance',
  /** Every guess in the group was "don't know"; no definite guesses to score. */
  'no-definite-guesses',
  /** The chance-expected disagreement is zero, so the kappa-type ratio has no denominator. */
  'no-expected-disagreement',
  /** A covariate is constant or determined by the arm, so a regression coefficient cannot be separated. */
  'collinear',
]);
export type AnalysisUndefinedReason = z.output<typeof analysisUndefinedReason>;

/** A statistic of the analysis the data cannot give. */
export const analysisUndefinedJson = view({ value: z.null(), reason: analysisUndefinedReason, message: z.string() });
export type UndefinedJson = z.output<typeof analysisUndefinedJson>;

/** A count out of n with its Clopper–Pearson exact 95% interval; `reason` when n is 0. */
export const rateJson = view({
  count,
  n: count,
  proportion: z.number().nullable(),
  ci95: interval.nullable(),
  method: z.literal('clopper-pearson'),
  reason: analysisUndefinedReason.optional(),
});
export type RateJson = z.output<typeof rateJson>;

const estimateShape = { value: z.number(), se: z.number(), ci95: interval };
export const estimateJson = view(estimateShape);
export type EstimateJson = z.output<typeof estimateJson>;

export const armOutcomeJson = view({
  n: count,
  /** n and proportion in the dimension's upper category. */
  upper: rateJson,
  mean: z.number().nullable(),
  sd: z.number().nullable(),
});
export type ArmOutcomeJson = z.output<typeof armOutcomeJson>;

export const outcomeJson = view({
  dimension: z.string(),
  label: z.string(),
  task: z.string().nullable(),
  timepoint: z.string().nullable(),
  upper_category: view({ label: z.string(), from: z.number() }),
  intervention: armOutcomeJson,
  control: armOutcomeJson,
  /** Intervention over control, log (Katz) 95% CI. */
  risk_ratio: z.union([view({ ...estimateShape, method: z.literal('katz-log') }), analysisUndefinedJson]),
  /** Intervention minus control, as a proportion; Wald 95% CI (kept for comparison with `risk_difference`). */
  difference: z.union([view({ ...estimateShape, method: z.literal('wald') }), analysisUndefinedJson]),
  /** Intervention minus control, as a proportion; Newcombe's hybrid score 95% CI (Newcombe 1998, method 10): the report's interval. */
  risk_difference: z.union([view({ value: z.number(), ci95: interval, method: z.literal('newcombe-hybrid-score') }), analysisUndefinedJson]),
  /** Intervention minus control. */
  hedges_g: z.union([view({ ...estimateShape, d: z.number(), correction: z.number(), pooled_sd: z.number() }), analysisUndefinedJson]),
});
export type OutcomeJson = z.output<typeof outcomeJson>;

export const armChangeJson = view({
  /** Participants with a score at both timepoints. */
  n: count,
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** t-based 95% CI of the mean change. */
  ci95: interval.nullable(),
});
export type ArmChangeJson = z.output<typeof armChangeJson>;

const between = { dimension: z.string(), task: z.string().nullable(), from: z.string().nullable(), to: z.string().nullable() };

export const changeJson = view({ ...between, intervention: armChangeJson, control: armChangeJson });
export type ChangeJson = z.output<typeof changeJson>;

export const armTransitionsJson = view({ n: count, improved: count, stayed: count, declined: count });
export type ArmTransitionsJson = z.output<typeof armTransitionsJson>;

export const transitionJson = view({ ...between, intervention: armTransitionsJson, control: armTransitionsJson });
export type TransitionJson = z.output<typeof transitionJson>;

const coefficientShape = { ...estimateShape, df: count };

/**
 * The arm difference of a continuous score at a follow-up, adjusted for its baseline score (ANCOVA:
 * follow-up ~ arm + baseline, OLS; the arm coefficient with a t interval on n − 3 df), beside the
 * unadjusted difference in means of the same complete cases (pooled-SD t interval on n − 2 df).
 */
export const adjustedDifferenceJson = view({
  dimension: z.string(),
  task: z.string().nullable(),
  baseline: z.string().nullable(),
  timepoint: z.string().nullable(),
  /** Complete cases: participants with a score at both the baseline and this timepoint. */
  n: count,
  n_intervention: count,
  n_control: count,
  /** Scored at this timepoint but not at baseline: left out. */
  missing_baseline: count,
  /** Scored at baseline but not at this timepoint: left out. */
  missing_follow_up: count,
  adjusted: z.union([view({ ...coefficientShape, baseline_slope: z.number(), residual_sd: z.number(), method: z.literal('ols-ancova') }), analysisUndefinedJson]),
  unadjusted: z.union([view({ ...coefficientShape, method: z.literal('pooled-t') }), analysisUndefinedJson]),
});
export type AdjustedDifferenceJson = z.output<typeof adjustedDifferenceJson>;

export const guessCountsJson = view({ intervention: count, control: count, dont_know: count });
export type GuessCountsJson = z.output<typeof guessCountsJson>;

export const blindingJson = view({
  guesses: count,
  /** Guesses by the true arm of the clip guessed about. */
  table: view({ intervention: guessCountsJson, control: guessCountsJson }),
  /** Bang et al. (2004), per true arm: 0 random guessing, 1 all correct, −1 all wrong. */
  bang: view({ intervention: z.union([estimateJson, analysisUndefinedJson]), control: z.union([estimateJson, analysisUndefinedJson]) }),
  /** James et al. (1996), overall: 1 complete blinding, 0.5 random guessing, 0 complete unblinding. */
  james: z.union([view({ ...estimateShape, dont_know_proportion: z.number() }), analysisUndefinedJson]),
  /** Guesses of the timepoint that were right (don't-know counts as not right). */
  timepoint_correct: rateJson,
});
export type BlindingJson = z.output<typeof blindingJson>;

export const analysisReport = view({
  format: z.literal('blindfold-analysis/1'),
  study: z.string(),
  generated_at: z.string(),
  arms: view({ intervention: z.string(), control: z.string(), excluded: list(z.string()) }),
  /** Ratios, differences and g are intervention relative to control. */
  comparison: z.string(),
  timepoints: list(z.string().nullable()),
  baseline: z.string().nullable(),
  tasks: list(z.string().nullable()),
  scoring_rule: z.string(),
  consensus_available: z.boolean(),
  lock: view({
    locked_at: z.string(),
    locked_by: z.string(),
    exceptions: list(
      view({ code: z.string(), coder: z.string(), purpose: z.enum(['primary', 'reliability']), kind: z.enum(['outcome', 'session']) }),
    ),
    /** The study was locked over reliability problems, confirmed with this reason; null when there were none. */
    reliability_override: view({
      reason: z.string(),
      failing: list(view({ a: z.string(), b: z.string(), dimension: z.string(), n: count, kappa: z.number().nullable(), message: z.string() })),
      unresolved: list(view({ code: z.string(), a: z.string(), b: z.string(), dimension: z.string(), score_a: z.number(), score_b: z.number() })),
    }).nullable(),
  }).nullable(),
  unblinding: view({ unblinded_at: z.string(), unblinded_by: z.string(), reason: z.string(), commitment: z.string() }),
  emergency_unblindings: list(view({ code: z.string(), unblinded_at: z.string(), unblinded_by: z.string(), reason: z.string() })),
  /** Differences the set-up's blinding checks found (the picture by timepoint or arm), accepted by the manager with a reason. */
  blinding_exceptions: list(view({ check: z.string(), tells: list(z.string()), reason: z.string(), recorded_by: z.string(), recorded_at: z.string() })),
  randomised: view({ intervention: count, control: count }),
  /** Participants with a recording at each timepoint, of those randomised. */
  completion: list(view({ timepoint: z.string().nullable(), intervention: rateJson, control: rateJson })),
  outcomes: list(outcomeJson),
  change_from_baseline: list(changeJson),
  transitions: list(transitionJson),
  /** Baseline-adjusted arm differences of each dimension at each timepoint after the baseline. */
  adjusted_differences: list(adjustedDifferenceJson),
  /** Which participants the adjusted differences use, in words. */
  complete_case_rule: z.string(),
  /** Each method the report uses, named with its source, in words. */
  methods: list(z.string()),
  blinding: blindingJson,
});
export type AnalysisReport = z.output<typeof analysisReport>;
