// A statistic that may be mathematically undefined for the data at hand. Reliability leads see
// small pilot sets, a coder who never varies, two coders in perfect agreement: the numbers must say
// "undefined, because …" instead of leaking NaN or Infinity into a report or throwing mid-export.
// Where a value is defined, however degenerate (a constant coder gives κ = 0), it is returned.

/** Why a statistic has no value. A code a program can switch on; the message is for people. */
export type UndefinedReason =
  /** No pairs at all. */
  | 'no_items'
  /** Too few items for a variance (ANOVA-based statistics need at least two clips). */
  | 'too_few_items'
  /** Chance-expected agreement is 1 (both coders used one and the same category): κ = 0/0. */
  | 'expected_agreement_one'
  /** No variance at all in the quantity the statistic divides by. */
  | 'no_variance'
  /** Krippendorff's expected disagreement is 0 (every pairable value is the same). */
  | 'no_expected_disagreement'
  /** The category set has a single point, so chance agreement over q − 1 categories is 0/0. */
  | 'single_category'
  /** The standard error under H0 is 0, so z = κ / SE0 is 0/0 or infinite. */
  | 'zero_null_variance'
  /** The residual mean square is 0, so the F ratio behind an interval is infinite. */
  | 'no_residual_variance'
  /** The F-based interval breaks down (e.g. Satterthwaite degrees of freedom near 0). */
  | 'degenerate_interval';

export interface DefinedStatistic<T> {
  readonly defined: true;
  readonly value: T;
}

export interface UndefinedStatistic {
  readonly defined: false;
  readonly value: null;
  readonly reason: UndefinedReason;
  readonly message: string;
}

export type Statistic<T> = DefinedStatistic<T> | UndefinedStatistic;

export function defined<T>(value: T): DefinedStatistic<T> {
  return { defined: true, value };
}

export function undefinedStatistic(reason: UndefinedReason, message: string): UndefinedStatistic {
  return { defined: false, value: null, reason, message };
}

/** The value if defined, otherwise null: for serialisers that print `null` plus the reason. */
export function valueOrNull<T>(s: Statistic<T>): T | null {
  return s.defined ? s.value : null;
}

/**
 * Guards a computed number: a defined statistic must be finite. Reaching this with NaN or ±∞ is a
 * bug in the caller's degeneracy checks, so it fails loudly rather than printing a bad number.
 */
export function finite(value: number, what: string): number {
  if (!Number.isFinite(value)) throw new Error(`Assertion failed: ${what} is not finite (${value})`);
  return value;
}

/** The 0.975 quantile of the standard normal, to full double precision (SAS and R's qnorm agree). */
export const Z_975 = 1.959963984540054;
