// Reliability: agreement between two blinded coders (kappa & co.). Pure functions, no I/O; every
// formula cites its source in the file that implements it. This file is the area's public surface.

export type { UndefinedReason, DefinedStatistic, UndefinedStatistic, Statistic } from './statistic';
export { defined, undefinedStatistic, valueOrNull, Z_975 } from './statistic';

export type { Scale } from './scale';
export { checkScale, parseScale, scaleCategories, scaleIndexOf, scalePointCount, scaleValueAt, MAX_SCALE_POINTS } from './scale';

export type { CategoryMode, ConfusionMatrix, ConfusionOptions, RatingPairs } from './confusion';
export { buildConfusionMatrix, confusionFromTable, marginals, observedCategories } from './confusion';

export type { WeightScheme } from './weights';
export { agreementWeights, weightsFromDisagreement } from './weights';

export type { CountTable, KappaEstimate, KappaResult } from './kappa';
export { cohenKappa, kappaWithWeights, weightedKappa } from './kappa';

export type { AgreementSummary, CutoffKappa } from './agreement';
export { agreementSummary, cutoffKappa, proportionWithin } from './agreement';

export type { IccEstimate, TwoWayAnova, WeightedTarget } from './icc';
export { anovaFromConfusion, anovaFromRatings, icc21, icc31, twoWayAnova } from './icc';

export type { AlphaMetric } from './alpha';
export { alphaFromCoincidence, alphaFromConfusion, krippendorffAlpha } from './alpha';

export { gwetAC } from './gwet';

export { fQuantile, lnGamma, regularizedBeta } from './fdist';

export type { ReliabilityOptions, ReliabilityReport } from './report';
export { reliabilityReport, reportFromConfusion } from './report';

export type { CutoffJson, IccJson, KappaJson, ReliabilityJson, UndefinedJson } from './json';
export { kappaJson, reportToJson } from './json';
