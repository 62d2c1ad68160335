// The printable reliability report: one self-contained HTML document (inline SVG charts, one
// <style> element, no script, no external resource, no `style` attribute), to be rendered under a
// strict Content-Security-Policy and printed to PDF (printToPDF in the app, page.pdf in tests).
// A CSP of `style-src 'self'` blocks the <style> element unless its hash is allowed: put
// REPORT_STYLE_CSP_SOURCE in the print window's style-src. Without it the report stays readable
// (semantic tables; the charts carry their own presentation attributes), only plainer.
import { createHash } from 'node:crypto';
import type { KappaResult, PairReport, Statistic } from '../../../common/contract';
import { blandAltmanSvg, driftSvg, escapeXml, heatmapSvg } from './svg';

export const REPORT_STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font: 10.5pt/1.4 Helvetica, Arial, sans-serif; color: #1a1a1a; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 4pt; }
h2 { font-size: 12.5pt; margin: 16pt 0 6pt; border-bottom: 1px solid #888; padding-bottom: 2pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; }
th, td { text-align: left; padding: 2pt 6pt; border-bottom: 1px solid #ddd; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
section, figure, tr { break-inside: avoid; }
figure { margin: 6pt 0; }
figcaption { font-size: 9pt; color: #444; }
.verdict { font-size: 12pt; font-weight: bold; padding: 6pt 8pt; border: 2px solid #1a1a1a; display: inline-block; }
.pass { border-color: #1f4e79; color: #1f4e79; }
.fail { border-color: #b03a2e; color: #b03a2e; }
.muted { color: #555; font-size: 9pt; }
.note { white-space: pre-wrap; }
`;

/** The CSP source that allows exactly REPORT_STYLE: `style-src 'sha256-…'`. */
export const REPORT_STYLE_CSP_SOURCE = `'sha256-${createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64')}'`;

/** The CSP to render the report under: nothing may load; only the report's own <style> applies. */
export const REPORT_CSP = `default-src 'none'; style-src ${REPORT_STYLE_CSP_SOURCE}; img-src data:; base-uri 'none'; form-action 'none'`;

const esc = escapeXml;

function n3(x: number): string {
  return x.toFixed(3);
}

function ci(lo: number, hi: number): string {
  return `${n3(lo)} to ${n3(hi)}`;
}

function undefinedCell(s: { readonly message: string }): string {
  return `<td class="num">—</td><td colspan="2" class="muted">undefined: ${esc(s.message)}</td>`;
}

function kappaCells(k: KappaResult): string {
  if (!k.defined) return undefinedCell(k);
  const e = k.value;
  return `<td class="num">${n3(e.kappa)}</td><td class="num">${n3(e.se)}</td><td class="num">${ci(e.ci95[0], e.ci95[1])}${e.clipped ? '*' : ''}</td>`;
}

function scalarCells(s: Statistic<number>, asPercent = false): string {
  if (!s.defined) return undefinedCell(s);
  return `<td class="num">${asPercent ? `${(100 * s.value).toFixed(1)}%` : n3(s.value)}</td><td></td><td></td>`;
}

function intervalCells(s: Statistic<number>, interval: Statistic<readonly [number, number]>): string {
  if (!s.defined) return undefinedCell(s);
  const right = interval.defined ? ci(interval.value[0], interval.value[1]) : `<span class="muted">undefined: ${esc(interval.message)}</span>`;
  return `<td class="num">${n3(s.value)}</td><td></td><td class="num">${right}</td>`;
}

function row(name: string, cells: string): string {
  return `<tr><th scope="row">${esc(name)}</th>${cells}</tr>`;
}

function statisticsTable(r: PairReport): string {
  const s = r.statistics;
  const rows = [
    row('Exact agreement', scalarCells(s.agreement.exact, true)),
    row('Agreement within ±0.5', scalarCells(s.agreement.withinHalf, true)),
    row('Agreement within ±1', scalarCells(s.agreement.withinOne, true)),
    row("Cohen's kappa (unweighted)", kappaCells(s.kappa.unweighted)),
    row('Weighted kappa, linear', kappaCells(s.kappa.linear)),
    row('Weighted kappa, quadratic', kappaCells(s.kappa.quadratic)),
    ...s.cutoffs.map((c) => row(`Kappa at cut-off ≥ ${c.cutoff}`, kappaCells(c.kappa))),
    row('ICC(2,1)', s.icc21.defined ? intervalCells({ defined: true, value: s.icc21.value.value }, s.icc21.value.ci95) : undefinedCell(s.icc21)),
    row('ICC(3,1)', s.icc31.defined ? intervalCells({ defined: true, value: s.icc31.value.value }, s.icc31.value.ci95) : undefinedCell(s.icc31)),
    row("Krippendorff's alpha, ordinal", scalarCells(s.alphaOrdinal)),
    row("Krippendorff's alpha, interval", scalarCells(s.alphaInterval)),
    row("Gwet's AC1", scalarCells(s.ac1)),
    row("Gwet's AC2, linear", scalarCells(s.ac2Linear)),
    row("Gwet's AC2, quadratic", scalarCells(s.ac2Quadratic)),
  ];
  const clipped = [s.kappa.unweighted, s.kappa.linear, s.kappa.quadratic, ...s.cutoffs.map((c) => c.kappa)].some((k) => k.defined && k.value.clipped);
  return `<table><thead><tr><th>Statistic</th><th class="num">Estimate</th><th class="num">SE</th><th class="num">95% CI</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table>${clipped ? '<p class="muted">* interval clipped to [−1, 1].</p>' : ''}<p class="muted">Kappa and Gwet\u2019s AC over all ${
    s.categories.values.length
  } points of the scale; standard errors of Fleiss, Cohen &amp; Everitt (1969), CI = κ ± 1.96·SE.</p>`;
}

function blandAltmanTable(r: PairReport): string {
  const ba = r.blandAltman;
  return `<table><tbody>${[
    row(`Bias (mean ${r.raterA} − ${r.raterB})`, intervalCells(ba.bias, ba.biasCi95)),
    row('SD of differences', scalarCells(ba.sd)),
    row('Lower limit of agreement (bias − 1.96 SD)', intervalCells(ba.lower, ba.lowerCi95)),
    row('Upper limit of agreement (bias + 1.96 SD)', intervalCells(ba.upper, ba.upperCi95)),
  ].join('')}</tbody></table>`;
}

function disagreementsTable(r: PairReport): string {
  if (r.disagreements.length === 0) return `<p>No disagreement of ${r.disagreementSize} point${r.disagreementSize === 1 ? '' : 's'} or more.</p>`;
  const rows = r.disagreements.map(
    (d) =>
      `<tr><td>${esc(d.clip)}</td><td class="num">${d.a.score}</td><td class="num">${d.b.score}</td><td class="num">${d.difference}</td><td class="note">${esc(
        [d.a.note, d.a.overallNote].filter(Boolean).join(' — '),
      )}</td><td class="note">${esc([d.b.note, d.b.overallNote].filter(Boolean).join(' — '))}</td><td>${
        d.consensus ? `${d.consensus.score} <span class="muted">(v${d.consensus.version}, ${esc(d.consensus.decidedBy)}: ${esc(d.consensus.reason)})</span>` : ''
      }</td></tr>`,
  );
  return `<table><thead><tr><th>Clip</th><th class="num">${esc(r.raterA)}</th><th class="num">${esc(r.raterB)}</th><th class="num">A − B</th><th>Notes ${esc(
    r.raterA,
  )}</th><th>Notes ${esc(r.raterB)}</th><th>Consensus</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function driftTable(r: PairReport): string {
  const rows = r.drift.map(
    (b) =>
      `<tr><td class="num">${b.index}${b.partial ? ' (partial)' : ''}</td><td class="num">${b.first}–${b.last}</td><td>${esc(b.from.slice(0, 10))} to ${esc(
        b.to.slice(0, 10),
      )}</td>${kappaCells(b.kappa)}</tr>`,
  );
  return `<table><thead><tr><th class="num">Batch</th><th class="num">Clips</th><th>Submitted</th><th class="num">κ</th><th class="num">SE</th><th class="num">95% CI</th></tr></thead><tbody>${rows.join(
    '',
  )}</tbody></table>`;
}

export interface HtmlReportOptions {
  readonly studyName: string;
  /** Include the disagreements with the coders' notes (default true: the report is the lead's). */
  readonly includeNotes?: boolean;
}

export function reliabilityHtml(r: PairReport, options: HtmlReportOptions): string {
  const d = r.dimension;
  const v = r.verdict;
  const raters = { a: r.raterA, b: r.raterB };
  const title = `Reliability: ${d.label} — ${r.raterA} vs ${r.raterB}`;
  const range = r.range.from || r.range.to ? `${r.range.from ?? 'start'} to ${r.range.to ?? 'now'}` : 'all dates';
  const verdictClass = v.outcome === 'pass' ? 'pass' : v.outcome === 'fail' ? 'fail' : '';
  const verdictWord = v.outcome === 'pass' ? 'PASS' : v.outcome === 'fail' ? 'FAIL' : 'NO VERDICT YET';
  const excluded = r.exclusions.unscorable + r.exclusions.missingScore;
  const sections = [
    `<header><h1>${esc(title)}</h1><p>${esc(options.studyName)} · ${r.clipKind === 'training' ? 'training (gold-standard) clips' : 'outcome clips'} · ${esc(
      range,
    )} · generated ${esc(r.generatedAt)}</p></header>`,
    `<section><h2>Summary</h2><p class="verdict ${verdictClass}">${verdictWord}</p><p>${esc(v.message)}. Criterion: ${v.criterion.weights} weighted kappa${
      v.criterion.basis === 'ci_lower' ? ' (lower 95% limit)' : ''
    } ≥ ${v.criterion.threshold}, at least ${v.criterion.minPairs} pairs.</p><p>${r.n} double-coded clip${r.n === 1 ? '' : 's'} used on a ${d.min}–${d.max} scale in steps of ${
      d.step
    }${excluded > 0 ? `; ${excluded} excluded (${r.exclusions.unscorable} unscorable${r.exclusions.missingScore > 0 ? `, ${r.exclusions.missingScore} without a score` : ''})` : ''}${
      r.exclusions.pending > 0 ? `; ${r.exclusions.pending} not yet submitted by both` : ''
    }.</p></section>`,
    `<section><h2>Statistics</h2>${statisticsTable(r)}</section>`,
    `<section><h2>Confusion matrix</h2><figure>${heatmapSvg(r.confusion, raters)}<figcaption>Rows: ${esc(r.raterA)}; columns: ${esc(
      r.raterB,
    )}. Darker cells hold more clips.</figcaption></figure></section>`,
    `<section><h2>Bland–Altman</h2><figure>${blandAltmanSvg(r.blandAltman, d, raters)}<figcaption>Bland &amp; Altman (1986). Larger dots are several clips with the same ratings.</figcaption></figure>${blandAltmanTable(r)}</section>`,
    `<section><h2>Drift</h2><figure>${driftSvg(r.drift, v.criterion.threshold, v.criterion.weights)}<figcaption>${v.criterion.weights} weighted kappa per batch of ${
      r.driftOptions.batchSize
    } clips${r.driftOptions.step < r.driftOptions.batchSize ? ` (rolling, step ${r.driftOptions.step})` : ''}, in the order the second rating was submitted; open dots are partial batches.${r.driftNote === null ? '' : ` ${esc(r.driftNote)}`}</figcaption></figure>${driftTable(r)}</section>`,
    options.includeNotes === false
      ? ''
      : `<section><h2>Disagreements of ${r.disagreementSize} point${r.disagreementSize === 1 ? '' : 's'} or more</h2>${disagreementsTable(r)}</section>`,
  ];
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}"><title>${esc(
    title,
  )}</title><style>${REPORT_STYLE}</style></head><body>${sections.join('')}</body></html>`;
}
