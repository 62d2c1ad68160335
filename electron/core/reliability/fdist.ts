// Quantiles of the F distribution, for the F-based ICC intervals. Self-contained so that the
// reliability area depends on nothing but its own formulas.
//
// If X ~ F(d1, d2) then P(X ≤ f) = I_x(d1/2, d2/2) with x = d1 f / (d1 f + d2), where I is the
// regularised incomplete beta function (Abramowitz & Stegun 26.6.2). We solve in the complement
// y = 1 − x = d2 / (d1 f + d2), using 1 − I_x(a, b) = I_{1−x}(b, a) (A&S 26.5.2), so that large
// upper quantiles (y → 0) keep full relative precision: f = d2 (1 − y) / (d1 y).

// Lanczos approximation to ln Γ (g = 7, n = 9), as in Numerical Recipes and most libms; relative
// error below 1e-15 for x > 0.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x); // reflection
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < 9; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction for I_x(a, b) (DLMF §8.17(v); modified Lentz, Numerical Recipes §6.4). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 100_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-16) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b) for a, b > 0. */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  // The fraction converges fast for x < (a + 1) / (a + b + 2); otherwise use the symmetry.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The p-quantile of F(d1, d2) for 0 < p < 1 and d1, d2 > 0 (degrees of freedom may be fractional). */
export function fQuantile(p: number, d1: number, d2: number): number {
  // Solve I_y(d2/2, d1/2) = 1 − p for y by bisection: monotone, robust, and ~60–1100 cheap steps.
  const target = 1 - p;
  const a = d2 / 2;
  const b = d1 / 2;
  let lo = 0;
  let hi = 1;
  for (let iter = 0; iter < 1100; iter++) {
    const mid = 0.5 * (lo + hi);
    if (mid === lo || mid === hi) break;
    if (regularizedBeta(mid, a, b) < target) lo = mid;
    else hi = mid;
    if (hi - lo <= 1e-16 * hi) break;
  }
  const y = 0.5 * (lo + hi);
  return (d2 * (1 - y)) / (d1 * y);
}
