// The trial's standard comparison, per dimension × timepoint: n per arm; n and % in the upper
// category with the risk ratio (Katz log method) and the difference in % (Newcombe's hybrid score
// interval, Wald beside it); mean ± SD with Hedges' g; the baseline-adjusted arm difference
// (ANCOVA) beside the unadjusted one at every timepoint after the baseline; change from baseline and category transitions per arm; completion with Clopper–Pearson
// intervals; and the blinding indices from the coders' guesses. Pure: AnalysisInput in, report out.
// Every formula is in stats/ with its source; this file only chooses what to compare.
import type { AnalysisInput, Observation } from './input';
import type {
  AdjustedDifferenceJson,
  AnalysisReport,
  ArmChangeJson,
  ArmOutcomeJson,
  ArmTransitionsJson,
  BlindingJson,
  ChangeJson,
  EstimateJson,
  OutcomeJson,
  RateJson,
  ScaleDimension,
  TransitionJson,
  UndefinedJson,
} from '../../common/contract';
import {
  ancova,
  bangBlindingIndices,
  clopperPearson,
  hedgesGFromValues,
  jamesBlindingIndex,
  mean,
  newcombeDifference,
  proportionDifference,
  riskRatio,
  standardDeviation,
  tabulateGuesses,
  twoSidedT,
  type Arm,
  type Computed,
  type UndefinedStatistic,
} from './stats';


function undefinedJson(u: UndefinedStatistic): UndefinedJson {
  return { value: null, reason: u.reason, message: u.message };
}

export function rate(count: number, n: number): RateJson {
  const cp = clopperPearson(count, n);
  return cp.kind === 'value'
    ? { count, n, proportion: cp.proportion, ci95: [cp.ci.lower, cp.ci.upper], method: 'clopper-pearson' }
    : { count, n, proportion: null, ci95: null, method: 'clopper-pearson', reason: cp.reason };
}

function value(c: Computed<{ value: number }>): number | null {
  return c.kind === 'value' ? c.value : null;
}

/** The highest category of a dimension: "sensitive" (≥ 5.5) on the EAS. */
export function upperCategory(d: ScaleDimension): { label: string; from: number } {
  const top = d.categories[d.categories.length - 1];
  return top ? { label: top.label, from: top.from } : { label: 'upper', from: d.max };
}

function categoryIndex(d: ScaleDimension, score: number): number {
  let index = 0;
  d.categories.forEach((c, i) => {
    if (score >= c.from - 1e-9) index = i;
  });
  return index;
}

const isUpper = (d: ScaleDimension, score: number) => score >= upperCategory(d).from - 1e-9;

type Cell = { dimension: ScaleDimension; task: string | null; timepoint: string | null };

function scoresOf(observations: readonly Observation[], cell: Cell, arm: Arm): { participant: string; score: number }[] {
  return observations
    .filter((o) => o.arm === arm && o.timepoint === cell.timepoint && o.task === cell.task)
    .flatMap((o) => {
      const score = o.scores[cell.dimension.id];
      return score === undefined ? [] : [{ participant: o.participant, score }];
    });
}

function armOutcome(d: ScaleDimension, values: readonly number[]): ArmOutcomeJson {
  return {
    n: values.length,
    upper: rate(values.filter((v) => isUpper(d, v)).length, values.length),
    mean: value(mean(values)),
    sd: value(standardDeviation(values)),
  };
}

function outcome(observations: readonly Observation[], cell: Cell): OutcomeJson {
  const d = cell.dimension;
  const i = scoresOf(observations, cell, 'intervention').map((s) => s.score);
  const c = scoresOf(observations, cell, 'control').map((s) => s.score);
  const intervention = armOutcome(d, i);
  const control = armOutcome(d, c);
  const rr = riskRatio(intervention.upper.count, i.length, control.upper.count, c.length);
  const diff = proportionDifference(intervention.upper.count, i.length, control.upper.count, c.length);
  const hybrid = newcombeDifference(intervention.upper.count, i.length, control.upper.count, c.length);
  const g = hedgesGFromValues(i, c);
  return {
    dimension: d.id,
    label: d.label,
    task: cell.task,
    timepoint: cell.timepoint,
    upper_category: upperCategory(d),
    intervention,
    control,
    risk_ratio:
      rr.kind === 'value'
        ? { value: rr.ratio, se: rr.logStandardError, ci95: [rr.ci.lower, rr.ci.upper], method: 'katz-log' }
        : undefinedJson(rr),
    difference:
      diff.kind === 'value'
        ? { value: diff.difference, se: diff.standardError, ci95: [diff.ci.lower, diff.ci.upper], method: 'wald' }
        : undefinedJson(diff),
    risk_difference:
      hybrid.kind === 'value'
        ? { value: hybrid.difference, ci95: [hybrid.ci.lower, hybrid.ci.upper], method: 'newcombe-hybrid-score' }
        : undefinedJson(hybrid),
    hedges_g:
      g.kind === 'value'
        ? { value: g.g, se: g.standardError, ci95: [g.ci.lower, g.ci.upper], d: g.d, correction: g.correction, pooled_sd: g.pooledSd }
        : undefinedJson(g),
  };
}

/** Pairs of one participant's scores at two timepoints (same task). */
function paired(observations: readonly Observation[], d: ScaleDimension, task: string | null, from: string | null, to: string | null, arm: Arm) {
  const before = new Map(scoresOf(observations, { dimension: d, task, timepoint: from }, arm).map((s) => [s.participant, s.score]));
  return scoresOf(observations, { dimension: d, task, timepoint: to }, arm).flatMap((after) => {
    const b = before.get(after.participant);
    return b === undefined ? [] : [{ before: b, after: after.score }];
  });
}

export const COMPLETE_CASE_RULE =
  'A participant counts in the adjusted difference at a timepoint when they have a score that counts (scoring rule) at both the baseline and that timepoint, for the same task; participants missing either are left out and counted, and nothing is imputed.';

export const METHODS: readonly string[] = [
  'Proportions: Clopper–Pearson exact 95% CI (Clopper & Pearson 1934).',
  'Risk ratio: intervention over control, 95% CI by the log method (Katz et al. 1978).',
  'Risk difference: intervention minus control, 95% CI by the hybrid score method from Wilson score intervals (Newcombe 1998, method 10); the Wald interval (Newcombe 1998, method 1) is shown beside it for comparison only.',
  "Hedges' g: intervention minus control, with the small-sample correction (Hedges 1981).",
  'Adjusted difference: ANCOVA, follow-up ~ arm + baseline by ordinary least squares; the arm coefficient with its standard error and a t-based 95% CI on n − 3 degrees of freedom (Vickers & Altman 2001). Unadjusted: the difference in means of the same complete cases, pooled-SD t-based 95% CI on n − 2 degrees of freedom.',
  'Change from baseline: paired by participant, t-based 95% CI of the mean change.',
];

function adjustedDifference(observations: readonly Observation[], d: ScaleDimension, task: string | null, baseline: string | null, to: string | null): AdjustedDifferenceJson {
  const complete: { arm: Arm; baseline: number; followUp: number }[] = [];
  let missingBaseline = 0;
  let missingFollowUp = 0;
  for (const arm of ['intervention', 'control'] as const) {
    const before = new Map(scoresOf(observations, { dimension: d, task, timepoint: baseline }, arm).map((s) => [s.participant, s.score]));
    const after = new Map(scoresOf(observations, { dimension: d, task, timepoint: to }, arm).map((s) => [s.participant, s.score]));
    for (const [participant, followUp] of after) {
      const b = before.get(participant);
      if (b === undefined) missingBaseline++;
      else complete.push({ arm, baseline: b, followUp });
    }
    for (const participant of before.keys()) if (!after.has(participant)) missingFollowUp++;
  }
  const fit = ancova(complete);
  const nIntervention = complete.filter((o) => o.arm === 'intervention').length;
  return {
    dimension: d.id,
    task,
    baseline,
    timepoint: to,
    n: complete.length,
    n_intervention: nIntervention,
    n_control: complete.length - nIntervention,
    missing_baseline: missingBaseline,
    missing_follow_up: missingFollowUp,
    adjusted:
      fit.kind === 'value'
        ? {
            value: fit.adjusted.estimate,
            se: fit.adjusted.standardError,
            ci95: [fit.adjusted.ci.lower, fit.adjusted.ci.upper],
            df: fit.adjusted.degreesOfFreedom,
            baseline_slope: fit.baselineSlope,
            residual_sd: fit.residualSd,
            method: 'ols-ancova',
          }
        : undefinedJson(fit),
    unadjusted:
      fit.kind === 'value'
        ? { value: fit.unadjusted.estimate, se: fit.unadjusted.standardError, ci95: [fit.unadjusted.ci.lower, fit.unadjusted.ci.upper], df: fit.unadjusted.degreesOfFreedom, method: 'pooled-t' }
        : undefinedJson(fit),
  };
}

function armChange(pairs: readonly { before: number; after: number }[]): ArmChangeJson {
  const changes = pairs.map((p) => p.after - p.before);
  const m = value(mean(changes));
  const sd = value(standardDeviation(changes));
  const n = changes.length;
  const ci95: [number, number] | null =
    m !== null && sd !== null && n >= 2 ? [m - (twoSidedT(0.95, n - 1) * sd) / Math.sqrt(n), m + (twoSidedT(0.95, n - 1) * sd) / Math.sqrt(n)] : null;
  return { n, mean: m, sd, ci95 };
}

function armTransitions(d: ScaleDimension, pairs: readonly { before: number; after: number }[]): ArmTransitionsJson {
  let improved = 0;
  let stayed = 0;
  let declined = 0;
  for (const p of pairs) {
    const delta = categoryIndex(d, p.after) - categoryIndex(d, p.before);
    if (delta > 0) improved++;
    else if (delta < 0) declined++;
    else stayed++;
  }
  return { n: pairs.length, improved, stayed, declined };
}

function blinding(input: AnalysisInput): BlindingJson {
  const table = tabulateGuesses(input.guesses.map((g) => ({ trueArm: g.trueArm, guess: g.guess })));
  const bang = bangBlindingIndices(table);
  const james = jamesBlindingIndex(table);
  const bangJson = (b: (typeof bang)['intervention']): EstimateJson | UndefinedJson =>
    b.kind === 'value' ? { value: b.index, se: b.standardError, ci95: [b.ci.lower, b.ci.upper] } : undefinedJson(b);
  const counts = (arm: Arm) => ({ intervention: table[arm].intervention, control: table[arm].control, dont_know: table[arm].dontKnow });
  return {
    guesses: input.guesses.length,
    table: { intervention: counts('intervention'), control: counts('control') },
    bang: { intervention: bangJson(bang.intervention), control: bangJson(bang.control) },
    james:
      james.kind === 'value'
        ? { value: james.index, se: james.standardError, ci95: [james.ci.lower, james.ci.upper], dont_know_proportion: james.dontKnowProportion }
        : undefinedJson(james),
    timepoint_correct: rate(
      input.guesses.filter((g) => g.trueTimepoint !== null && g.timepointGuess === g.trueTimepoint).length,
      input.guesses.length,
    ),
  };
}

export function buildAnalysisReport(input: AnalysisInput): AnalysisReport {
  const participantsAt = (arm: Arm, timepoint: string | null) =>
    new Set(input.observations.filter((o) => o.arm === arm && o.timepoint === timepoint).map((o) => o.participant)).size;
  const completion = input.timepoints.map((timepoint) => ({
    timepoint,
    intervention: rate(participantsAt('intervention', timepoint), input.randomised.intervention),
    control: rate(participantsAt('control', timepoint), input.randomised.control),
  }));

  const outcomes: OutcomeJson[] = [];
  const change: ChangeJson[] = [];
  const transitions: TransitionJson[] = [];
  const adjusted: AdjustedDifferenceJson[] = [];
  const baseline = input.timepoints[0] ?? null;
  for (const dimension of input.dimensions) {
    for (const task of input.tasks) {
      for (const timepoint of input.timepoints) outcomes.push(outcome(input.observations, { dimension, task, timepoint }));
      input.timepoints.slice(1).forEach((to, i) => {
        const from = input.timepoints[i] ?? null;
        const pairsFor = (arm: Arm, start: string | null) => paired(input.observations, dimension, task, start, to, arm);
        adjusted.push(adjustedDifference(input.observations, dimension, task, baseline, to));
        change.push({
          dimension: dimension.id,
          task,
          from: baseline,
          to,
          intervention: armChange(pairsFor('intervention', baseline)),
          control: armChange(pairsFor('control', baseline)),
        });
        transitions.push({
          dimension: dimension.id,
          task,
          from,
          to,
          intervention: armTransitions(dimension, pairsFor('intervention', from)),
          control: armTransitions(dimension, pairsFor('control', from)),
        });
      });
    }
  }

  return {
    format: 'blindfold-analysis/1',
    study: input.study,
    generated_at: input.generatedAt,
    arms: { intervention: input.arms.intervention, control: input.arms.control, excluded: input.excludedArms },
    comparison: `${input.arms.intervention} (intervention) relative to ${input.arms.control} (control): risk ratios are intervention over control; differences and Hedges' g are intervention minus control.`,
    timepoints: input.timepoints,
    baseline,
    tasks: input.tasks,
    scoring_rule: input.scoringRule,
    consensus_available: input.consensusAvailable,
    lock: input.lock
      ? {
          locked_at: input.lock.lockedAt,
          locked_by: input.lock.lockedBy,
          exceptions: input.lock.exceptions.map((e) => ({ ...e })),
          reliability_override: input.reliabilityOverride
            ? {
                reason: input.reliabilityOverride.reason,
                failing: input.reliabilityOverride.failing.map((f) => ({ a: f.a, b: f.b, dimension: f.dimension, n: f.n, kappa: f.kappa, message: f.message })),
                unresolved: input.reliabilityOverride.unresolved.map((u) => ({ code: u.code, a: u.a, b: u.b, dimension: u.dimension, score_a: u.scoreA, score_b: u.scoreB })),
              }
            : null,
        }
      : null,
    unblinding: {
      unblinded_at: input.unblinding.unblindedAt,
      unblinded_by: input.unblinding.unblindedBy,
      reason: input.unblinding.reason,
      commitment: input.unblinding.commitment,
    },
    emergency_unblindings: input.emergencies.map((e) => ({ code: e.code, unblinded_at: e.unblindedAt, unblinded_by: e.unblindedBy, reason: e.reason })),
    blinding_exceptions: (input.blindingExceptions ?? []).map((e) => ({ check: e.check, tells: [...e.tells], reason: e.reason, recorded_by: e.recordedBy, recorded_at: e.recordedAt })),
    randomised: { ...input.randomised },
    completion,
    outcomes,
    change_from_baseline: change,
    transitions,
    adjusted_differences: adjusted,
    complete_case_rule: COMPLETE_CASE_RULE,
    methods: [...METHODS],
    blinding: blinding(input),
  };
}

