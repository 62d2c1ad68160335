// The two-rater report as plain text for a terminal (`blindfold reliability-report`). Numbers to
// four decimals here; the CSV and JSON carry full precision.
import type { KappaResult, PairReport, Statistic } from '../../../common/contract';

const f4 = (x: number): string => x.toFixed(4);
const pct = (s: Statistic<number>): string => (s.defined ? `${(100 * s.value).toFixed(1)}%` : 'undefined');

function scalar(s: Statistic<number>): string {
  return s.defined ? f4(s.value) : `undefined (${s.message})`;
}

function interval(s: Statistic<readonly [number, number]>): string {
  return s.defined ? `[${f4(s.value[0])}, ${f4(s.value[1])}]` : 'undefined';
}

function kappaLine(label: string, k: KappaResult, notes: string[]): string {
  if (!k.defined) {
    notes.push(`${label.trim()}: ${k.message}`);
    return `${label}undefined`;
  }
  const e = k.value;
  const ci = `[${f4(e.ci95[0])}, ${f4(e.ci95[1])}]${e.clipped ? '*' : ' '}`;
  const z = e.z.defined ? e.z.value.toFixed(3) : '—';
  return `${label}${f4(e.kappa).padStart(7)}  ${f4(e.se)}   ${ci.padEnd(20)}  ${f4(e.se0)}  ${z.padStart(7)}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}

export function reliabilityText(r: PairReport): string {
  const d = r.dimension;
  const s = r.statistics;
  const v = r.verdict;
  const lines: string[] = [];
  const notes: string[] = [];
  lines.push(`Reliability: ${d.label} (${d.id}), ${r.raterA} (A) vs ${r.raterB} (B)`);
  const range = r.range.from || r.range.to ? `${r.range.from ?? 'start'} to ${r.range.to ?? 'now'}` : 'all dates';
  const excluded: string[] = [];
  if (r.exclusions.unscorable > 0) excluded.push(`${r.exclusions.unscorable} unscorable`);
  if (r.exclusions.missingScore > 0) excluded.push(`${r.exclusions.missingScore} without a score`);
  if (r.exclusions.pending > 0) excluded.push(`${r.exclusions.pending} not yet submitted by both`);
  lines.push(`Clips: ${r.clipKind}, ${range}; pairs used: ${r.n}${excluded.length > 0 ? ` (left out: ${excluded.join('; ')})` : ''}`);
  lines.push(`Scale: ${d.min}–${d.max} in steps of ${d.step} (${s.categories.values.length} points)`);
  lines.push('');
  const word = v.outcome === 'pass' ? 'PASS' : v.outcome === 'fail' ? 'FAIL' : 'NO VERDICT';
  lines.push(`Verdict: ${word} — ${v.message} (criterion ${v.criterion.weights}${v.criterion.basis === 'ci_lower' ? ', lower 95% limit' : ''} >= ${v.criterion.threshold}, at least ${v.criterion.minPairs} pairs)`);
  lines.push('');
  lines.push(`Agreement   exact ${pct(s.agreement.exact)}   within ±0.5 ${pct(s.agreement.withinHalf)}   within ±1 ${pct(s.agreement.withinOne)}`);
  lines.push('');
  lines.push(`${'Kappa'.padEnd(13)}${'kappa'.padStart(7)}  ${'SE'.padStart(6)}   ${'95% CI'.padEnd(20)}  ${'SE0'.padStart(6)}  ${'z'.padStart(7)}`);
  lines.push(kappaLine('unweighted   ', s.kappa.unweighted, notes));
  lines.push(kappaLine('linear       ', s.kappa.linear, notes));
  lines.push(kappaLine('quadratic    ', s.kappa.quadratic, notes));
  for (const c of s.cutoffs) lines.push(kappaLine(`>= ${c.cutoff}`.padEnd(13), c.kappa, notes));
  if ([s.kappa.unweighted, s.kappa.linear, s.kappa.quadratic, ...s.cutoffs.map((c) => c.kappa)].some((k) => k.defined && k.value.clipped)) {
    lines.push('  * interval clipped to [-1, 1]');
  }
  lines.push('');
  for (const [label, icc] of [
    ['ICC(2,1)   ', s.icc21],
    ['ICC(3,1)   ', s.icc31],
  ] as const) {
    lines.push(icc.defined ? `${label}${f4(icc.value.value)}   95% CI ${interval(icc.value.ci95)}` : `${label}undefined (${icc.message})`);
  }
  lines.push(`Krippendorff's alpha   ordinal ${scalar(s.alphaOrdinal)}   interval ${scalar(s.alphaInterval)}`);
  lines.push(`Gwet   AC1 ${scalar(s.ac1)}   AC2 linear ${scalar(s.ac2Linear)}   AC2 quadratic ${scalar(s.ac2Quadratic)}`);
  lines.push('');
  const ba = r.blandAltman;
  lines.push(
    `Bland–Altman (A − B): bias ${scalar(ba.bias)} ${interval(ba.biasCi95)}; SD ${scalar(ba.sd)}; limits of agreement ${scalar(ba.lower)} to ${scalar(ba.upper)}`,
  );
  lines.push('');
  lines.push(
    `Drift: ${v.criterion.weights} weighted kappa per batch of ${r.driftOptions.batchSize}${
      r.driftOptions.step < r.driftOptions.batchSize ? ` (rolling, step ${r.driftOptions.step})` : ''
    }, in order of the second submission`,
  );
  if (r.driftNote !== null) lines.push(`  ${r.driftNote}`);
  if (r.drift.length === 0) lines.push('  no pairs');
  for (const b of r.drift) {
    const k = b.kappa.defined ? `${f4(b.kappa.value.kappa)}  [${f4(b.kappa.value.ci95[0])}, ${f4(b.kappa.value.ci95[1])}]` : 'undefined';
    const mark = b.meetsThreshold === null ? '' : b.meetsThreshold ? '' : '  below threshold';
    lines.push(
      `  ${String(b.index).padStart(3)}  clips ${`${b.first}–${b.last}`.padEnd(9)} ${b.from.slice(0, 10)} … ${b.to.slice(0, 10)}  ${k}${b.partial ? '  (partial)' : ''}${mark}`,
    );
  }
  lines.push('');
  lines.push(`Disagreements of ${r.disagreementSize} point${r.disagreementSize === 1 ? '' : 's'} or more: ${r.disagreements.length}`);
  for (const x of r.disagreements) {
    const consensus = x.consensus ? `   consensus ${x.consensus.score} (v${x.consensus.version}, ${x.consensus.decidedBy})` : '';
    lines.push(`  ${x.clip}   A ${x.a.score}   B ${x.b.score}   A − B ${x.difference}${consensus}`);
    const noteA = oneLine([x.a.note, x.a.overallNote].filter(Boolean).join(' — '));
    const noteB = oneLine([x.b.note, x.b.overallNote].filter(Boolean).join(' — '));
    if (noteA) lines.push(`      A: ${noteA}`);
    if (noteB) lines.push(`      B: ${noteB}`);
  }
  if (notes.length > 0) {
    lines.push('');
    for (const n of notes) lines.push(`Note: ${n}`);
  }
  return `${lines.join('\n')}\n`;
}
