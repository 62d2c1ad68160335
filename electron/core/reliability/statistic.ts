// A statistic that may be mathematically undefined for the data at hand. Reliability leads see
// small pilot sets, a coder who never varies, two coders in perfect agreement: the numbers must say
// "undefined, because …" instead of leaking NaN or Infinity into a report or throwing mid-export.
// Where a value is defined, however degenerate (a constant coder gives κ = 0), it is returned.
// The types are the boundary's (electron/common/contract/reliability/statistic.ts): a defined value
// that is not finite would be refused there, so finite() below fails first, and loudly.
import type { DefinedStatistic, Statistic, UndefinedReason, UndefinedStatistic } from '../../common/contract';

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
