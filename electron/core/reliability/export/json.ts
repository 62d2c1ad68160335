// The stable, snake_case JSON of a two-rater reliability report (`blindfold reliability-report
// --json`). Same conventions as the boundary's ReliabilityJson (electron/common/contract/reliability/
// json.ts, built by ../json.ts), which it embeds under `statistics`: add fields, never rename or remove them.
import type { KappaJson, PairReport, ReliabilityJson, Statistic, UndefinedStatisticJson } from '../../../common/contract';
import { kappaJson, reportToJson } from '../json';

type Maybe<T> = T | UndefinedStatisticJson;

function stat<T>(s: Statistic<T>): Maybe<T> {
  return s.defined ? s.value : { value: null, reason: s.reason, message: s.message };
}

export interface PairReportJson {
  readonly dimension: { readonly id: string; readonly label: string; readonly min: number; readonly max: number; readonly step: number };
  readonly rater_a: string;
  readonly rater_b: string;
  readonly clips: 'outcome' | 'training';
  readonly range: { readonly from: string | null; readonly to: string | null };
  readonly generated_at: string;
  readonly n: number;
  readonly excluded_unscorable: number;
  readonly excluded_missing_score: number;
  readonly pending: number;
  readonly period: { readonly first: string; readonly last: string } | null;
  readonly statistics: ReliabilityJson;
  readonly verdict: {
    readonly outcome: 'pass' | 'fail' | 'insufficient';
    readonly weights: 'linear' | 'quadratic';
    readonly threshold: number;
    readonly basis: 'estimate' | 'ci_lower';
    readonly min_pairs: number;
    readonly kappa: number | null;
    readonly ci95: readonly [number, number] | null;
    readonly compared: number | null;
    readonly message: string;
  };
  readonly bland_altman: {
    readonly n: number;
    readonly bias: Maybe<number>;
    readonly bias_ci95: Maybe<readonly [number, number]>;
    readonly sd: Maybe<number>;
    readonly lower: Maybe<number>;
    readonly upper: Maybe<number>;
    readonly lower_ci95: Maybe<readonly [number, number]>;
    readonly upper_ci95: Maybe<readonly [number, number]>;
  };
  readonly confusion: { readonly values: readonly number[]; readonly counts: readonly (readonly number[])[] };
  readonly drift: {
    readonly batch_size: number;
    readonly step: number;
    readonly batches: readonly (KappaJson & {
      readonly batch: number;
      readonly first: number;
      readonly last: number;
      readonly n: number;
      readonly from: string;
      readonly to: string;
      readonly partial: boolean;
      readonly meets_threshold: boolean | null;
    })[];
  };
  readonly disagreement_size: number;
  readonly disagreements: readonly {
    readonly clip: string;
    readonly a: number;
    readonly b: number;
    readonly difference: number;
    readonly at: string;
    readonly note_a: string;
    readonly note_b: string;
    readonly overall_note_a: string;
    readonly overall_note_b: string;
    readonly consensus: { readonly score: number; readonly version: number; readonly reason: string; readonly decided_by: string; readonly decided_at: string } | null;
  }[];
  readonly pairs: readonly { readonly clip: string; readonly a: number; readonly b: number; readonly at: string }[];
}

export function pairReportJson(r: PairReport): PairReportJson {
  const d = r.dimension;
  const v = r.verdict;
  const ba = r.blandAltman;
  return {
    dimension: { id: d.id, label: d.label, min: d.min, max: d.max, step: d.step },
    rater_a: r.raterA,
    rater_b: r.raterB,
    clips: r.clipKind,
    range: r.range,
    generated_at: r.generatedAt,
    n: r.n,
    excluded_unscorable: r.exclusions.unscorable,
    excluded_missing_score: r.exclusions.missingScore,
    pending: r.exclusions.pending,
    period: r.period,
    statistics: reportToJson(r.statistics, { scale: { min: d.min, max: d.max, step: d.step }, skipped: r.exclusions.unscorable + r.exclusions.missingScore }),
    verdict: {
      outcome: v.outcome,
      weights: v.criterion.weights,
      threshold: v.criterion.threshold,
      basis: v.criterion.basis,
      min_pairs: v.criterion.minPairs,
      kappa: v.kappa,
      ci95: v.ci95,
      compared: v.compared,
      message: v.message,
    },
    bland_altman: {
      n: ba.n,
      bias: stat(ba.bias),
      bias_ci95: stat(ba.biasCi95),
      sd: stat(ba.sd),
      lower: stat(ba.lower),
      upper: stat(ba.upper),
      lower_ci95: stat(ba.lowerCi95),
      upper_ci95: stat(ba.upperCi95),
    },
    confusion: { values: r.confusion.values, counts: r.confusion.counts },
    drift: {
      batch_size: r.driftOptions.batchSize,
      step: r.driftOptions.step,
      batches: r.drift.map((b) => ({
        batch: b.index,
        first: b.first,
        last: b.last,
        n: b.n,
        from: b.from,
        to: b.to,
        partial: b.partial,
        meets_threshold: b.meetsThreshold,
        ...kappaJson(b.kappa),
      })),
    },
    disagreement_size: r.disagreementSize,
    disagreements: r.disagreements.map((x) => ({
      clip: x.clip,
      a: x.a.score,
      b: x.b.score,
      difference: x.difference,
      at: x.at,
      note_a: x.a.note,
      note_b: x.b.note,
      overall_note_a: x.a.overallNote,
      overall_note_b: x.b.overallNote,
      markers_a: x.a.markers.map((m) => ({ seconds: m.seconds, frame: m.frame, note: m.note })),
      markers_b: x.b.markers.map((m) => ({ seconds: m.seconds, frame: m.frame, note: m.note })),
      consensus: x.consensus && {
        score: x.consensus.score,
        version: x.consensus.version,
        reason: x.consensus.reason,
        decided_by: x.consensus.decidedBy,
        decided_at: x.consensus.decidedAt,
      },
    })),
    pairs: r.pairs.map((p) => ({ clip: p.clip, a: p.a.score, b: p.b.score, at: p.at })),
  };
}
