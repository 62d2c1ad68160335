// The pure analysis report: the published check values from plain data, statistics that cannot be
// estimated reported as such (never NaN), the text a trial team reads, and the SVG figures.
import { describe, expect, it } from 'vitest';
import { analysisReport } from '../../../electron/common/contract';
import type { AnalysisInput, Observation } from '../../../electron/core/analysis';
import { analysisPlots, buildAnalysisReport, renderReportText, upperCategoryPlotSvg } from '../../../electron/core/analysis';
import { SCORING_RULE } from '../../../electron/core/closeout/scoring';
import { ARM_C, ARM_I, CLIPS, DIMENSIONS, PUBLISHED, TIMEPOINTS } from '../../integration/closeout/publishedTrial';

function input(observations: Observation[], overrides: Partial<AnalysisInput> = {}): AnalysisInput {
  return {
    study: 'Published trial',
    generatedAt: '2025-01-01T00:00:00.000Z',
    arms: { intervention: ARM_I, control: ARM_C },
    excludedArms: [],
    timepoints: [...TIMEPOINTS],
    tasks: [null],
    dimensions: DIMENSIONS,
    randomised: { intervention: 20, control: 20 },
    observations,
    guesses: [],
    scoringRule: SCORING_RULE,
    consensusAvailable: true,
    lock: { lockedAt: '2024-12-01T00:00:00.000Z', lockedBy: 'maria', exceptions: [] },
    unblinding: { unblindedAt: '2024-12-02T00:00:00.000Z', unblindedBy: 'maria', reason: 'Primary analysis', commitment: 'c'.repeat(64) },
    emergencies: [],
    ...overrides,
  };
}

const published: Observation[] = CLIPS.map((c, i) => ({
  code: `CODE-${i}`,
  participant: c.participant,
  arm: c.arm === ARM_I ? 'intervention' : 'control',
  timepoint: c.timepoint,
  task: null,
  coded: true,
  unscorable: c.scores === null,
  scores: c.scores ? { ...c.scores } : {},
  emergencyUnblinded: false,
}));

function walk(value: unknown, visit: (v: unknown, path: string) => void, path = '$'): void {
  visit(value, path);
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, visit, `${path}[${i}]`));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, visit, `${path}.${k}`);
}

describe('the analysis report', () => {
  const report = buildAnalysisReport(input(published));

  it('reproduces the published values', () => {
    const post = report.outcomes.find((o) => o.dimension === 'sensitivity' && o.timepoint === 'post')!;
    expect(post.risk_ratio).toMatchObject({ method: 'katz-log' });
    expect(post.risk_ratio.value).toBeCloseTo(1.9412, 4);
    const fu = report.outcomes.find((o) => o.dimension === 'quality' && o.timepoint === 'follow-up')!;
    expect(fu.hedges_g.value).toBeCloseTo(-0.6554, 4);
    const text = renderReportText(report);
    for (const value of Object.values(PUBLISHED)) expect(text).toContain(value);
    expect(text).toContain('67 ± 10 (19) vs 74 ± 11 (13)');
    expect(text).toContain('9/17 53% (28%–77%) vs 3/11 27% (6%–61%)');
  });

  // statsmodels 0.13.5 on the same trial rebuilt from publishedTrial.ts's formulas, complete cases:
  //   python3 tests/unit/analysis/reference/independent.py
  // smf.ols("follow ~ arm + baseline") (and "follow ~ arm" for the unadjusted difference), and
  // confint_proportions_2indep(9, 17, 3, 11, method="newcomb" / "wald", compare="diff").
  const STATSMODELS = {
    sensitivityPost: { n: 28, df: 25, arm: 0.8851557273470588, se: 0.46364546468382456, ci: [-0.06973998197849374, 1.8400514366726113], unadjusted: 0.8903743315508019, unadjustedCi: [-0.051348928101247915, 1.8320975912028516] },
    qualityFollowUp: { n: 32, df: 29, arm: -6.804269040627415, se: 3.82322620325393, ci: [-14.623644600100823, 1.0151065188459931], unadjusted: -6.999999999999994, unadjustedCi: [-14.653407432100465, 0.6534074321004768] },
    riskDifferencePost: { newcombe: [-0.10951758646315807, 0.5293989038250645], wald: [-0.09766567966776463, 0.6110346636249839] },
  } as const;

  it('adjusts the arm difference for baseline (ANCOVA) as statsmodels does, complete cases only', () => {
    for (const [dimension, timepoint, ref, left] of [
      ['sensitivity', 'post', STATSMODELS.sensitivityPost, { missing_baseline: 0, missing_follow_up: 12 }],
      ['quality', 'follow-up', STATSMODELS.qualityFollowUp, { missing_baseline: 0, missing_follow_up: 8 }],
    ] as const) {
      const a = report.adjusted_differences.find((x) => x.dimension === dimension && x.timepoint === timepoint)!;
      expect(a).toMatchObject({ baseline: 'pre', n: ref.n, ...left });
      if (a.adjusted.value === null || a.unadjusted.value === null) throw new Error('not estimated');
      expect(a.adjusted.df).toBe(ref.df);
      expect(a.adjusted.value).toBeCloseTo(ref.arm, 10);
      expect(a.adjusted.se).toBeCloseTo(ref.se, 10);
      expect(a.adjusted.ci95[0]).toBeCloseTo(ref.ci[0], 9);
      expect(a.adjusted.ci95[1]).toBeCloseTo(ref.ci[1], 9);
      expect(a.unadjusted.value).toBeCloseTo(ref.unadjusted, 10);
      expect(a.unadjusted.ci95[0]).toBeCloseTo(ref.unadjustedCi[0], 9);
      expect(a.unadjusted.ci95[1]).toBeCloseTo(ref.unadjustedCi[1], 9);
    }
    // No adjusted difference at the baseline itself; one per later timepoint and dimension.
    expect(report.adjusted_differences.map((a) => `${a.dimension}@${a.timepoint}`)).toEqual(['sensitivity@post', 'sensitivity@follow-up', 'quality@post', 'quality@follow-up']);
    const text = renderReportText(report);
    expect(text).toContain('Arm difference adjusted for pre (ANCOVA, follow-up ~ arm + baseline; complete cases; intervention minus control)');
    expect(text).toContain(`post: n 28 (${ARM_I} 17, ${ARM_C} 11; left out 0 without baseline, 12 without follow-up): adjusted 0.89 (\u22120.07 to 1.84; SE 0.464, 25 df); unadjusted 0.89 (\u22120.05 to 1.83; SE 0.458, 26 df)`);
    expect(text).toContain('adjusted \u22126.8 (\u221214.6 to 1.0; SE 3.82, 29 df)');
    expect(text).toContain(report.complete_case_rule);
  });

  it('gives risk differences with the Newcombe hybrid score interval, Wald beside it, and names both', () => {
    const post = report.outcomes.find((o) => o.dimension === 'sensitivity' && o.timepoint === 'post')!;
    if (post.risk_difference.value === null || post.difference.value === null) throw new Error('not estimated');
    expect(post.risk_difference.method).toBe('newcombe-hybrid-score');
    expect(post.risk_difference.value).toBeCloseTo(9 / 17 - 3 / 11, 14);
    expect(post.risk_difference.ci95[0]).toBeCloseTo(STATSMODELS.riskDifferencePost.newcombe[0], 12);
    expect(post.risk_difference.ci95[1]).toBeCloseTo(STATSMODELS.riskDifferencePost.newcombe[1], 12);
    expect(post.difference.ci95[0]).toBeCloseTo(STATSMODELS.riskDifferencePost.wald[0], 12);
    expect(post.difference.ci95[1]).toBeCloseTo(STATSMODELS.riskDifferencePost.wald[1], 12);
    const text = renderReportText(report);
    expect(text).toContain('risk difference 26 points (\u221211 to 53), Newcombe hybrid score; Wald \u221210 to 61, for comparison');
    expect(report.methods.join(' ')).toMatch(/hybrid score method from Wilson score intervals \(Newcombe 1998, method 10\)/);
    expect(text).toMatch(/Methods\n {2}Proportions: Clopper–Pearson/);
  });

  it('is plain JSON: no NaN, no Infinity, no undefined', () => {
    const json = JSON.parse(JSON.stringify(report)) as unknown;
    walk(report, (v, path) => {
      if (typeof v === 'number') expect(Number.isFinite(v), path).toBe(true);
      expect(v, path).not.toBeUndefined();
    });
    expect(json).toEqual(report);
  });

  it('reports a statistic the data cannot give, with its reason', () => {
    const zeroCell = published.map((o) =>
      o.timepoint === 'post' && o.arm === 'control' ? { ...o, scores: { sensitivity: 3, quality: 50 } } : o,
    );
    const r = buildAnalysisReport(input(zeroCell));
    const post = r.outcomes.find((o) => o.dimension === 'sensitivity' && o.timepoint === 'post')!;
    expect(post.risk_ratio).toMatchObject({ value: null, reason: 'zero-cell' });
    expect(post.difference.value).not.toBeNull();
    const text = renderReportText(r);
    expect(text).toMatch(/risk ratio not estimable: Group 2 has no events/);

    const empty = buildAnalysisReport(input([]));
    expect(empty.outcomes[0]).toMatchObject({ intervention: { n: 0, mean: null, sd: null, upper: { proportion: null, reason: 'no-observations' } } });
    expect(empty.blinding).toMatchObject({ guesses: 0, james: { value: null, reason: 'no-observations' } });
    expect(renderReportText(empty)).toMatch(/No guesses were recorded/);
    // What closeout.analysis sends passes its strict schema, undefined statistics included.
    for (const degenerate of [report, r, empty]) expect(analysisReport.safeParse(degenerate).success).toBe(true);
  });

  it('lists emergency unblindings and lock exceptions in the text', () => {
    const r = buildAnalysisReport(
      input(published, {
        emergencies: [{ code: 'ABCD-EFGH', unblindedAt: '2024-06-01T00:00:00.000Z', unblindedBy: 'maria', reason: 'Safeguarding concern' }],
        lock: { lockedAt: '2024-12-01T00:00:00.000Z', lockedBy: 'maria', exceptions: [{ code: 'WXYZ-2345', coder: 'cem', purpose: 'reliability', kind: 'outcome' }] },
      }),
    );
    const text = renderReportText(r);
    expect(text).toMatch(/Emergency unblindings before the lock \(1\): ABCD-EFGH on 2024-06-01.* by maria \("Safeguarding concern"\)/);
    expect(text).toMatch(/1 assignment\(s\) not submitted, confirmed as exceptions: WXYZ-2345 \(cem, reliability\)/);
  });

  it('prints the blinding-check differences accepted at set-up, with their reasons', () => {
    const none = renderReportText(buildAnalysisReport(input(published)));
    expect(none).toContain('Blinding checks at set-up: no difference accepted');
    const r = buildAnalysisReport(
      input(published, {
        blindingExceptions: [
          { check: 'picture', tells: ['timepoint'], reason: 'Each coder codes one timepoint only', recordedBy: 'maria', recordedAt: '2024-05-01T00:00:00.000Z' },
        ],
      }),
    );
    expect(r.blinding_exceptions).toEqual([{ check: 'picture', tells: ['timepoint'], reason: 'Each coder codes one timepoint only', recorded_by: 'maria', recorded_at: '2024-05-01T00:00:00.000Z' }]);
    expect(renderReportText(r)).toContain(
      'Blinding-check differences accepted at set-up (1): the picture differed by timepoint, accepted by maria on 2024-05-01T00:00:00.000Z ("Each coder codes one timepoint only")',
    );
    expect(analysisReport.safeParse(r).success).toBe(true);
  });

  it('computes change from baseline with a t interval', () => {
    const obs: Observation[] = ['p1', 'p2', 'p3'].flatMap((p, i) => [
      { ...published[0]!, participant: p, arm: 'intervention' as const, timepoint: 'pre', scores: { sensitivity: 3, quality: 50 } },
      { ...published[0]!, participant: p, arm: 'intervention' as const, timepoint: 'post', scores: { sensitivity: 3 + [1, 2, 3][i]!, quality: 50 } },
    ]);
    const r = buildAnalysisReport(input(obs, { timepoints: ['pre', 'post'] }));
    const change = r.change_from_baseline.find((c) => c.dimension === 'sensitivity')!;
    // Mean 2, SD 1, n 3: 2 ± t(0.975, 2) · 1/√3 = 2 ± 4.302653 · 0.577350.
    expect(change.intervention).toMatchObject({ n: 3, mean: 2, sd: 1 });
    expect(change.intervention.ci95![0]).toBeCloseTo(2 - 2.484138, 5);
    expect(change.intervention.ci95![1]).toBeCloseTo(2 + 2.484138, 5);
    expect(change.control).toEqual({ n: 0, mean: null, sd: null, ci95: null });
    const t = r.transitions.find((x) => x.dimension === 'sensitivity')!;
    expect(t.intervention).toEqual({ n: 3, improved: 1, stayed: 2, declined: 0 });
  });
});

describe('the figures', () => {
  const report = buildAnalysisReport(input(published));

  it('are one SVG per dimension and kind, with the numbers in titles', () => {
    const plots = analysisPlots(report);
    expect(plots.map((p) => p.file)).toEqual([
      'sensitivity_upper_category.svg',
      'sensitivity_transitions.svg',
      'quality_upper_category.svg',
      'quality_transitions.svg',
    ]);
    const svg = upperCategoryPlotSvg(report, 'sensitivity');
    expect(svg).toContain(`${ARM_I} at post: 9/17 = 53% (95% CI 28–77%)`);
    expect(svg.match(/<svg /g)).toHaveLength(1);
    expect(svg.trim().endsWith('</svg>')).toBe(true);
    const t = report.transitions.find((x) => x.dimension === 'sensitivity' && x.to === 'post')!;
    expect(plots[1]!.svg).toContain(`improved: ${t.intervention.improved} of ${t.intervention.n}`);
  });

  it('escape labels that come from the study', () => {
    const hostile = buildAnalysisReport(input(published, { arms: { intervention: '<script>alert(1)</script>', control: 'A & "B"' } }));
    for (const p of analysisPlots(hostile)) {
      expect(p.svg).not.toContain('<script>');
      expect(p.svg).toContain('&lt;script&gt;');
      expect(p.svg).toContain('A &amp; &quot;B&quot;');
    }
  });
});
