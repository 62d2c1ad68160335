// Reliability: agreement between two blinded coders (kappa & co.). Pure functions, no I/O; every
// formula cites its source in the file that implements it. This file is the area's public surface.
// The shapes of its results are the boundary's views (electron/common/contract/reliability/), re-exported
// here for core's own callers.

export type {
  AgreementSummary,
  CategoryMode,
  CutoffJson,
  CutoffKappa,
  DefinedStatistic,
  IccEstimate,
  IccJson,
  KappaEstimate,
  KappaJson,
  KappaResult,
  ReliabilityJson,
  ReliabilityReport,
  Scale,
  Statistic,
  UndefinedReason,
  UndefinedStatistic,
  UndefinedStatisticJson,
} from '../../common/contract';

export { defined, undefinedStatistic, valueOrNull, Z_975 } from './statistic';

export { checkScale, parseScale, scaleCategories, scaleIndexOf, scalePointCount, scaleValueAt, MAX_SCALE_POINTS } from './scale';

export type { ConfusionMatrix, ConfusionOptions, RatingPairs } from './confusion';
export { buildConfusionMatrix, confusionFromTable, marginals, observedCategories } from './confusion';

export type { WeightScheme } from './weights';
export { agreementWeights, weightsFromDisagreement } from './weights';

export type { CountTable } from './kappa';
export { cohenKappa, kappaWithWeights, weightedKappa } from './kappa';

export { agreementSummary, cutoffKappa, proportionWithin } from './agreement';

export type { TwoWayAnova, WeightedTarget } from './icc';
export { anovaFromConfusion, anovaFromRatings, icc21, icc31, twoWayAnova } from './icc';

export type { AlphaMetric } from './alpha';
export { alphaFromCoincidence, alphaFromConfusion, krippendorffAlpha } from './alpha';

export { gwetAC } from './gwet';

export { fQuantile, lnGamma, regularizedBeta } from './fdist';

export type { ReliabilityOptions } from './report';
export { reliabilityReport, reportFromConfusion } from './report';

export { kappaJson, reportToJson } from './json';

export type { BiasUnit } from './bias';
export { coderBias, tooFewPairs } from './bias';

export { criterionKappa, judgeKappa } from './criterion';

export type { DriftPlan } from './drift';
export { MIN_DRIFT_BATCH, planDrift } from './drift';

export type { ClipScore, SummaryPairsInput } from './summary';
export { coCoderUnits, summaryRow } from './summary';
