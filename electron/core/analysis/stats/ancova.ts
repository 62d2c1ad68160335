// The baseline-adjusted arm difference of a continuous outcome: analysis of covariance, i.e. the
// ordinary least squares fit of follow-up ~ arm + baseline, and the arm coefficient with its
// t-based interval. Beside it, the unadjusted difference in means of the same participants
// (follow-up ~ arm), so a reader sees what the adjustment changed on identical data.

import type { Computed, ConfidenceInterval } from './estimate';
import { DEFAULT_CONFIDENCE_LEVEL, assertConfidenceLevel, undefinedStatistic } from './estimate';
import { twoSidedT } from './studentT';

/** One participant with a score at baseline and at the follow-up (a complete case). */
export interface AncovaObservation {
  readonly arm: 'intervention' | 'control';
  readonly baseline: number;
  readonly followUp: number;
}

export interface ArmCoefficient {
  /** Intervention minus control. */
  readonly estimate: number;
  readonly standardError: number;
  readonly degreesOfFreedom: number;
  readonly ci: ConfidenceInterval;
}

export interface Ancova {
  readonly n: number;
  readonly nIntervention: number;
  readonly nControl: number;
  /** The arm coefficient of follow-up ~ arm + baseline: the adjusted difference, on n − 3 df. */
  readonly adjusted: ArmCoefficient;
  /** The baseline slope of the same fit. */
  readonly baselineSlope: number;
  /** √(residual SS / (n − 3)). */
  readonly residualSd: number;
  /** Follow-up ~ arm on the same participants: the difference in means, pooled SD, n − 2 df. */
  readonly unadjusted: ArmCoefficient;
  readonly method: 'ols-ancova';
}

function coefficient(estimate: number, standardError: number, df: number, level: number): ArmCoefficient {
  const t = twoSidedT(level, df);
  return { estimate, standardError, degreesOfFreedom: df, ci: { lower: estimate - t * standardError, upper: estimate + t * standardError, level } };
}

/**
 * The linear model y = β₀ + β₁·arm + β₂·baseline + ε (arm = 1 intervention, 0 control), fitted by
 * least squares; the model a trial's SAP names for an outcome measured at baseline (Vickers &
 * Altman 2001, "Analysing controlled trials with baseline and follow up measurements", BMJ
 * 323:1123–1124; EMA 2015, "Guideline on adjustment for baseline covariates in clinical trials").
 *
 * With every variable centred on its mean (a = arm − ā, x = baseline − x̄, y = follow-up − ȳ), the
 * normal equations reduce to two (Draper & Smith 1998, Applied Regression Analysis, §5.2):
 *
 *   D  = Sₐₐ Sₓₓ − Sₐₓ²
 *   β₁ = (Sₓₓ Sₐᵧ − Sₐₓ Sₓᵧ) / D,    β₂ = (Sₐₐ Sₓᵧ − Sₐₓ Sₐᵧ) / D
 *   s² = Σ (yᵢ − β₁aᵢ − β₂xᵢ)² / (n − 3),    SE(β₁) = √(s² Sₓₓ / D)
 *
 * (Sₓₓ / D is the arm element of (X'X)⁻¹ for the centred design), and the interval is
 * β₁ ± t_{n−3, 0.975} SE(β₁). Centring keeps the sums of squares well conditioned for scores like
 * the EAS's 1–7 or a 0–100 scale. The unadjusted coefficient is ȳ₁ − ȳ₀ with SE s_p √(1/n₁ + 1/n₀)
 * on n − 2 df (Student's two-sample t). Both agree with statsmodels' OLS to 1e-12 in the tests.
 *
 * Undefined when an arm has no one, when n < 4 (no residual degrees of freedom), or when the
 * baseline is constant or determined by the arm (D = 0: the adjustment cannot be separated).
 */
export function ancova(observations: readonly AncovaObservation[], confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL): Computed<Ancova> {
  assertConfidenceLevel(confidenceLevel);
  for (const o of observations) {
    if (!Number.isFinite(o.baseline) || !Number.isFinite(o.followUp)) throw new RangeError('scores must be finite numbers');
  }
  const n = observations.length;
  const nIntervention = observations.filter((o) => o.arm === 'intervention').length;
  const nControl = n - nIntervention;
  if (nIntervention === 0 || nControl === 0) {
    return undefinedStatistic('no-observations', 'An arm has no participant with scores at both baseline and this follow-up.');
  }
  if (n < 4) {
    return undefinedStatistic('too-few-observations', `Only ${n} participants have scores at both timepoints; the adjusted difference needs at least 4.`);
  }
  const armOf = (o: AncovaObservation) => (o.arm === 'intervention' ? 1 : 0);
  const meanOf = (f: (o: AncovaObservation) => number) => observations.reduce((s, o) => s + f(o), 0) / n;
  const aBar = meanOf(armOf);
  const xBar = meanOf((o) => o.baseline);
  const yBar = meanOf((o) => o.followUp);
  let saa = 0;
  let sax = 0;
  let sxx = 0;
  let say = 0;
  let sxy = 0;
  for (const o of observations) {
    const a = armOf(o) - aBar;
    const x = o.baseline - xBar;
    const y = o.followUp - yBar;
    saa += a * a;
    sax += a * x;
    sxx += x * x;
    say += a * y;
    sxy += x * y;
  }
  const det = saa * sxx - sax * sax;
  // Relative to the product of the diagonal, D is the 1 − r² of arm and baseline; below 1e-12 it is
  // rounding of an exact collinearity.
  if (!(sxx > 0) || det <= 1e-12 * saa * sxx) {
    return undefinedStatistic('collinear', 'The baseline scores are constant or determined by the arm, so the adjustment cannot be estimated.');
  }
  const b1 = (sxx * say - sax * sxy) / det;
  const b2 = (saa * sxy - sax * say) / det;
  let rss = 0;
  for (const o of observations) {
    const r = o.followUp - yBar - b1 * (armOf(o) - aBar) - b2 * (o.baseline - xBar);
    rss += r * r;
  }
  const s2 = rss / (n - 3);
  const adjusted = coefficient(b1, Math.sqrt((s2 * sxx) / det), n - 3, confidenceLevel);

  const y1 = observations.filter((o) => o.arm === 'intervention').map((o) => o.followUp);
  const y0 = observations.filter((o) => o.arm === 'control').map((o) => o.followUp);
  const m1 = y1.reduce((s, v) => s + v, 0) / y1.length;
  const m0 = y0.reduce((s, v) => s + v, 0) / y0.length;
  const ss = y1.reduce((s, v) => s + (v - m1) ** 2, 0) + y0.reduce((s, v) => s + (v - m0) ** 2, 0);
  const pooled = Math.sqrt(ss / (n - 2));
  const unadjusted = coefficient(m1 - m0, pooled * Math.sqrt(1 / y1.length + 1 / y0.length), n - 2, confidenceLevel);

  return { kind: 'value', n, nIntervention, nControl, adjusted, baselineSlope: b2, residualSd: Math.sqrt(s2), unadjusted, method: 'ols-ancova' };
}
