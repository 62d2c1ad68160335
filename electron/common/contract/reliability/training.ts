// Training and certification as the reliability lead sees them (core/reliability/study/training.ts
// and gold.ts). For the lead only: these views hold the gold standard's master scores.
import { z } from 'zod';
import { clipCode, dict, dimensionId, list, view, count } from '../base';
import { criterionBasis, criterionSchema, kappaWeights } from './settings';
import { interval95 } from './statistic';


export const goldClipView = view({
  code: clipCode,
  /** The training set's name for the clip. */
  label: z.string(),
  /** Latest master score per dimension. */
  scores: dict(z.number()),
});
export type GoldClipView = z.output<typeof goldClipView>;

export const certificationVerdict = z.enum(['certified', 'not_yet']);
export type CertificationVerdictView = z.output<typeof certificationVerdict>;

/** The latest recorded certification decision of a trainee on one dimension. */
export const certificationRecordView = view({
  dimension: dimensionId,
  master: z.string(),
  n: count,
  weights: kappaWeights,
  kappa: z.number().nullable(),
  ciLow: z.number().nullable(),
  ciHigh: z.number().nullable(),
  threshold: z.number(),
  basis: criterionBasis,
  verdict: certificationVerdict,
  decidedBy: z.string(),
  decidedAt: z.string(),
});
export type CertificationRecordView = z.output<typeof certificationRecordView>;

export const traineeView = view({
  name: z.string(),
  /** Gold-standard clips in the trainee's queue, and how many of them are submitted. */
  assigned: count,
  submitted: count,
  certifications: list(certificationRecordView),
});
export type TraineeView = z.output<typeof traineeView>;

export const trainingOverview = view({
  goldClips: list(goldClipView),
  trainees: list(traineeView),
});
export type TrainingOverview = z.output<typeof trainingOverview>;

/** The outcome of adding gold-standard clips from a manifest: labels and codes, never a file name. */
export const goldImportView = view({
  added: list(view({ code: clipCode, label: z.string() })),
  failed: list(view({ label: z.string(), message: z.string() })),
  /** Master scores recorded: new, corrected (a new version with a reason), or equal to the current one. */
  scores: view({ added: count, corrected: count, unchanged: count }),
});
export type GoldImportView = z.output<typeof goldImportView>;

export const trainingAssignmentView = view({
  trainee: z.string(),
  /** Codes newly placed in the trainee's queue, in queue order. */
  assigned: list(clipCode),
  /** Gold-standard clips the trainee already had. */
  alreadyAssigned: count,
});
export type TrainingAssignmentView = z.output<typeof trainingAssignmentView>;

export const dimensionCertificationView = view({
  dimension: dimensionId,
  label: z.string(),
  n: count,
  excluded: count,
  pending: count,
  kappa: z.number().nullable(),
  ci95: interval95.nullable(),
  verdict: certificationVerdict,
  message: z.string(),
});
export type DimensionCertificationView = z.output<typeof dimensionCertificationView>;

export const certificationOutcomeView = view({
  trainee: z.string(),
  master: z.string(),
  verdict: certificationVerdict,
  dimensions: list(dimensionCertificationView),
  /** The criterion applied (the study's certification settings). */
  criterion: criterionSchema,
  /** False for a preview: nothing was written. */
  recorded: z.boolean(),
  decidedAt: z.string(),
});
export type CertificationOutcomeView = z.output<typeof certificationOutcomeView>;
