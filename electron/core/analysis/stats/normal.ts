// The standard normal distribution: CDF and quantile. Used for the z multiplier of Wald-type
// intervals, so a 95% interval uses z = 1.959963984540054 rather than a rounded 1.96.

import { regularizedGammaQ } from './gamma';

/**
 * Φ(z). Uses Φ(z) = erfc(−z/√2) / 2 and erfc(t) = Q(1/2, t²) for t ≥ 0 (Abramowitz & Stegun,
 * Handbook of Mathematical Functions, 1964, §7.1 and §6.5; Numerical Recipes in C, 2nd ed., §6.2),
 * so the lower tail keeps full relative precision: Φ(z) = Q(1/2, z²/2) / 2 for z < 0.
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new RangeError('normalCdf of NaN');
  const tail = regularizedGammaQ(0.5, (z * z) / 2) / 2;
  return z < 0 ? tail : 1 - tail;
}

/** The z with Φ(z) = p, for 0 < p < 1, by bisection on the lower-tail CDF (monotone, cannot diverge). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`normalQuantile needs 0 < p < 1, got ${p}`);
  if (p === 0.5) return 0;
  if (p > 0.5) return -normalQuantile(1 - p);
  // Φ(−39) is below the smallest double, so the root of Φ(z) = p lies in (−39, 0).
  let lo = -39;
  let hi = 0;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (normalCdf(mid) < p) lo = mid;
    else hi = mid;
  }
}

/** The two-sided multiplier z_{1−α/2} for a confidence level 1 − α (1.95996… for 0.95). */
export function twoSidedZ(confidenceLevel: number): number {
  return normalQuantile(1 - (1 - confidenceLevel) / 2);
}
