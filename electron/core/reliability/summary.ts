// The lead's overview, computed: one row per rater pair × dimension against the criterion, and the
// clip units of each coder's bias. Pure — the study layer (study/summary.ts) loads the scores.
import type { ReliabilityCriterion, Scale, SummaryRow } from '../../common/contract';
import type { BiasUnit } from './bias';
import { buildConfusionMatrix } from './confusion';
import { criterionKappa, judgeKappa } from './criterion';
import { weightedKappa } from './kappa';

export interface SummaryPairsInput {
  readonly a: string;
  readonly b: string;
  readonly gold: boolean;
  readonly dimension: { readonly id: string; readonly label: string } & Scale;
  readonly pairs: ReadonlyArray<{ readonly a: number; readonly b: number; readonly at: string }>;
  readonly pending: number;
  readonly criterion: ReliabilityCriterion;
}

export function summaryRow(input: SummaryPairsInput): SummaryRow {
  const { dimension, pairs, criterion } = input;
  const matrix = buildConfusionMatrix(
    pairs.map((p) => [p.a, p.b] as const),
    dimension,
  );
  // The scores come from submitted ratings on the study's own scale, which cannot change once rated.
  if (!matrix.ok) throw new Error(`Assertion failed: ${matrix.error.message}`);
  const kappa = weightedKappa(matrix.value, criterion.weights);
  const verdict = judgeKappa(kappa, pairs.length, criterion);
  const times = pairs.map((p) => p.at).sort();
  return {
    a: input.a,
    b: input.b,
    gold: input.gold,
    dimension: dimension.id,
    dimensionLabel: dimension.label,
    clipKind: input.gold ? 'training' : 'outcome',
    n: pairs.length,
    pending: input.pending,
    statistic: criterionKappa(kappa, pairs.length, criterion),
    outcome: verdict.outcome,
    verdict: verdict.message,
    period: times.length > 0 ? { first: times[0]!, last: times[times.length - 1]! } : null,
  };
}

/** One coder's latest scorable score per clip, as the bias needs it. */
export interface ClipScore {
  readonly clip: string;
  readonly coder: string;
  readonly score: number;
}

/** Coder X's clips that others also rated: X's score and the others' scores on each. */
export function coCoderUnits(scores: readonly ClipScore[], coder: string): BiasUnit[] {
  const byClip = new Map<string, ClipScore[]>();
  for (const s of scores) {
    const list = byClip.get(s.clip);
    if (list) list.push(s);
    else byClip.set(s.clip, [s]);
  }
  const units: BiasUnit[] = [];
  for (const [, list] of [...byClip.entries()].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))) {
    const own = list.find((s) => s.coder === coder);
    const others = list.filter((s) => s.coder !== coder).map((s) => s.score);
    if (own && others.length > 0) units.push({ score: own.score, others });
  }
  return units;
}
