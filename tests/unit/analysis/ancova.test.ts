// The baseline-adjusted arm difference (ANCOVA, follow-up ~ arm + baseline by OLS) and the
// unadjusted difference of the same participants, against statsmodels and R.
import { describe, expect, it } from 'vitest';
import { ancova, type AncovaObservation } from '../../../electron/core/analysis/stats';

// A small EAS-like data set (arm 1 = intervention).
const ARM = [1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
const BASELINE = [3.5, 4.0, 5.0, 2.5, 4.5, 6.0, 3.0, 4.0, 5.5, 2.0, 4.5, 3.5];
const FOLLOW = [5.0, 5.5, 6.0, 4.0, 6.5, 6.5, 3.5, 4.0, 5.5, 2.5, 5.0, 4.5];
const SMALL: AncovaObservation[] = ARM.map((a, i) => ({ arm: a === 1 ? 'intervention' : 'control', baseline: BASELINE[i]!, followUp: FOLLOW[i]! }));

// statsmodels 0.13.5 (Debian python3-statsmodels), from
//   python3 tests/unit/analysis/reference/independent.py
// smf.ols("follow ~ arm + baseline").fit(): params, bse, conf_int(0.05), sqrt(scale); and
// smf.ols("follow ~ arm").fit() for the unadjusted difference.
const STATSMODELS_SMALL = {
  n: 12,
  df: 9,
  arm: 1.022598870056496,
  se: 0.23171974289335473,
  ci: [0.4984123939217927, 1.5467853461911996],
  baseline: 0.7881355932203392,
  residualSd: 0.39151988674909616,
  unadjusted: 1.4166666666666667,
  unadjustedSe: 0.592780641459291,
  unadjustedCi: [0.09586908873852229, 2.737464244594811],
} as const;

// R 4.2.2 (Debian r-base-core), the same data:
//   Rscript -e 'd <- data.frame(arm=c(1,1,1,1,1,1,0,0,0,0,0,0), baseline=c(3.5,4,5,2.5,4.5,6,3,4,5.5,2,4.5,3.5),
//     follow=c(5,5.5,6,4,6.5,6.5,3.5,4,5.5,2.5,5,4.5)); m <- lm(follow ~ arm + baseline, d);
//     print(summary(m)$coefficients, digits=17); print(confint(m)["arm",], digits=17)'
const R_SMALL = { arm: 1.02259887005649674, se: 0.23171974289335479, ci: [0.49841239390853576, 1.54678534620445784], baseline: 0.78813559322033921 } as const;

describe('ancova (follow-up ~ arm + baseline)', () => {
  const fit = ancova(SMALL);
  if (fit.kind !== 'value') throw new Error(fit.message);

  it('gives the arm coefficient, its SE and t interval on n − 3 df as statsmodels and R do', () => {
    expect(fit.n).toBe(12);
    expect([fit.nIntervention, fit.nControl]).toEqual([6, 6]);
    expect(fit.adjusted.degreesOfFreedom).toBe(STATSMODELS_SMALL.df);
    for (const ref of [STATSMODELS_SMALL, R_SMALL]) {
      expect(fit.adjusted.estimate).toBeCloseTo(ref.arm, 12);
      expect(fit.adjusted.standardError).toBeCloseTo(ref.se, 12);
      expect(fit.adjusted.ci.lower).toBeCloseTo(ref.ci[0], 10);
      expect(fit.adjusted.ci.upper).toBeCloseTo(ref.ci[1], 10);
      expect(fit.baselineSlope).toBeCloseTo(ref.baseline, 12);
    }
    expect(fit.residualSd).toBeCloseTo(STATSMODELS_SMALL.residualSd, 12);
    expect(fit.method).toBe('ols-ancova');
  });

  it('gives the unadjusted difference of the same participants on n − 2 df', () => {
    expect(fit.unadjusted.estimate).toBeCloseTo(STATSMODELS_SMALL.unadjusted, 12);
    expect(fit.unadjusted.standardError).toBeCloseTo(STATSMODELS_SMALL.unadjustedSe, 12);
    expect(fit.unadjusted.ci.lower).toBeCloseTo(STATSMODELS_SMALL.unadjustedCi[0], 10);
    expect(fit.unadjusted.ci.upper).toBeCloseTo(STATSMODELS_SMALL.unadjustedCi[1], 10);
    expect(fit.unadjusted.degreesOfFreedom).toBe(10);
  });

  it('does not depend on where the scale starts: shifting every score moves nothing but the intercept', () => {
    const shifted = ancova(SMALL.map((o) => ({ ...o, baseline: o.baseline + 1000, followUp: o.followUp + 5000 })));
    if (shifted.kind !== 'value') throw new Error(shifted.message);
    expect(shifted.adjusted.estimate).toBeCloseTo(fit.adjusted.estimate, 9);
    expect(shifted.adjusted.standardError).toBeCloseTo(fit.adjusted.standardError, 9);
  });

  it('is undefined, with a reason, when the data cannot give it', () => {
    expect(ancova(SMALL.filter((o) => o.arm === 'intervention'))).toMatchObject({ kind: 'undefined', reason: 'no-observations' });
    expect(ancova(SMALL.slice(4, 7))).toMatchObject({ kind: 'undefined', reason: 'too-few-observations' });
    expect(ancova(SMALL.map((o) => ({ ...o, baseline: 4 })))).toMatchObject({ kind: 'undefined', reason: 'collinear' });
    expect(ancova(SMALL.map((o) => ({ ...o, baseline: o.arm === 'intervention' ? 5 : 3 })))).toMatchObject({ kind: 'undefined', reason: 'collinear' });
  });
});
