// The reliability report as CSV. Long format, one statistic per row, so the columns never change
// when a statistic is added: RELIABILITY_CSV_COLUMNS and the statistic names below are a published
// interface (add rows, never rename). An undefined statistic has an empty estimate and its reason.
import { tidy } from '../blandAltman';
import type { KappaResult, PairReport, Statistic } from '../../../common/contract';
import { toCsv, type Cell } from '../../csv';
import { markersCell } from '../../coding/markers';

export const RELIABILITY_CSV_COLUMNS = [
  'dimension',
  'rater_a',
  'rater_b',
  'clips',
  'range_from',
  'range_to',
  'statistic',
  'parameter',
  'n',
  'estimate',
  'se',
  'ci95_low',
  'ci95_high',
  'ci_clipped',
  'se0',
  'z',
  'period_start',
  'period_end',
  'result',
  'undefined_reason',
] as const;

type Row = Partial<Record<(typeof RELIABILITY_CSV_COLUMNS)[number], Cell>>;

function kappaRow(statistic: string, k: KappaResult, extra: Row = {}): Row {
  if (!k.defined) return { statistic, undefined_reason: k.reason, ...extra };
  const e = k.value;
  return {
    statistic,
    n: e.n,
    estimate: e.kappa,
    se: e.se,
    ci95_low: e.ci95[0],
    ci95_high: e.ci95[1],
    ci_clipped: e.clipped,
    se0: e.se0,
    z: e.z.defined ? e.z.value : null,
    ...(e.z.defined ? {} : { undefined_reason: `z: ${e.z.reason}` }),
    ...extra,
  };
}

function scalarRow(statistic: string, s: Statistic<number>, n: number): Row {
  return s.defined ? { statistic, n, estimate: s.value } : { statistic, n, undefined_reason: s.reason };
}

function intervalRow(statistic: string, s: Statistic<number>, ci: Statistic<readonly [number, number]>, n: number): Row {
  if (!s.defined) return { statistic, n, undefined_reason: s.reason };
  return ci.defined
    ? { statistic, n, estimate: s.value, ci95_low: ci.value[0], ci95_high: ci.value[1] }
    : { statistic, n, estimate: s.value, undefined_reason: `ci95: ${ci.reason}` };
}

/** Every statistic of the report, one per row. */
export function reliabilityCsv(report: PairReport): string {
  const s = report.statistics;
  const n = report.n;
  const period = { period_start: report.period?.first ?? null, period_end: report.period?.last ?? null };
  const rows: Row[] = [
    { statistic: 'pairs', n, estimate: n, ...period },
    { statistic: 'excluded_unscorable', estimate: report.exclusions.unscorable },
    { statistic: 'excluded_missing_score', estimate: report.exclusions.missingScore },
    { statistic: 'pending_clips', estimate: report.exclusions.pending },
    scalarRow('agreement_exact', s.agreement.exact, n),
    scalarRow('agreement_within_half', s.agreement.withinHalf, n),
    scalarRow('agreement_within_one', s.agreement.withinOne, n),
    kappaRow('kappa_unweighted', s.kappa.unweighted, period),
    kappaRow('kappa_linear', s.kappa.linear, period),
    kappaRow('kappa_quadratic', s.kappa.quadratic, period),
    ...s.cutoffs.map((c) => kappaRow('kappa_cutoff', c.kappa, { parameter: c.cutoff })),
  ];
  for (const [name, icc] of [
    ['icc_2_1', s.icc21],
    ['icc_3_1', s.icc31],
  ] as const) {
    if (!icc.defined) rows.push({ statistic: name, n, undefined_reason: icc.reason });
    else rows.push(intervalRow(name, { defined: true, value: icc.value.value }, icc.value.ci95, n));
  }
  rows.push(
    scalarRow('alpha_ordinal', s.alphaOrdinal, n),
    scalarRow('alpha_interval', s.alphaInterval, n),
    scalarRow('ac1', s.ac1, n),
    scalarRow('ac2_linear', s.ac2Linear, n),
    scalarRow('ac2_quadratic', s.ac2Quadratic, n),
  );
  const ba = report.blandAltman;
  rows.push(
    intervalRow('bland_altman_bias', ba.bias, ba.biasCi95, n),
    scalarRow('bland_altman_sd', ba.sd, n),
    intervalRow('bland_altman_lower_limit', ba.lower, ba.lowerCi95, n),
    intervalRow('bland_altman_upper_limit', ba.upper, ba.upperCi95, n),
  );
  const v = report.verdict;
  rows.push({
    statistic: 'verdict',
    parameter: `${v.criterion.weights} ${v.criterion.basis} >= ${v.criterion.threshold}; min ${v.criterion.minPairs} pairs`,
    n,
    estimate: v.compared,
    result: v.outcome,
  });
  for (const b of report.drift) {
    rows.push(
      kappaRow(`drift_kappa_${v.criterion.weights}`, b.kappa, {
        parameter: b.index,
        n: b.n,
        period_start: b.from,
        period_end: b.to,
        result: b.meetsThreshold === null ? 'undefined' : b.meetsThreshold ? 'meets_threshold' : 'below_threshold',
      }),
    );
  }
  const context = {
    dimension: report.dimension.id,
    rater_a: report.raterA,
    rater_b: report.raterB,
    clips: report.clipKind,
    range_from: report.range.from,
    range_to: report.range.to,
  };
  return toCsv(
    RELIABILITY_CSV_COLUMNS,
    rows.map((r) => RELIABILITY_CSV_COLUMNS.map((c) => ({ ...context, ...r })[c] ?? null)),
  );
}

export const PAIRS_CSV_COLUMNS = [
  'clip',
  'dimension',
  'score_a',
  'score_b',
  'difference',
  'mean',
  'at',
  'version_a',
  'version_b',
  'note_a',
  'note_b',
  'overall_note_a',
  'overall_note_b',
  'markers_a',
  'markers_b',
  'consensus_score',
  'consensus_version',
  'consensus_reason',
] as const;

/** Every pair used, in time order, with both raters' notes (for the reliability lead only). */
export function reliabilityPairsCsv(report: PairReport): string {
  return toCsv(
    PAIRS_CSV_COLUMNS,
    report.pairs.map((p) => [
      p.clip,
      report.dimension.id,
      p.a.score,
      p.b.score,
      tidy(p.a.score - p.b.score),
      tidy((p.a.score + p.b.score) / 2),
      p.at,
      p.a.version,
      p.b.version,
      p.a.note,
      p.b.note,
      p.a.overallNote,
      p.b.overallNote,
      markersCell(p.a.markers),
      markersCell(p.b.markers),
      p.consensus?.score ?? null,
      p.consensus?.version ?? null,
      p.consensus?.reason ?? null,
    ]),
  );
}
