// An independent reference for binomial probabilities, for tests only: log factorials by plain
// summation and tail sums term by term — no gamma or beta functions involved.

const logFactorials: number[] = [0];

export function logFactorial(n: number): number {
  for (let k = logFactorials.length; k <= n; k++) {
    logFactorials.push((logFactorials[k - 1] ?? 0) + Math.log(k));
  }
  return logFactorials[n] ?? Number.NaN;
}

export function binomialPmf(k: number, n: number, p: number): number {
  if (p === 0) return k === 0 ? 1 : 0;
  if (p === 1) return k === n ? 1 : 0;
  const logChoose = logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  return Math.exp(logChoose + k * Math.log(p) + (n - k) * Math.log1p(-p));
}

/** P(X ≥ k) for X ~ Binomial(n, p). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  let sum = 0;
  for (let i = k; i <= n; i++) sum += binomialPmf(i, n, p);
  return sum;
}

/** P(X ≤ k) for X ~ Binomial(n, p). */
export function binomialLowerTail(k: number, n: number, p: number): number {
  let sum = 0;
  for (let i = 0; i <= k; i++) sum += binomialPmf(i, n, p);
  return sum;
}

/**
 * Clopper–Pearson limits by their definition (Clopper & Pearson 1934): the lower limit is the p at
 * which P(X ≥ x; p) = α/2, the upper the p at which P(X ≤ x; p) = α/2. Both tails are monotone in
 * p, so plain bisection on the tail sums finds them — no beta function involved.
 */
export function clopperPearsonByTailInversion(x: number, n: number, level = 0.95): { lower: number; upper: number } {
  const halfAlpha = (1 - level) / 2;
  const lower = x === 0 ? 0 : bisect((p) => binomialUpperTail(x, n, p) < halfAlpha);
  const upper = x === n ? 1 : bisect((p) => binomialLowerTail(x, n, p) > halfAlpha);
  return { lower, upper };
}

/** The boundary in [0, 1] where `below(p)` turns from true to false. */
function bisect(below: (p: number) => boolean): number {
  let lo = 0;
  let hi = 1;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (below(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
