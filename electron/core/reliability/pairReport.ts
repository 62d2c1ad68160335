// Everything a reliability lead sees for two raters on one dimension, assembled from their paired
// scores: every statistic with its CI (report.ts), the confusion matrix for a heatmap, Bland–Altman,
// the disagreements to re-watch, the pass/fail verdict and drift. Pure: the study layer
// (study/pairs.ts) loads the pairs; this file only computes, so it is tested without a database.
//
// Nothing here may carry allocation: clips are known by their opaque codes, times are submission
// times (when a coder pressed Submit), never recording dates.
import type { DimensionScale, PairExclusions, PairedScores, PairReport, ReliabilityCriterion, Scale } from '../../common/contract';
import type { Result } from '../../common/result';
import { ok } from '../../common/result';
import { blandAltman, tidy } from './blandAltman';
import { buildConfusionMatrix } from './confusion';
import { judgeReport } from './criterion';
import { kappaDrift, planDrift } from './drift';
import { reportFromConfusion } from './report';

// The views are the boundary's (electron/common/contract/reliability/pairReport.ts).
export type { DimensionScale, PairedScores, PairReport };

export interface PairReportInput {
  readonly dimension: DimensionScale;
  readonly raterA: string;
  readonly raterB: string;
  readonly clipKind: 'outcome' | 'training';
  readonly range: { readonly from: string | null; readonly to: string | null };
  readonly pairs: readonly PairedScores[];
  readonly exclusions: PairExclusions;
  readonly criterion: ReliabilityCriterion;
  /** The study's drift batches; the report sizes them to the data (drift.ts, planDrift). */
  readonly drift: { readonly batchSize: number; readonly step: number };
  readonly disagreementSize: number;
  readonly generatedAt: string;
}

/** Cut-offs for dichotomised kappa: every category boundary above the scale's minimum (e.g. 5.5). */
export function dimensionCutoffs(d: DimensionScale): number[] {
  return d.categories.map((c) => c.from).filter((from) => from > d.min);
}

const byTime = (x: PairedScores, y: PairedScores): number =>
  x.at < y.at ? -1 : x.at > y.at ? 1 : x.clip < y.clip ? -1 : x.clip > y.clip ? 1 : 0;

/** Slack for comparing differences of scale values (exact to ~1e-12). */
const SLACK = 1e-9;

export function buildPairReport(input: PairReportInput): Result<PairReport> {
  const scale: Scale = { min: input.dimension.min, max: input.dimension.max, step: input.dimension.step };
  const pairs = [...input.pairs].sort(byTime);
  const matrix = buildConfusionMatrix(
    pairs.map((p) => [p.a.score, p.b.score] as const),
    scale,
  );
  if (!matrix.ok) return matrix;
  const statistics = reportFromConfusion(matrix.value, { cutoffs: dimensionCutoffs(input.dimension) });
  if (!statistics.ok) return statistics;
  const plan = planDrift(pairs.length, input.drift.batchSize, input.drift.step);
  const drift = kappaDrift(
    pairs.map((p) => ({ a: p.a.score, b: p.b.score, at: p.at, label: p.clip })),
    scale,
    { batchSize: plan.batchSize, step: plan.step, weights: input.criterion.weights, threshold: input.criterion.threshold },
  );
  if (!drift.ok) return drift;

  const { k, counts, values } = matrix.value;
  const rows: number[][] = [];
  let max = 0;
  for (let i = 0; i < k; i++) {
    const row: number[] = [];
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      row.push(c);
      if (c > max) max = c;
    }
    rows.push(row);
  }

  const disagreements = pairs
    .map((p) => ({ ...p, difference: tidy(p.a.score - p.b.score) }))
    .filter((p) => Math.abs(p.difference) >= input.disagreementSize - SLACK && Math.abs(p.difference) > SLACK)
    .sort((x, y) => Math.abs(y.difference) - Math.abs(x.difference) || (x.clip < y.clip ? -1 : x.clip > y.clip ? 1 : 0));

  return ok({
    dimension: input.dimension,
    raterA: input.raterA,
    raterB: input.raterB,
    clipKind: input.clipKind,
    range: input.range,
    generatedAt: input.generatedAt,
    n: pairs.length,
    exclusions: input.exclusions,
    period: pairs.length > 0 ? { first: pairs[0]!.at, last: pairs[pairs.length - 1]!.at } : null,
    statistics: statistics.value,
    confusion: { values, counts: rows, max },
    blandAltman: blandAltman(pairs.map((p) => ({ label: p.clip, a: p.a.score, b: p.b.score }))),
    disagreementSize: input.disagreementSize,
    disagreements,
    verdict: judgeReport(statistics.value, input.criterion),
    drift: drift.value,
    driftOptions: { batchSize: plan.batchSize, step: plan.step },
    driftNote: plan.note,
    pairs,
  });
}
