// The analysis report as text a trial team reads: the state of the study first (lock, unblinding,
// emergency unblindings, scoring rule), then completion, then one block per dimension with a table
// per timepoint, change from baseline, transitions, and the blinding indices. Numbers are rounded
// the way trial reports print them: % to whole numbers, ratios and g to two decimals.
import type { AnalysisReport, ArmOutcomeJson, EstimateJson, RateJson, UndefinedJson } from '../../common/contract';
import { timepointLabel } from './timepoints';

const MINUS = '\u2212';

export function signed(n: number, digits: number): string {
  const s = Math.abs(n).toFixed(digits);
  return n < 0 && Number(s) !== 0 ? `${MINUS}${s}` : s;
}

export const pct = (p: number) => `${Math.round(p * 100)}%`;

export function rateText(r: RateJson): string {
  if (r.proportion === null || r.ci95 === null) return `${r.count}/${r.n} (no estimate)`;
  return `${r.count}/${r.n} ${pct(r.proportion)} (${pct(r.ci95[0])}–${pct(r.ci95[1])})`;
}

function isEstimate<T extends EstimateJson>(e: T | UndefinedJson): e is T {
  return e.value !== null;
}

function interval(lo: number, hi: number, digits: number): string {
  return lo < 0 || hi < 0 ? `${signed(lo, digits)} to ${signed(hi, digits)}` : `${lo.toFixed(digits)}–${hi.toFixed(digits)}`;
}

function estimateText(e: EstimateJson | UndefinedJson, digits = 2): string {
  return isEstimate(e) ? `${signed(e.value, digits)} (${interval(e.ci95[0], e.ci95[1], digits)})` : `not estimable: ${e.message}`;
}

function meanSd(a: ArmOutcomeJson, digits: number): string {
  if (a.mean === null) return '—';
  return `${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)} (${a.n})`;
}

function pad(s: string, n: number): string {
  return s.length >= n ? `${s} ` : s + ' '.repeat(n - s.length);
}

/** The reliability problems the manager confirmed at the lock, and why, in one paragraph. */
export function reliabilityOverrideText(o: NonNullable<NonNullable<AnalysisReport['lock']>['reliability_override']>): string {
  const failing = o.failing.map((f) => `${f.a}–${f.b} on ${f.dimension} (n ${f.n}: ${f.message})`);
  const unresolved = o.unresolved.map((u) => `${u.code} ${u.dimension} (${u.a} ${u.score_a}, ${u.b} ${u.score_b})`);
  return [
    'LOCKED DESPITE RELIABILITY PROBLEMS',
    failing.length > 0 ? `failing the criterion: ${failing.join('; ')}` : null,
    unresolved.length > 0 ? `${unresolved.length} disagreement(s) without consensus: ${unresolved.join(', ')}` : null,
    `reason given: "${o.reason}"`,
  ]
    .filter((p) => p !== null)
    .join('. ');
}

export function renderReportText(r: AnalysisReport): string {
  const out: string[] = [];
  const I = r.arms.intervention;
  const C = r.arms.control;
  out.push(`Blindfold analysis report — ${r.study}`);
  out.push(`Generated ${r.generated_at} (UTC)`);
  out.push('');
  out.push(
    r.lock
      ? `Data lock: ${r.lock.locked_at} by ${r.lock.locked_by}; ${r.lock.exceptions.length === 0 ? 'every assigned rating submitted' : `${r.lock.exceptions.length} assignment(s) not submitted, confirmed as exceptions: ${r.lock.exceptions.map((e) => `${e.code} (${e.coder}, ${e.kind === 'session' ? 'fidelity audit' : e.purpose})`).join(', ')}`}`
      : 'Data lock: NOT LOCKED',
  );
  const override = r.lock?.reliability_override;
  if (override) out.push(`Reliability at the lock: ${reliabilityOverrideText(override)}`);
  out.push(`Unblinded: ${r.unblinding.unblinded_at} by ${r.unblinding.unblinded_by}. Reason: "${r.unblinding.reason}"`);
  out.push(`Sealed key commitment (checked against the seal): ${r.unblinding.commitment}`);
  out.push(
    r.emergency_unblindings.length === 0
      ? 'Emergency unblindings before the lock: none'
      : `Emergency unblindings before the lock (${r.emergency_unblindings.length}): ${r.emergency_unblindings.map((e) => `${e.code} on ${e.unblinded_at} by ${e.unblinded_by} ("${e.reason}")`).join('; ')}`,
  );
  out.push(blindingExceptionsText(r.blinding_exceptions));
  out.push(`Arms: intervention = "${I}" (randomised ${r.randomised.intervention}), control = "${C}" (randomised ${r.randomised.control})${r.arms.excluded.length ? `; not compared: ${r.arms.excluded.join(', ')}` : ''}`);
  out.push(`Timepoints: ${r.timepoints.map(timepointLabel).join(' → ')} (baseline: ${timepointLabel(r.baseline)})`);
  out.push(`Scoring rule: ${r.scoring_rule}${r.consensus_available ? '' : ' (This study has no consensus scores.)'}`);
  out.push(`Comparisons: ${r.comparison}`);
  out.push('');

  out.push('Completion: participants with a recording, of those randomised (Clopper–Pearson exact 95% CI)');
  out.push(`  ${pad('timepoint', 16)}${pad(I, 26)}${C}`);
  for (const c of r.completion) out.push(`  ${pad(timepointLabel(c.timepoint), 16)}${pad(rateText(c.intervention), 26)}${rateText(c.control)}`);
  out.push('');

  const dimensions = [...new Set(r.outcomes.map((o) => o.dimension))];
  for (const id of dimensions) {
    const rows = r.outcomes.filter((o) => o.dimension === id);
    const first = rows[0]!;
    const digits = rows.some((o) => [o.intervention.mean, o.control.mean].some((m) => m !== null && Math.abs(m) >= 20)) ? 0 : 2;
    out.push(`${first.label} [${id}] — upper category "${first.upper_category.label}" (score ≥ ${first.upper_category.from})`);
    for (const o of rows) {
      out.push(`  ${timepointLabel(o.timepoint)}${o.task ? ` · ${o.task}` : ''}`);
      out.push(`    n: ${I} ${o.intervention.n}, ${C} ${o.control.n}`);
      out.push(`    ${o.upper_category.label}: ${rateText(o.intervention.upper)} vs ${rateText(o.control.upper)}`);
      const rd = o.risk_difference;
      out.push(
        `    risk ratio ${estimateText(o.risk_ratio)}; risk difference ${rd.value === null ? `not estimable: ${rd.message}` : `${signed(rd.value * 100, 0)} points (${interval(rd.ci95[0] * 100, rd.ci95[1] * 100, 0)}), Newcombe hybrid score`}${isEstimate(o.difference) ? `; Wald ${interval(o.difference.ci95[0] * 100, o.difference.ci95[1] * 100, 0)}, for comparison` : ''}`,
      );
      out.push(`    mean ± SD (n): ${meanSd(o.intervention, digits)} vs ${meanSd(o.control, digits)}; Hedges' g ${estimateText(o.hedges_g)}`);
    }
    const adjusted = r.adjusted_differences.filter((a) => a.dimension === id);
    if (adjusted.length > 0) out.push(`  Arm difference adjusted for ${timepointLabel(r.baseline)} (ANCOVA, follow-up ~ arm + baseline; complete cases; intervention minus control)`);
    const ad = digits === 0 ? 1 : 2;
    const coefficient = (e: (typeof adjusted)[number]['adjusted'] | (typeof adjusted)[number]['unadjusted']) =>
      e.value === null ? `not estimable: ${e.message}` : `${signed(e.value, ad)} (${interval(e.ci95[0], e.ci95[1], ad)}; SE ${e.se.toFixed(ad + 1)}, ${e.df} df)`;
    for (const a of adjusted) {
      out.push(
        `    ${timepointLabel(a.timepoint)}${a.task ? ` · ${a.task}` : ''}: n ${a.n} (${I} ${a.n_intervention}, ${C} ${a.n_control}; left out ${a.missing_baseline} without baseline, ${a.missing_follow_up} without follow-up): adjusted ${coefficient(a.adjusted)}; unadjusted ${coefficient(a.unadjusted)}`,
      );
    }
    const changes = r.change_from_baseline.filter((c) => c.dimension === id);
    if (changes.length > 0) out.push(`  Change from ${timepointLabel(r.baseline)} (paired by participant; mean ± SD, t 95% CI)`);
    for (const c of changes) {
      const arm = (a: typeof c.intervention) =>
        a.mean === null ? `n ${a.n}` : `n ${a.n}: ${signed(a.mean, digits)} ± ${a.sd === null ? '—' : a.sd.toFixed(digits)}${a.ci95 ? ` (${interval(a.ci95[0], a.ci95[1], digits)})` : ''}`;
      out.push(`    → ${timepointLabel(c.to)}${c.task ? ` · ${c.task}` : ''}: ${I} ${arm(c.intervention)}; ${C} ${arm(c.control)}`);
    }
    const transitions = r.transitions.filter((t) => t.dimension === id);
    if (transitions.length > 0) out.push('  Transitions between categories (improved / stayed / declined)');
    for (const t of transitions) {
      const arm = (a: typeof t.intervention) => `${a.improved} / ${a.stayed} / ${a.declined} (n ${a.n})`;
      out.push(`    ${timepointLabel(t.from)} → ${timepointLabel(t.to)}${t.task ? ` · ${t.task}` : ''}: ${I} ${arm(t.intervention)}; ${C} ${arm(t.control)}`);
    }
    out.push('');
  }

  const b = r.blinding;
  out.push(`Blinding: coders' guesses of the arm after submitting (${b.guesses} guesses)`);
  if (b.guesses === 0) {
    out.push('  No guesses were recorded (the study did not ask, or no coder answered).');
  } else {
    const row = (arm: 'intervention' | 'control') =>
      `  true ${pad(arm === 'intervention' ? I : C, 14)} guessed intervention ${b.table[arm].intervention}, control ${b.table[arm].control}, don't know ${b.table[arm].dont_know}`;
    out.push(row('intervention'), row('control'));
    out.push(`  Bang's index (0 = random guessing, 1 = all correct): ${I} ${estimateText(b.bang.intervention)}; ${C} ${estimateText(b.bang.control)}`);
    out.push(`  James' index (0.5 = random guessing, 1 = complete blinding; unblinding is suggested when the upper limit is below 0.5): ${estimateText(b.james)}`);
    out.push(`  Timepoint guessed right: ${rateText(b.timepoint_correct)}`);
  }
  out.push('');
  out.push('Methods');
  for (const m of r.methods) out.push(`  ${m}`);
  out.push(`  Complete cases: ${r.complete_case_rule}`);
  out.push('');
  return out.join('\n');
}

/** The set-up's accepted blinding-check differences, in one line (also in the data dictionary and the report's facts). */
export function blindingExceptionsText(exceptions: AnalysisReport['blinding_exceptions']): string {
  return exceptions.length === 0
    ? 'Blinding checks at set-up: no difference accepted'
    : `Blinding-check differences accepted at set-up (${exceptions.length}): ${exceptions.map((e) => `the ${e.check} differed by ${e.tells.join(' and by ')}, accepted by ${e.recorded_by} on ${e.recorded_at} ("${e.reason}")`).join('; ')}`;
}
