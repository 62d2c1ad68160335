// Student's t quantile for t-based intervals (a mean change, the ANCOVA arm coefficient), from the incomplete beta
// function already in stats/: for T with ν degrees of freedom,
//
//   P(|T| > t) = I_{ν/(ν+t²)}(ν/2, 1/2)        (Abramowitz & Stegun 1964, 26.7.1 with 26.5.27)
//
// so the two-sided (1 − α) quantile is t = √(ν(1 − x)/x) with x = I⁻¹(α; ν/2, 1/2).
import { inverseRegularizedIncompleteBeta } from './beta';

export function twoSidedT(confidenceLevel: number, degreesOfFreedom: number): number {
  if (!(confidenceLevel > 0 && confidenceLevel < 1)) throw new RangeError(`confidence level must be in (0, 1), got ${confidenceLevel}`);
  if (!(degreesOfFreedom > 0)) throw new RangeError(`degrees of freedom must be positive, got ${degreesOfFreedom}`);
  const x = inverseRegularizedIncompleteBeta(1 - confidenceLevel, degreesOfFreedom / 2, 0.5);
  return Math.sqrt((degreesOfFreedom * (1 - x)) / x);
}
