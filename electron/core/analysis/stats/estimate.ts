// Shared result shapes for the statistics in this folder. A statistic that cannot be computed from
// the data at hand (an empty group, a zero cell, a single observation) is reported as data — a code
// a program can switch on and a sentence a report can print — never as NaN or Infinity, which would
// silently survive into exports and tables. The reasons are declared with the report's JSON, which
// carries them across the boundary (common/contract/closeout/report.ts).
import type { AnalysisUndefinedReason as UndefinedReason } from '../../../common/contract';

export interface UndefinedStatistic {
  readonly kind: 'undefined';
  readonly reason: UndefinedReason;
  /** One sentence a report can show in place of the number. */
  readonly message: string;
}

/** A computed statistic of shape `T`, or an explicit statement of why it could not be computed. */
export type Computed<T extends object> = ({ readonly kind: 'value' } & Readonly<T>) | UndefinedStatistic;

export interface ConfidenceInterval {
  readonly lower: number;
  readonly upper: number;
  /** Two-sided coverage, e.g. 0.95. */
  readonly level: number;
}

export function undefinedStatistic(reason: UndefinedReason, message: string): UndefinedStatistic {
  return { kind: 'undefined', reason, message };
}

export function isValue<T extends object>(c: Computed<T>): c is { readonly kind: 'value' } & Readonly<T> {
  return c.kind === 'value';
}

export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

export function assertConfidenceLevel(level: number): void {
  if (!(Number.isFinite(level) && level > 0 && level < 1)) {
    throw new RangeError(`confidence level must be strictly between 0 and 1, got ${level}`);
  }
}

export function assertCount(name: string, value: number): void {
  if (!(Number.isInteger(value) && value >= 0)) {
    throw new RangeError(`${name} must be a non-negative integer, got ${value}`);
  }
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
