// When two coders "agree well enough": a weighted kappa against a threshold, and the study's
// reliability settings that configure it. Pure (zod only), so the contract may import the schema.
//
// The default is linear-weighted kappa ≥ 0.70 on the point estimate. Linear (Cicchetti–Allison)
// weights are the stricter choice on a 13-point scale: quadratic (Fleiss–Cohen) weighted kappa is
// asymptotically the ICC (Fleiss & Cohen 1973) and runs higher whenever disagreements are small,
// so a threshold written for "kappa" is not silently loosened. A study may choose quadratic, or
// ask the lower end of the 95% CI to clear the threshold.
import { z } from 'zod';
import type { ReliabilityReport } from './report';
import type { KappaResult } from './kappa';

export const criterionSchema = z
  .object({
    weights: z.enum(['linear', 'quadratic']),
    threshold: z.number().finite().min(-1).max(1),
    /** 'estimate': κ ≥ threshold. 'ci_lower': the lower end of κ's 95% CI ≥ threshold. */
    basis: z.enum(['estimate', 'ci_lower']),
    /** Below this many pairs there is no verdict ("insufficient"), only numbers. */
    minPairs: z.number().int().min(1).max(100_000),
  })
  .strict();

export type ReliabilityCriterion = z.infer<typeof criterionSchema>;

export const reliabilitySettingsSchema = z
  .object({
    /** Pass/fail of two coders (or a coder against a master) on double-coded clips. */
    criterion: criterionSchema,
    /** Certification of a trainee against the master scores of gold-standard clips. */
    certification: criterionSchema,
    /** Drift: weighted kappa per batch of this many double-coded clips, in order of submission. */
    driftBatchSize: z.number().int().min(2).max(10_000),
    /** Start of each next batch, in clips; equal to the batch size for disjoint batches, less for a rolling window. */
    driftStep: z.number().int().min(1).max(10_000),
    /** Disagreements listed for re-watching: |A − B| at least this many scale points. */
    disagreementSize: z.number().finite().min(0).max(1_000),
  })
  .strict()
  .refine((s) => s.driftStep <= s.driftBatchSize, { message: 'the drift step cannot exceed the batch size', path: ['driftStep'] });

export type ReliabilitySettings = z.infer<typeof reliabilitySettingsSchema>;

/** A partial update of the settings, as a lead or manager submits it. */
export const reliabilitySettingsPatchSchema = z
  .object({
    criterion: criterionSchema.partial().strict().optional(),
    certification: criterionSchema.partial().strict().optional(),
    driftBatchSize: z.number().int().min(2).max(10_000).optional(),
    driftStep: z.number().int().min(1).max(10_000).optional(),
    disagreementSize: z.number().finite().min(0).max(1_000).optional(),
  })
  .strict();

export type ReliabilitySettingsPatch = z.infer<typeof reliabilitySettingsPatchSchema>;

export const DEFAULT_CRITERION: ReliabilityCriterion = { weights: 'linear', threshold: 0.7, basis: 'estimate', minPairs: 10 };

export const DEFAULT_RELIABILITY_SETTINGS: ReliabilitySettings = {
  criterion: DEFAULT_CRITERION,
  certification: DEFAULT_CRITERION,
  driftBatchSize: 20,
  driftStep: 20,
  disagreementSize: 1,
};

export type VerdictOutcome = 'pass' | 'fail' | 'insufficient';

export interface Verdict {
  readonly outcome: VerdictOutcome;
  readonly criterion: ReliabilityCriterion;
  readonly n: number;
  /** The weighted kappa the verdict rests on, or null when it is undefined. */
  readonly kappa: number | null;
  readonly ci95: readonly [number, number] | null;
  /** The number compared with the threshold: κ or the lower end of its CI. */
  readonly compared: number | null;
  /** One sentence for people. */
  readonly message: string;
}

const fmt = (x: number): string => x.toFixed(3);

/** The verdict for one weighted kappa (from a report, a drift batch or a certification). */
export function judgeKappa(kappa: KappaResult, n: number, criterion: ReliabilityCriterion): Verdict {
  const label = `${criterion.weights} weighted kappa`;
  const base = { criterion, n };
  if (n < criterion.minPairs) {
    return {
      ...base,
      outcome: 'insufficient',
      kappa: kappa.defined ? kappa.value.kappa : null,
      ci95: kappa.defined ? kappa.value.ci95 : null,
      compared: null,
      message: `${n} pair${n === 1 ? '' : 's'}; at least ${criterion.minPairs} are needed for a verdict`,
    };
  }
  if (!kappa.defined) {
    return { ...base, outcome: 'insufficient', kappa: null, ci95: null, compared: null, message: `${label} is undefined: ${kappa.message}` };
  }
  const { kappa: k, ci95 } = kappa.value;
  const compared = criterion.basis === 'estimate' ? k : ci95[0];
  const what = criterion.basis === 'estimate' ? `${label} ${fmt(k)}` : `the lower 95% limit of ${label} (${fmt(ci95[0])})`;
  const pass = compared >= criterion.threshold;
  return {
    ...base,
    outcome: pass ? 'pass' : 'fail',
    kappa: k,
    ci95,
    compared,
    message: `${what} is ${pass ? 'at or above' : 'below'} the threshold ${fmt(criterion.threshold)}`,
  };
}

/** The verdict of a full report, on the kappa the criterion names. */
export function judgeReport(report: ReliabilityReport, criterion: ReliabilityCriterion): Verdict {
  return judgeKappa(report.kappa[criterion.weights], report.n, criterion);
}
