// Published worked examples. Every expected number below was copied from the printed output of
// the cited source (not from this code), and is checked to the precision it was printed with:
// toBeCloseTo(x, d) passes when |actual − x| < 0.5 · 10^−d.
import { describe, expect, it } from 'vitest';

import type { ConfusionMatrix, KappaEstimate, Statistic } from '../../../electron/core/reliability';
import {
  alphaFromConfusion,
  anovaFromRatings,
  cohenKappa,
  confusionFromTable,
  gwetAC,
  icc21,
  icc31,
  kappaWithWeights,
  krippendorffAlpha,
  observedCategories,
  reliabilityReport,
  weightedKappa,
  weightsFromDisagreement,
} from '../../../electron/core/reliability';

function table(rows: number[][], values?: number[]): ConfusionMatrix {
  const m = confusionFromTable(rows, values);
  if (!m.ok) throw new Error(m.error.message);
  return m.value;
}

function value<T>(s: Statistic<T>): T {
  if (!s.defined) throw new Error(`expected a defined statistic, got ${s.reason}: ${s.message}`);
  return s.value;
}

function z(k: KappaEstimate): number {
  return value(k.z);
}

// R irr's `anxiety` data (20 subjects × 3 raters), as reproduced in statsmodels'
// statsmodels/stats/tests/test_inter_rater.py (column-major there: rater1, rater2, rater3).
const ANXIETY = [
  3, 3, 3, 4, 5, 5, 2, 3, 5, 2, 2, 6, 1, 5, 2, 2, 1, 2, 4, 3, 3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4, 2, 1, 4, 4, 3, 2, 1,
  6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2,
];
const anxietyRows = Array.from({ length: 20 }, (_, i) => [ANXIETY[i]!, ANXIETY[20 + i]!, ANXIETY[40 + i]!]);

describe('SAS PROC FREQ AGREE output, as reproduced in statsmodels test_inter_rater.py (table10)', () => {
  // statsmodels/stats/tests/test_inter_rater.py, classes UnweightedCohens and TestWeightedCohens:
  // "comparison to printout of a SAS example", table10 = [[0,4,1],[0,8,0],[0,1,5]], scores 0, 1, 2.
  const m = table(
    [
      [0, 4, 1],
      [0, 8, 0],
      [0, 1, 5],
    ],
    [0, 1, 2],
  );

  it('Simple Kappa Coefficient: 0.4842, ASE 0.1380, CI 0.2137–0.7547, ASE under H0 0.1484, Z 3.2626', () => {
    const k = value(cohenKappa(m));
    expect(k.kappa).toBeCloseTo(0.4842, 4);
    expect(k.se).toBeCloseTo(0.138, 4);
    expect(k.ci95[0]).toBeCloseTo(0.2137, 4);
    expect(k.ci95[1]).toBeCloseTo(0.7547, 4);
    expect(k.clipped).toBe(false);
    expect(k.se0).toBeCloseTo(0.1484, 4);
    expect(z(k)).toBeCloseTo(3.2626, 4);
  });

  it('Weighted Kappa Coefficient (Cicchetti–Allison): 0.4701, ASE 0.1457, CI 0.1845–0.7558, ASE under H0 0.1426, Z 3.2971', () => {
    const k = value(weightedKappa(m, 'linear'));
    expect(k.kappa).toBeCloseTo(0.4701, 4);
    expect(k.se).toBeCloseTo(0.1457, 4);
    expect(k.ci95[0]).toBeCloseTo(0.1845, 4);
    expect(k.ci95[1]).toBeCloseTo(0.7558, 4);
    expect(k.se0).toBeCloseTo(0.1426, 4);
    expect(z(k)).toBeCloseTo(3.2971, 4);
  });
});

describe('vcd::Kappa(SexualFun), printed in the vcdExtra print.Kappa documentation', () => {
  // SexualFun (Agresti; Friendly 2000 p. 91), husband (rows) × wife (columns), categories 1–4.
  // Printed:  Unweighted 0.1293 ASE 0.06860 z 1.885  lower -0.00512 upper 0.2638
  //           Weighted   0.2374 ASE 0.07832 z 3.031  lower  0.08388 upper 0.3909
  // vcd's "Weighted" uses Equal-Spacing weights 1 − |i − j|/(k − 1) (linear), and z = value / ASE.
  const m = table([
    [7, 7, 2, 3],
    [2, 8, 3, 7],
    [1, 5, 4, 9],
    [2, 8, 9, 14],
  ]);

  it('unweighted', () => {
    const k = value(cohenKappa(m));
    expect(k.kappa).toBeCloseTo(0.1293, 4);
    expect(k.se).toBeCloseTo(0.0686, 5);
    expect(k.kappa / k.se).toBeCloseTo(1.885, 3);
    expect(k.ci95[0]).toBeCloseTo(-0.00512, 5);
    expect(k.ci95[1]).toBeCloseTo(0.2638, 4);
  });

  it('weighted (Equal-Spacing = linear)', () => {
    const k = value(weightedKappa(m, 'linear'));
    expect(k.kappa).toBeCloseTo(0.2374, 4);
    expect(k.se).toBeCloseTo(0.07832, 5);
    expect(k.kappa / k.se).toBeCloseTo(3.031, 3);
    expect(k.ci95[0]).toBeCloseTo(0.08388, 5);
    expect(k.ci95[1]).toBeCloseTo(0.3909, 4);
  });
});

describe('R irr::kappa2 (z uses the SE under H0, Fleiss, Cohen & Everitt 1969)', () => {
  it('anxiety raters 2 and 3, as printed in statsmodels test_cohens_kappa_irr (irr drops the unused level 5)', () => {
    // Printed: unweighted -0.006289308 z -0.0604067; "equal" 0.1459075 z 1.282472;
    // "squared" 0.2520325 z 1.437451. Raters 2 and 3 use 1, 2, 3, 4 and 6 but never 5, and irr
    // builds its table from the levels that occur, spaced equally: our 'observed' mode.
    const pairs = anxietyRows.map((r) => [r[1]!, r[2]!] as const);
    const observed = reliabilityReport(pairs, { min: 1, max: 6, step: 1 }, { categories: 'observed' });
    if (!observed.ok) throw new Error(observed.error.message);
    const { unweighted, linear, quadratic } = observed.value.kappa;
    expect(value(unweighted).kappa).toBeCloseTo(-0.006289308, 8);
    expect(z(value(unweighted))).toBeCloseTo(-0.0604067, 6);
    expect(value(linear).kappa).toBeCloseTo(0.1459075, 7);
    expect(z(value(linear))).toBeCloseTo(1.282472, 6);
    expect(value(quadratic).kappa).toBeCloseTo(0.2520325, 7);
    expect(z(value(quadratic))).toBeCloseTo(1.437451, 6);

    // Over the full 1–6 scale the unused 5 keeps 6 one step further from 4: the weighted kappas
    // move, the unweighted one does not.
    const full = reliabilityReport(pairs, { min: 1, max: 6, step: 1 });
    if (!full.ok) throw new Error(full.error.message);
    expect(value(full.value.kappa.unweighted).kappa).toBeCloseTo(-0.006289308, 8);
    expect(Math.abs(value(full.value.kappa.linear).kappa - 0.1459075)).toBeGreaterThan(0.01);
    expect(Math.abs(value(full.value.kappa.quadratic).kappa - 0.2520325)).toBeGreaterThan(0.01);
  });

  it('Fleiss, Cohen & Everitt style 3-category table: Kappa = 0.429, z = 5.46 (dwoll/RExRepos md/interRaterICC.md)', () => {
    const k = value(
      cohenKappa(
        table([
          [53, 5, 2],
          [11, 14, 5],
          [1, 6, 3],
        ]),
      ),
    );
    expect(k.kappa).toBeCloseTo(0.429, 3);
    expect(z(k)).toBeCloseTo(5.46, 2);
  });

  it('6 ordered categories, weight = "equal": Kappa = 0.316, z = 5.38 (dwoll/RExRepos md/interRaterICC.md)', () => {
    const m = table([
      [5, 8, 1, 2, 4, 2],
      [3, 5, 3, 5, 5, 0],
      [1, 2, 6, 11, 2, 1],
      [0, 1, 5, 4, 3, 3],
      [0, 0, 1, 2, 5, 2],
      [0, 0, 1, 2, 1, 4],
    ]);
    const k = value(weightedKappa(m, 'linear'));
    expect(k.kappa).toBeCloseTo(0.316, 3);
    expect(z(k)).toBeCloseTo(5.38, 2);
    // Every category is used, so the observed table is the same table.
    expect(value(weightedKappa(observedCategories(m), 'linear')).kappa).toBeCloseTo(k.kappa, 12);
  });
});

describe('Cohen (1968) via the psych::cohen.kappa documentation', () => {
  // psych's example: proportions from Cohen (1968) with n.obs = 200 and disagreement weights
  // v = [[0,1,3],[1,0,6],[3,6,0]]; "#cohen reports .492 and .348".
  const m = table([
    [88, 14, 18],
    [10, 40, 10],
    [2, 6, 12],
  ]);

  it('unweighted .492 and weighted .348', () => {
    expect(value(cohenKappa(m)).kappa).toBeCloseTo(0.492, 3);
    const v = [
      [0, 1, 3],
      [1, 0, 6],
      [3, 6, 0],
    ];
    expect(value(kappaWithWeights(m, weightsFromDisagreement(v))).kappa).toBeCloseTo(0.348, 3);
  });
});

describe("Gwet's AC1/AC2 on cont3x3abstractors (Gwet 2014)", () => {
  // kgwet/irrCAC README.md: gwet.ac1.table(cont3x3abstractors) coeff.val 0.8493305 and
  // krippen2.table(...) 0.7972585. AC2 with linear 0.900 and quadratic 0.940 weights: the irrCAC
  // Python port's test suite, afergadis/irrCAC test/unit/irrCAC/table/test_gwet.py (3 decimals).
  const m = table([
    [13, 0, 0],
    [0, 20, 7],
    [0, 4, 56],
  ]);

  it('AC1 = 0.8493305, AC2 linear 0.900, quadratic 0.940', () => {
    expect(value(gwetAC(m, 'unweighted'))).toBeCloseTo(0.8493305, 7);
    expect(value(gwetAC(m, 'linear'))).toBeCloseTo(0.9, 3);
    expect(value(gwetAC(m, 'quadratic'))).toBeCloseTo(0.94, 3);
  });

  it("Krippendorff's alpha (nominal, two raters) = 0.7972585", () => {
    expect(value(alphaFromConfusion(m, 'nominal'))).toBeCloseTo(0.7972585, 7);
  });

  it('cont4x4diagnosis: AC1 0.456, AC2 linear 0.377, quadratic 0.299 (afergadis/irrCAC test_gwet.py)', () => {
    const d = table([
      [40, 4, 4, 17],
      [6, 25, 2, 13],
      [4, 1, 21, 12],
      [15, 5, 9, 45],
    ]);
    expect(value(gwetAC(d, 'unweighted'))).toBeCloseTo(0.456, 3);
    expect(value(gwetAC(d, 'linear'))).toBeCloseTo(0.377, 3);
    expect(value(gwetAC(d, 'quadratic'))).toBeCloseTo(0.299, 3);
  });
});

describe('ICCs on Shrout & Fleiss (1979) Table 2 (6 targets × 4 judges)', () => {
  // psych::ICC output printed in dwoll/RExRepos md/interRaterICC.md:
  //   Single_random_raters ICC2 0.29 F 11.0 df 5, 15, lower 0.019, upper 0.76
  //   Single_fixed_raters  ICC3 0.71 F 11.0 df 5, 15, lower 0.342, upper 0.95
  // DescTools::ICC on the same data prints ICC2 0.290, ICC3 0.715, F-val 11.03.
  const sf = [
    [9, 2, 5, 8],
    [6, 1, 3, 2],
    [8, 4, 6, 8],
    [7, 1, 2, 6],
    [10, 5, 6, 9],
    [6, 2, 4, 7],
  ];
  const anova = anovaFromRatings(sf);

  it('F = BMS / EMS = 11.03', () => {
    const a = value(anova);
    expect(a.bms / a.ems).toBeCloseTo(11.03, 2);
  });

  it('ICC(2,1) = 0.290 with 95% CI 0.019–0.76', () => {
    const icc = value(icc21(anova));
    expect(icc.value).toBeCloseTo(0.29, 3);
    const [lo, hi] = value(icc.ci95);
    expect(lo).toBeCloseTo(0.019, 3);
    expect(hi).toBeCloseTo(0.76, 2);
  });

  it('ICC(3,1) = 0.715 with 95% CI 0.342–0.95', () => {
    const icc = value(icc31(anova));
    expect(icc.value).toBeCloseTo(0.715, 3);
    const [lo, hi] = value(icc.ci95);
    expect(lo).toBeCloseTo(0.342, 3);
    expect(hi).toBeCloseTo(0.95, 2);
  });
});

describe('irr::icc(anxiety, model = "twoway", type = "agreement") = ICC(2,1)', () => {
  // irr's documented example on its anxiety data; the printed output (as shown in a public R
  // tutorial's "Qualitative Research" chapter) reads "ICC(A,1) = 0.198 … F(19,39.7) = 1.83 …
  // 95%-Confidence Interval for ICC Population Values: -0.039 < ICC < 0.494".
  it('0.198 with 95% CI −0.039 to 0.494', () => {
    const icc = value(icc21(anovaFromRatings(anxietyRows)));
    expect(icc.value).toBeCloseTo(0.198, 3);
    const [lo, hi] = value(icc.ci95);
    expect(lo).toBeCloseTo(-0.039, 3);
    expect(hi).toBeCloseTo(0.494, 3);
  });
});

describe("Krippendorff's alpha on Krippendorff's (2011) reliability data (4 observers, 12 units, missing values)", () => {
  // The data are also irrCAC's cac.raw4raters (Gwet 2014, p. 120). Printed values: irr::kripp.alpha
  // nominal 0.743, ordinal 0.815, interval 0.849, ratio 0.797; irrCAC README
  // krippen.alpha.raw(cac.raw4raters) 0.74342; fast-krippendorff tests/test_krippendorff.py
  // ordinal 0.815 and ratio 0.797.
  const units: (number | null)[][] = [
    [1, 1, null, 1],
    [2, 2, 3, 2],
    [3, 3, 3, 3],
    [3, 3, 3, 3],
    [2, 2, 2, 2],
    [1, 2, 3, 4],
    [4, 4, 4, 4],
    [1, 1, 2, 1],
    [2, 2, 2, 2],
    [null, 5, 5, 5],
    [null, null, 1, 1],
    [null, null, 3, null],
  ];

  it('nominal 0.743 (0.74342), ordinal 0.815, interval 0.849, ratio 0.797', () => {
    expect(value(krippendorffAlpha(units, 'nominal'))).toBeCloseTo(0.74342, 5);
    expect(value(krippendorffAlpha(units, 'ordinal'))).toBeCloseTo(0.815, 3);
    expect(value(krippendorffAlpha(units, 'interval'))).toBeCloseTo(0.849, 3);
    expect(value(krippendorffAlpha(units, 'ratio'))).toBeCloseTo(0.797, 3);
  });

  it("Wikipedia's example (3 coders, 15 units): nominal 0.691358, interval 0.810845 (fast-krippendorff tests)", () => {
    const byCoder: (number | null)[][] = [
      [null, null, null, null, null, 3, 4, 1, 2, 1, 1, 3, 3, null, 3],
      [1, null, 2, 1, 3, 3, 4, 3, null, null, null, null, null, null, null],
      [null, null, 2, 1, 3, 4, 4, null, 2, 1, 1, 3, 3, null, 4],
    ];
    const wiki = byCoder[0]!.map((_, u) => byCoder.map((coder) => coder[u]!));
    expect(value(krippendorffAlpha(wiki, 'nominal'))).toBeCloseTo(0.691358, 6);
    expect(value(krippendorffAlpha(wiki, 'interval'))).toBeCloseTo(0.810845, 6);
  });
});
