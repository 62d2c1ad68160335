// The stable, snake_case JSON form of a reliability report (core/reliability/json.ts builds it for
// `blindfold kappa --json`, the exports and the fidelity summary's adherence block). Field names
// here are a published interface: add fields, never rename or remove them.
//
// Conventions: a defined scalar is a number; a statistic with an interval is an object; an
// undefined statistic is `{ value: null, reason, message }` (kappa blocks keep their keys, with
// null values, plus reason and message). Agreement proportions are 0–1, not percentages.
import { z } from 'zod';
import { list, view } from '../base';
import { categoryMode, scaleView } from './report';
import { interval95, undefinedReason } from './statistic';

export const undefinedStatisticJson = view({ value: z.null(), reason: undefinedReason, message: z.string() });
export type UndefinedStatisticJson = z.output<typeof undefinedStatisticJson>;

const kappaJsonShape = {
  kappa: z.number().nullable(),
  se: z.number().nullable(),
  ci95: interval95.nullable(),
  clipped: z.boolean().nullable(),
  se0: z.number().nullable(),
  z: z.number().nullable(),
  /** Present when z is undefined (SE under H0 is 0). */
  z_reason: undefinedReason.optional(),
  /** Present when kappa itself is undefined. */
  reason: undefinedReason.optional(),
  message: z.string().optional(),
};
export const kappaJsonView = view(kappaJsonShape);
export type KappaJson = z.output<typeof kappaJsonView>;

export const iccJsonView = view({ value: z.number(), ci95: interval95.nullable(), ci95_reason: undefinedReason.optional() });
export type IccJson = z.output<typeof iccJsonView>;

const countPair = z.tuple([z.number(), z.number()]).readonly();

export const cutoffJsonView = view({
  cutoff: z.number(),
  /** [[both below, A below & B at/above], [A at/above & B below, both at/above]] */
  table: z.tuple([countPair, countPair]).readonly(),
  ...kappaJsonShape,
});
export type CutoffJson = z.output<typeof cutoffJsonView>;

const scalarJson = z.union([z.number(), undefinedStatisticJson]);

export const reliabilityJsonView = view({
  n: z.number(),
  skipped: z.number(),
  scale: scaleView,
  categories: view({ mode: categoryMode, values: list(z.number()) }),
  agreement: view({ exact: scalarJson, within_half: scalarJson, within_one: scalarJson }),
  unweighted: kappaJsonView,
  linear: kappaJsonView,
  quadratic: kappaJsonView,
  icc2_1: z.union([iccJsonView, undefinedStatisticJson]),
  icc3_1: z.union([iccJsonView, undefinedStatisticJson]),
  alpha_ordinal: scalarJson,
  alpha_interval: scalarJson,
  ac1: scalarJson,
  ac2_linear: scalarJson,
  ac2_quadratic: scalarJson,
  cutoffs: list(cutoffJsonView),
});
export type ReliabilityJson = z.output<typeof reliabilityJsonView>;
