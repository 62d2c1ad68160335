// Public surface of the statistics used by analysis (unblinded results), fidelity and reliability
// reports. Everything here is pure: numbers in, numbers (or an explained "undefined") out.

export type { Computed, ConfidenceInterval, UndefinedStatistic } from './estimate';
export { DEFAULT_CONFIDENCE_LEVEL, isValue } from './estimate';

export { lnGamma, lnBeta, regularizedGammaQ } from './gamma';
export { regularizedIncompleteBeta, inverseRegularizedIncompleteBeta } from './beta';
export { normalCdf, normalQuantile, twoSidedZ } from './normal';

export type { Proportion } from './proportion';
export { clopperPearson } from './proportion';
export type { RiskRatio } from './riskRatio';
export { riskRatio } from './riskRatio';
export type { ProportionDifference } from './proportionDifference';
export { proportionDifference } from './proportionDifference';
export type { WilsonProportion } from './wilson';
export { wilsonScore } from './wilson';
export type { NewcombeDifference } from './newcombe';
export { newcombeDifference } from './newcombe';
export type { Ancova, AncovaObservation, ArmCoefficient } from './ancova';
export { ancova } from './ancova';
export { twoSidedT } from './studentT';

export { mean, standardDeviation, range } from './descriptive';
export type { GroupSummary, HedgesG } from './hedgesG';
export { hedgesG, hedgesGFromValues } from './hedgesG';

export type { Arm, ArmGuess, BlindingGuess, BlindingTable, GuessCounts } from './blindingGuesses';
export { tabulateGuesses } from './blindingGuesses';
export type { BangIndex } from './bangBlindingIndex';
export { bangBlindingIndex, bangBlindingIndices } from './bangBlindingIndex';
export type { JamesIndex } from './jamesBlindingIndex';
export { jamesBlindingIndex } from './jamesBlindingIndex';

export type { RandomSource } from '../../random';
export { createSeededRandomSource, randomInt, sampleWithoutReplacement, shuffle } from '../../random';
