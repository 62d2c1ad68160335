// A statistic that may be mathematically undefined for the data at hand, as it crosses the
// boundary. Reliability leads see small pilot sets, a coder who never varies, two coders in perfect
// agreement: the numbers say "undefined, because …" instead of leaking NaN or Infinity. A defined
// value is a finite number (zod's z.number() refuses NaN and ±∞), so a degeneracy check the core
// missed is refused by dispatch instead of printing a bad number (core/reliability/statistic.ts).
import { z } from 'zod';
import { view } from '../base';

/** Why a statistic has no value. A code a program can switch on; the message is for people. */
export const UNDEFINED_REASONS = [
  /** No pairs at all. */
  'no_items',
  /** Too few items for a variance (ANOVA-based statistics need at least two clips). */
  'too_few_items',
  /** Chance-expected agreement is 1 (both coders used one and the same category): κ = 0/0. */
  'expected_agreement_one',
  /** No variance at all in the quantity the statistic divides by. */
  'no_variance',
  /** Krippendorff's expected disagreement is 0 (every pairable value is the same). */
  'no_expected_disagreement',
  /** The category set has a single point, so chance agreement over q − 1 categories is 0/0. */
  'single_category',
  /** The standard error under H0 is 0, so z = κ / SE0 is 0/0 or infinite. */
  'zero_null_variance',
  /** The residual mean square is 0, so the F ratio behind an interval is infinite. */
  'no_residual_variance',
  /** The F-based interval breaks down (e.g. Satterthwaite degrees of freedom near 0). */
  'degenerate_interval',
] as const;
export const undefinedReason = z.enum(UNDEFINED_REASONS);
export type UndefinedReason = z.output<typeof undefinedReason>;

export const undefinedStatisticView = view({
  defined: z.literal(false),
  value: z.null(),
  reason: undefinedReason,
  message: z.string(),
});
export type UndefinedStatistic = z.output<typeof undefinedStatisticView>;

export function definedStatistic<T extends z.ZodType>(value: T) {
  return view({ defined: z.literal(true), value });
}
export type DefinedStatistic<T> = z.output<ReturnType<typeof definedStatistic<z.ZodType<T>>>>;

/** A value of `value`'s schema, or why there is none. */
export function statistic<T extends z.ZodType>(value: T) {
  return z.discriminatedUnion('defined', [definedStatistic(value), undefinedStatisticView]);
}
export type Statistic<T> = DefinedStatistic<T> | UndefinedStatistic;

/** A 95% interval [lower, upper]. */
export const interval95 = z.tuple([z.number(), z.number()]).readonly();
export type Interval95 = z.output<typeof interval95>;
