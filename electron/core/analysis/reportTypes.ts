// The analysis report's shape. It is printed as JSON by `blindfold analyse --json`, so the field
// names are a published interface: add fields, never rename or remove them. Conventions follow the
// reliability JSON: snake_case; proportions 0–1 (not percentages); an interval is `ci95: [lo, hi]`;
// a statistic the data cannot give is `{ value: null, reason, message }`, never NaN.
import type { UndefinedReason } from './stats/estimate';

export interface UndefinedJson {
  readonly value: null;
  readonly reason: UndefinedReason;
  readonly message: string;
}

/** A count out of n with its Clopper–Pearson exact 95% interval. */
export interface RateJson {
  readonly count: number;
  readonly n: number;
  readonly proportion: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly method: 'clopper-pearson';
  readonly reason?: UndefinedReason;
}

export interface EstimateJson {
  readonly value: number;
  readonly se: number;
  readonly ci95: readonly [number, number];
}

export interface ArmOutcomeJson {
  readonly n: number;
  /** n and proportion in the dimension's upper category. */
  readonly upper: RateJson;
  readonly mean: number | null;
  readonly sd: number | null;
}

export interface OutcomeJson {
  readonly dimension: string;
  readonly label: string;
  readonly task: string | null;
  readonly timepoint: string | null;
  readonly upper_category: { readonly label: string; readonly from: number };
  readonly intervention: ArmOutcomeJson;
  readonly control: ArmOutcomeJson;
  /** Intervention over control, log (Katz) 95% CI. */
  readonly risk_ratio: (EstimateJson & { readonly method: 'katz-log' }) | UndefinedJson;
  /** Intervention minus control, as a proportion; Wald 95% CI. */
  readonly difference: (EstimateJson & { readonly method: 'wald' }) | UndefinedJson;
  /** Intervention minus control. */
  readonly hedges_g: (EstimateJson & { readonly d: number; readonly correction: number; readonly pooled_sd: number }) | UndefinedJson;
}

export interface ArmChangeJson {
  /** Participants with a score at both timepoints. */
  readonly n: number;
  readonly mean: number | null;
  readonly sd: number | null;
  /** t-based 95% CI of the mean change. */
  readonly ci95: readonly [number, number] | null;
}

export interface ChangeJson {
  readonly dimension: string;
  readonly task: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly intervention: ArmChangeJson;
  readonly control: ArmChangeJson;
}

export interface ArmTransitionsJson {
  readonly n: number;
  readonly improved: number;
  readonly stayed: number;
  readonly declined: number;
}

export interface TransitionJson {
  readonly dimension: string;
  readonly task: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly intervention: ArmTransitionsJson;
  readonly control: ArmTransitionsJson;
}

export interface GuessCountsJson {
  readonly intervention: number;
  readonly control: number;
  readonly dont_know: number;
}

export interface BlindingJson {
  readonly guesses: number;
  /** Guesses by the true arm of the clip guessed about. */
  readonly table: { readonly intervention: GuessCountsJson; readonly control: GuessCountsJson };
  /** Bang et al. (2004), per true arm: 0 random guessing, 1 all correct, −1 all wrong. */
  readonly bang: {
    readonly intervention: EstimateJson | UndefinedJson;
    readonly control: EstimateJson | UndefinedJson;
  };
  /** James et al. (1996), overall: 1 complete blinding, 0.5 random guessing, 0 complete unblinding. */
  readonly james: (EstimateJson & { readonly dont_know_proportion: number }) | UndefinedJson;
  /** Guesses of the timepoint that were right (don't-know counts as not right). */
  readonly timepoint_correct: RateJson;
}

export interface AnalysisReport {
  readonly format: 'blindfold-analysis/1';
  readonly study: string;
  readonly generated_at: string;
  readonly arms: { readonly intervention: string; readonly control: string; readonly excluded: readonly string[] };
  /** Ratios, differences and g are intervention relative to control. */
  readonly comparison: string;
  readonly timepoints: readonly (string | null)[];
  readonly baseline: string | null;
  readonly tasks: readonly (string | null)[];
  readonly scoring_rule: string;
  readonly consensus_available: boolean;
  readonly lock: {
    readonly locked_at: string;
    readonly locked_by: string;
    readonly exceptions: readonly { readonly code: string; readonly coder: string; readonly purpose: string; readonly kind: string }[];
  } | null;
  readonly unblinding: { readonly unblinded_at: string; readonly unblinded_by: string; readonly reason: string; readonly commitment: string };
  readonly emergency_unblindings: readonly { readonly code: string; readonly unblinded_at: string; readonly unblinded_by: string; readonly reason: string }[];
  readonly randomised: { readonly intervention: number; readonly control: number };
  /** Participants with a recording at each timepoint, of those randomised. */
  readonly completion: readonly { readonly timepoint: string | null; readonly intervention: RateJson; readonly control: RateJson }[];
  readonly outcomes: readonly OutcomeJson[];
  readonly change_from_baseline: readonly ChangeJson[];
  readonly transitions: readonly TransitionJson[];
  readonly blinding: BlindingJson;
}
