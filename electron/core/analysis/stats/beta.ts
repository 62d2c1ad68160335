// The regularized incomplete beta function I_x(a, b) and its inverse. I_x(a, b) is the CDF of the
// Beta(a, b) distribution, so its inverse is the beta quantile that Clopper–Pearson limits are made of.

import { LENTZ_TINY, lnBeta } from './gamma';

const EPSILON = 1e-15;
const MAX_ITERATIONS = 100_000;

/**
 * I_x(a, b) for a, b > 0 and 0 ≤ x ≤ 1.
 *
 * Numerical Recipes in C, 2nd ed. (Press et al. 1992), §6.4: the prefactor x^a (1−x)^b / B(a, b)
 * times the continued fraction of eq. 6.4.5 with coefficients eq. 6.4.6, evaluated by the modified
 * Lentz method (§5.2). The fraction converges fast for x < (a+1)/(a+b+2); above that point the
 * symmetry I_x(a, b) = 1 − I_{1−x}(b, a) (eq. 6.4.3) is used instead.
 */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(x >= 0 && x <= 1)) throw new RangeError(`incomplete beta needs 0 <= x <= 1, got ${x}`);
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logPrefactor = a * Math.log(x) + b * Math.log1p(-x) - lnBeta(a, b);
  const prefactor = Math.exp(logPrefactor);
  if (x < (a + 1) / (a + b + 2)) {
    return (prefactor * betaContinuedFraction(x, a, b)) / a;
  }
  return 1 - (prefactor * betaContinuedFraction(1 - x, b, a)) / b;
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m;
    // Even step d_{2m} of eq. 6.4.6.
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    h *= d * c;
    // Odd step d_{2m+1} of eq. 6.4.6.
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < LENTZ_TINY) d = LENTZ_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < LENTZ_TINY) c = LENTZ_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) return h;
  }
  throw new Error(`incomplete beta continued fraction did not converge (x=${x}, a=${a}, b=${b})`);
}

/**
 * The x in [0, 1] with I_x(a, b) = p: the p-quantile of Beta(a, b).
 *
 * Bisection on the CDF, run until the bracket cannot be split in double precision. Bisection is
 * chosen over Newton's method on purpose: I_x is monotone, so bisection cannot diverge or leave
 * [0, 1], and its cost (at most ~1,100 CDF evaluations, typically ~60) is irrelevant at our sizes.
 */
export function inverseRegularizedIncompleteBeta(p: number, a: number, b: number): number {
  if (!(a > 0 && b > 0)) throw new RangeError(`inverse incomplete beta needs a, b > 0, got a=${a}, b=${b}`);
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverse incomplete beta needs 0 <= p <= 1, got ${p}`);
  if (p === 0) return 0;
  if (p === 1) return 1;
  let lo = 0;
  let hi = 1;
  for (;;) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) return mid;
    if (regularizedIncompleteBeta(mid, a, b) < p) lo = mid;
    else hi = mid;
  }
}
