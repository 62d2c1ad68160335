// The analysis report as a view: formatted tables and figures with their text alternatives, the
// one shape both the manager's screen and the printed PDF show, so numbers are rounded in one place
// (the conventions of ./text). Pure: report in, view out.
import { transitionsPlotSvg, upperCategoryPlotSvg } from './plots';
import type {
  AnalysisReport,
  AnalysisView,
  ArmOutcomeJson,
  EstimateJson,
  ReportFigureView,
  ReportSectionView,
  ReportTableView,
  UndefinedJson,
} from '../../common/contract';
import { timepointLabel } from './timepoints';
import { blindingExceptionsText, rateText, reliabilityOverrideText, renderReportText, signed } from './text';

const isEstimate = <T extends EstimateJson>(e: T | UndefinedJson): e is T => e.value !== null;

function interval(lo: number, hi: number, digits: number): string {
  return lo < 0 || hi < 0 ? `${signed(lo, digits)} to ${signed(hi, digits)}` : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

function estimate(e: EstimateJson | UndefinedJson, digits = 2): string {
  return isEstimate(e) ? `${signed(e.value, digits)} (${interval(e.ci95[0], e.ci95[1], digits)})` : `not estimable: ${e.message}`;
}

function meanSd(a: ArmOutcomeJson, digits: number): string {
  if (a.mean === null) return '—';
  return `${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)} (n ${a.n})`;
}

function riskDifferenceText(d: AnalysisReport['outcomes'][number]['risk_difference']): string {
  return d.value === null ? `not estimable: ${d.message}` : `${signed(d.value * 100, 0)} (${interval(d.ci95[0] * 100, d.ci95[1] * 100, 0)})`;
}

/** One more decimal than the means get, so a 0–100 scale's adjusted difference keeps its tenths. */
export const adjustedDigits = (meanDigits: number) => (meanDigits === 0 ? 1 : 2);

function coefficientText(e: EstimateJson | UndefinedJson, digits: number): string {
  return isEstimate(e) ? `${signed(e.value, digits)} (${interval(e.ci95[0], e.ci95[1], digits)})` : `not estimable: ${e.message}`;
}

const where = (timepoint: string | null, task: string | null) => `${timepointLabel(timepoint)}${task ? ` · ${task}` : ''}`;
const svgDataUrl = (svg: string) => `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`;

function facts(r: AnalysisReport): AnalysisView['facts'] {
  const I = r.arms.intervention;
  const C = r.arms.control;
  const lock = r.lock
    ? `${r.lock.locked_at} by ${r.lock.locked_by}; ${
        r.lock.exceptions.length === 0
          ? 'every assigned rating submitted'
          : `${r.lock.exceptions.length} assignment(s) not submitted, confirmed as exceptions: ${r.lock.exceptions.map((e) => `${e.code} (${e.coder}, ${e.kind === 'session' ? 'fidelity audit' : e.purpose})`).join(', ')}`
      }`
    : 'not locked';
  return [
    { term: 'Data lock', detail: lock },
    ...(r.lock?.reliability_override ? [{ term: 'Reliability at the lock', detail: reliabilityOverrideText(r.lock.reliability_override) }] : []),
    { term: 'Unblinded', detail: `${r.unblinding.unblinded_at} by ${r.unblinding.unblinded_by}` },
    { term: 'Reason for unblinding', detail: r.unblinding.reason },
    { term: 'Sealed key commitment', detail: `${r.unblinding.commitment} (the opened key matched the seal)` },
    {
      term: 'Emergency unblindings before the lock',
      detail:
        r.emergency_unblindings.length === 0
          ? 'none'
          : r.emergency_unblindings.map((e) => `${e.code} on ${e.unblinded_at} by ${e.unblinded_by} ("${e.reason}")`).join('; '),
    },
    { term: 'Blinding checks at set-up', detail: blindingExceptionsText(r.blinding_exceptions) },
    {
      term: 'Arms',
      detail: `intervention = "${I}" (randomised ${r.randomised.intervention}), control = "${C}" (randomised ${r.randomised.control})${r.arms.excluded.length ? `; not compared: ${r.arms.excluded.join(', ')}` : ''}`,
    },
    { term: 'Timepoints', detail: `${r.timepoints.map(timepointLabel).join(' → ')} (baseline: ${timepointLabel(r.baseline)})` },
    { term: 'Scoring rule', detail: `${r.scoring_rule}${r.consensus_available ? '' : ' (This study has no consensus scores.)'}` },
    { term: 'Comparisons', detail: r.comparison },
  ];
}

function completionSection(r: AnalysisReport): ReportSectionView {
  return {
    id: 'completion',
    heading: 'Completion',
    tables: [
      {
        caption: 'Participants with a recording, of those randomised',
        columns: ['Timepoint', r.arms.intervention, r.arms.control],
        rows: r.completion.map((c) => [timepointLabel(c.timepoint), rateText(c.intervention), rateText(c.control)]),
        notes: ['Proportions with Clopper–Pearson exact 95% confidence intervals.'],
      },
    ],
    figures: [],
  };
}

function dimensionSection(r: AnalysisReport, dimension: string): ReportSectionView {
  const I = r.arms.intervention;
  const C = r.arms.control;
  const rows = r.outcomes.filter((o) => o.dimension === dimension);
  const first = rows[0]!;
  const upper = `${first.upper_category.label} (score ≥ ${first.upper_category.from})`;
  const digits = rows.some((o) => [o.intervention.mean, o.control.mean].some((m) => m !== null && Math.abs(m) >= 20)) ? 0 : 2;
  const tables: ReportTableView[] = [
    {
      caption: `${first.label}: ${upper} by arm`,
      columns: [
        'Timepoint',
        `n ${I}`,
        `n ${C}`,
        `${first.upper_category.label}: ${I}`,
        `${first.upper_category.label}: ${C}`,
        'Risk ratio (95% CI)',
        'Risk difference, % points (95% CI, Newcombe hybrid score)',
        'Wald 95% CI, for comparison',
      ],
      rows: rows.map((o) => [
        where(o.timepoint, o.task),
        String(o.intervention.n),
        String(o.control.n),
        rateText(o.intervention.upper),
        rateText(o.control.upper),
        estimate(o.risk_ratio),
        riskDifferenceText(o.risk_difference),
        isEstimate(o.difference) ? interval(o.difference.ci95[0] * 100, o.difference.ci95[1] * 100, 0) : `not estimable: ${o.difference.message}`,
      ]),
      notes: [
        'n (%) with Clopper–Pearson exact 95% CI. Risk ratio: intervention over control, 95% CI by the log (Katz) method. Risk difference: intervention minus control, 95% CI by the hybrid score method (Newcombe 1998, method 10, from Wilson score intervals); the Wald interval (Newcombe 1998, method 1) is shown for comparison only: it is too narrow in small arms.',
      ],
    },
    {
      caption: `${first.label}: mean ± SD by arm`,
      columns: ['Timepoint', `${I}: mean ± SD`, `${C}: mean ± SD`, "Hedges' g (95% CI)"],
      rows: rows.map((o) => [where(o.timepoint, o.task), meanSd(o.intervention, digits), meanSd(o.control, digits), estimate(o.hedges_g)]),
      notes: ["Hedges' g: intervention minus control, with the small-sample correction J = 1 − 3/(4(n₁+n₂) − 9)."],
    },
  ];
  const adjusted = r.adjusted_differences.filter((a) => a.dimension === dimension);
  if (adjusted.length > 0) {
    const ad = adjustedDigits(digits);
    tables.push({
      caption: `${first.label}: arm difference adjusted for ${timepointLabel(r.baseline)} (ANCOVA)`,
      columns: ['Timepoint', `n (${I} / ${C})`, 'Adjusted difference (95% CI)', 'SE (df)', 'Unadjusted difference, same participants (95% CI)', 'Left out: no baseline / no follow-up'],
      rows: adjusted.map((a) => [
        where(a.timepoint, a.task),
        `${a.n} (${a.n_intervention} / ${a.n_control})`,
        coefficientText(a.adjusted, ad),
        isEstimate(a.adjusted) ? `${a.adjusted.se.toFixed(ad + 1)} (${a.adjusted.df} df)` : '—',
        coefficientText(a.unadjusted, ad),
        `${a.missing_baseline} / ${a.missing_follow_up}`,
      ]),
      notes: [
        `Intervention minus control. Adjusted: the arm coefficient of follow-up ~ arm + baseline (ordinary least squares), t-based 95% CI on n − 3 df. Unadjusted: the difference in means of the same participants, pooled-SD t-based 95% CI on n − 2 df.`,
        r.complete_case_rule,
      ],
    });
  }
  const changes = r.change_from_baseline.filter((c) => c.dimension === dimension);
  if (changes.length > 0) {
    const arm = (a: (typeof changes)[number]['intervention']) =>
      a.mean === null ? `n ${a.n}` : `${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)} (n ${a.n})${a.ci95 ? `; 95% CI ${interval(a.ci95[0], a.ci95[1], digits)}` : ''}`;
    tables.push({
      caption: `${first.label}: change from ${timepointLabel(r.baseline)}`,
      columns: ['Change', `${I}: mean ± SD`, `${C}: mean ± SD`],
      rows: changes.map((c) => [`${timepointLabel(c.from)} → ${where(c.to, c.task)}`, arm(c.intervention), arm(c.control)]),
      notes: ['Paired by participant; t-based 95% CI of the mean change.'],
    });
  }
  const transitions = r.transitions.filter((t) => t.dimension === dimension);
  if (transitions.length > 0) {
    const arm = (a: (typeof transitions)[number]['intervention']) => `${a.improved} / ${a.stayed} / ${a.declined} (n ${a.n})`;
    tables.push({
      caption: `${first.label}: transitions between categories`,
      columns: ['Between', `${I}: improved / stayed / declined`, `${C}: improved / stayed / declined`],
      rows: transitions.map((t) => [`${timepointLabel(t.from)} → ${where(t.to, t.task)}`, arm(t.intervention), arm(t.control)]),
      notes: ['A participant improved or declined when their category changed between the two timepoints.'],
    });
  }
  const figures: ReportFigureView[] = [];
  for (const task of r.tasks) {
    const suffix = task ? ` · ${task}` : '';
    const cells = rows.filter((o) => o.task === task);
    figures.push({
      file: `${dimension}${task ? `_${task}` : ''}_upper_category.svg`,
      title: `${first.label}: % ${first.upper_category.label} by arm across timepoints${suffix}`,
      dataUrl: svgDataUrl(upperCategoryPlotSvg(r, dimension, task)),
      description: cells.map((o) => `${timepointLabel(o.timepoint)}: ${I} ${rateText(o.intervention.upper)}; ${C} ${rateText(o.control.upper)}`),
    });
    const moves = transitions.filter((t) => t.task === task);
    figures.push({
      file: `${dimension}${task ? `_${task}` : ''}_transitions.svg`,
      title: `${first.label}: transitions between timepoints${suffix}`,
      dataUrl: svgDataUrl(transitionsPlotSvg(r, dimension, task)),
      description:
        moves.length === 0
          ? ['Only one timepoint: no transitions.']
          : moves.flatMap((t) =>
              (['intervention', 'control'] as const).map((k) => {
                const a = t[k];
                return `${timepointLabel(t.from)} → ${timepointLabel(t.to)}, ${k === 'intervention' ? I : C}: improved ${a.improved}, stayed ${a.stayed}, declined ${a.declined} of ${a.n}`;
              }),
            ),
    });
  }
  return { id: `dimension-${dimension}`, heading: `${first.label} [${dimension}]`, tables, figures };
}

function blindingSection(r: AnalysisReport): ReportSectionView {
  const b = r.blinding;
  const I = r.arms.intervention;
  const C = r.arms.control;
  if (b.guesses === 0) {
    return {
      id: 'blinding',
      heading: 'Blinding',
      tables: [{ caption: "Coders' guesses of the arm", columns: ['Guesses'], rows: [['No guesses were recorded (the study did not ask, or no coder answered).']], notes: [] }],
      figures: [],
    };
  }
  const row = (arm: 'intervention' | 'control') => [arm === 'intervention' ? I : C, String(b.table[arm].intervention), String(b.table[arm].control), String(b.table[arm].dont_know)];
  return {
    id: 'blinding',
    heading: 'Blinding',
    tables: [
      {
        caption: `Coders' guesses of the arm after submitting (${b.guesses} guesses), by the true arm`,
        columns: ['True arm', 'Guessed intervention', 'Guessed control', "Don't know"],
        rows: [row('intervention'), row('control')],
        notes: [],
      },
      {
        caption: 'Blinding indices',
        columns: ['Index', 'Estimate (95% CI)'],
        rows: [
          [`Bang's index, ${I}`, estimate(b.bang.intervention)],
          [`Bang's index, ${C}`, estimate(b.bang.control)],
          ["James' index, overall", estimate(b.james)],
          ['Timepoint guessed right', rateText(b.timepoint_correct)],
        ],
        notes: [
          "Bang et al. (2004), per arm: 0 random guessing, 1 all guesses correct, −1 all wrong. James et al. (1996), overall: 1 complete blinding, 0.5 random guessing, 0 complete unblinding; unblinding is suggested when the upper limit is below 0.5.",
        ],
      },
    ],
    figures: [],
  };
}

function methodsSection(r: AnalysisReport): ReportSectionView {
  const split = (m: string) => {
    const at = m.indexOf(': ');
    return at < 0 ? ['', m] : [m.slice(0, at), m.slice(at + 2)];
  };
  return {
    id: 'methods',
    heading: 'Methods',
    tables: [
      {
        caption: 'Statistical methods',
        columns: ['Statistic', 'Method'],
        rows: [...r.methods.map(split), ['Complete cases', r.complete_case_rule]],
        notes: [],
      },
    ],
    figures: [],
  };
}

export function analysisView(report: AnalysisReport): AnalysisView {
  const dimensions = [...new Set(report.outcomes.map((o) => o.dimension))];
  return {
    report,
    facts: facts(report),
    sections: [completionSection(report), ...dimensions.map((d) => dimensionSection(report, d)), blindingSection(report), methodsSection(report)],
    text: renderReportText(report),
  };
}

