// When two coders "agree well enough": a weighted kappa against a threshold, the study's
// reliability settings that configure it, and the verdict. The settings schema is also what the
// core validates stored settings and patches with (core/reliability/criterion.ts explains the
// defaults), so the settings a lead changes and the settings a client receives are one declaration.
import { z } from 'zod';
import { count, view } from '../base';
import { interval95 } from './statistic';

export const kappaWeights = z.enum(['linear', 'quadratic']);
/** 'estimate': κ ≥ threshold. 'ci_lower': the lower end of κ's 95% CI ≥ threshold. */
export const criterionBasis = z.enum(['estimate', 'ci_lower']);

const criterionShape = {
  weights: kappaWeights,
  threshold: z.number().min(-1).max(1),
  basis: criterionBasis,
  /** Below this many pairs there is no verdict ("insufficient"), only numbers. */
  minPairs: z.number().int().min(1).max(100_000),
};

export const criterionSchema = view(criterionShape);
export type ReliabilityCriterion = z.output<typeof criterionSchema>;

const driftBatchSize = z.number().int().min(2).max(10_000);
const driftStep = z.number().int().min(1).max(10_000);
const disagreementSize = z.number().min(0).max(1_000);

export const reliabilitySettingsSchema = view({
  /** Pass/fail of two coders (or a coder against a master) on double-coded clips. */
  criterion: criterionSchema,
  /** Certification of a trainee against the master scores of gold-standard clips. */
  certification: criterionSchema,
  /** Drift: weighted kappa per batch of this many double-coded clips, in order of submission. */
  driftBatchSize,
  /** Start of each next batch, in clips; equal to the batch size for disjoint batches, less for a rolling window. */
  driftStep,
  /** Disagreements listed for re-watching: |A − B| at least this many scale points. */
  disagreementSize,
}).refine((s) => s.driftStep <= s.driftBatchSize, { message: 'the drift step cannot exceed the batch size', path: ['driftStep'] });
export type ReliabilitySettings = z.output<typeof reliabilitySettingsSchema>;

/** A partial update of the settings, as a lead or manager submits it. */
export const reliabilitySettingsPatchSchema = z
  .object({
    criterion: z.strictObject(criterionShape).partial().optional(),
    certification: z.strictObject(criterionShape).partial().optional(),
    driftBatchSize: driftBatchSize.optional(),
    driftStep: driftStep.optional(),
    disagreementSize: disagreementSize.optional(),
  })
  .strict();
export type ReliabilitySettingsPatch = z.output<typeof reliabilitySettingsPatchSchema>;

export const verdictOutcome = z.enum(['pass', 'fail', 'insufficient']);
export type VerdictOutcome = z.output<typeof verdictOutcome>;

export const verdictView = view({
  outcome: verdictOutcome,
  criterion: criterionSchema,
  n: count,
  /** The weighted kappa the verdict rests on, or null when it is undefined. */
  kappa: z.number().nullable(),
  ci95: interval95.nullable(),
  /** The number compared with the threshold: κ or the lower end of its CI. */
  compared: z.number().nullable(),
  /** One sentence for people. */
  message: z.string(),
});
export type Verdict = z.output<typeof verdictView>;
