// The stable, snake_case JSON form of a reliability report (`blindfold kappa --json`, exports).
// Field names here are a published interface: add fields, never rename or remove them.
//
// Conventions: a defined scalar is a number; a statistic with an interval is an object; an
// undefined statistic is `{ value: null, reason, message }` (kappa blocks keep their keys, with
// null values, plus reason and message). Agreement proportions are 0–1, not percentages.
import type { CutoffKappa } from './agreement';
import type { IccEstimate } from './icc';
import type { KappaResult } from './kappa';
import type { ReliabilityReport } from './report';
import type { Scale } from './scale';
import type { Statistic, UndefinedReason } from './statistic';

export interface UndefinedJson {
  readonly value: null;
  readonly reason: UndefinedReason;
  readonly message: string;
}

export interface KappaJson {
  readonly kappa: number | null;
  readonly se: number | null;
  readonly ci95: readonly [number, number] | null;
  readonly clipped: boolean | null;
  readonly se0: number | null;
  readonly z: number | null;
  /** Present when z is undefined (SE under H0 is 0). */
  readonly z_reason?: UndefinedReason;
  /** Present when kappa itself is undefined. */
  readonly reason?: UndefinedReason;
  readonly message?: string;
}

export interface IccJson {
  readonly value: number;
  readonly ci95: readonly [number, number] | null;
  readonly ci95_reason?: UndefinedReason;
}

export interface CutoffJson extends KappaJson {
  readonly cutoff: number;
  /** [[both below, A below & B at/above], [A at/above & B below, both at/above]] */
  readonly table: readonly [readonly [number, number], readonly [number, number]];
}

export interface ReliabilityJson {
  readonly n: number;
  readonly skipped: number;
  readonly scale: Scale;
  readonly categories: { readonly mode: string; readonly values: readonly number[] };
  readonly agreement: {
    readonly exact: number | UndefinedJson;
    readonly within_half: number | UndefinedJson;
    readonly within_one: number | UndefinedJson;
  };
  readonly unweighted: KappaJson;
  readonly linear: KappaJson;
  readonly quadratic: KappaJson;
  readonly icc2_1: IccJson | UndefinedJson;
  readonly icc3_1: IccJson | UndefinedJson;
  readonly alpha_ordinal: number | UndefinedJson;
  readonly alpha_interval: number | UndefinedJson;
  readonly ac1: number | UndefinedJson;
  readonly ac2_linear: number | UndefinedJson;
  readonly ac2_quadratic: number | UndefinedJson;
  readonly cutoffs: readonly CutoffJson[];
}

function undefinedJson(s: Extract<Statistic<unknown>, { defined: false }>): UndefinedJson {
  return { value: null, reason: s.reason, message: s.message };
}

function scalarJson(s: Statistic<number>): number | UndefinedJson {
  return s.defined ? s.value : undefinedJson(s);
}

export function kappaJson(k: KappaResult): KappaJson {
  if (!k.defined) return { kappa: null, se: null, ci95: null, clipped: null, se0: null, z: null, reason: k.reason, message: k.message };
  const e = k.value;
  const base = { kappa: e.kappa, se: e.se, ci95: e.ci95, clipped: e.clipped, se0: e.se0 };
  return e.z.defined ? { ...base, z: e.z.value } : { ...base, z: null, z_reason: e.z.reason };
}

function iccJson(s: Statistic<IccEstimate>): IccJson | UndefinedJson {
  if (!s.defined) return undefinedJson(s);
  const { value, ci95 } = s.value;
  return ci95.defined ? { value, ci95: ci95.value } : { value, ci95: null, ci95_reason: ci95.reason };
}

function cutoffJson(c: CutoffKappa): CutoffJson {
  return { cutoff: c.cutoff, table: c.table, ...kappaJson(c.kappa) };
}

export function reportToJson(report: ReliabilityReport, context: { readonly scale: Scale; readonly skipped: number }): ReliabilityJson {
  return {
    n: report.n,
    skipped: context.skipped,
    scale: { min: context.scale.min, max: context.scale.max, step: context.scale.step },
    categories: { mode: report.categories.mode, values: report.categories.values },
    agreement: {
      exact: scalarJson(report.agreement.exact),
      within_half: scalarJson(report.agreement.withinHalf),
      within_one: scalarJson(report.agreement.withinOne),
    },
    unweighted: kappaJson(report.kappa.unweighted),
    linear: kappaJson(report.kappa.linear),
    quadratic: kappaJson(report.kappa.quadratic),
    icc2_1: iccJson(report.icc21),
    icc3_1: iccJson(report.icc31),
    alpha_ordinal: scalarJson(report.alphaOrdinal),
    alpha_interval: scalarJson(report.alphaInterval),
    ac1: scalarJson(report.ac1),
    ac2_linear: scalarJson(report.ac2Linear),
    ac2_quadratic: scalarJson(report.ac2Quadratic),
    cutoffs: report.cutoffs.map(cutoffJson),
  };
}
