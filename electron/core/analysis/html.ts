// The analysis report as a printable, self-contained HTML document: no scripts, figures inline, its
// own CSP — for Chromium's print engine (Host.renderPdf).
import type { AnalysisView, ReportFigureView, ReportTableView } from '../../common/contract';
import { escapeXml } from './plots';

const escapeHtml = escapeXml;

function tableHtml(t: ReportTableView): string {
  const head = `<tr>${t.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr>`;
  const body = t.rows.map((row) => `<tr>${row.map((cell, i) => (i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`)).join('')}</tr>`).join('\n');
  const notes = t.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<table><caption>${escapeHtml(t.caption)}</caption><thead>${head}</thead><tbody>${body}</tbody></table>${notes}`;
}

function figureHtml(f: ReportFigureView): string {
  const svg = Buffer.from(f.dataUrl.slice(f.dataUrl.indexOf(',') + 1), 'base64').toString('utf8');
  return `<figure>${svg}<figcaption>${escapeHtml(f.title)}: ${f.description.map(escapeHtml).join('; ')}</figcaption></figure>`;
}

export function reportHtml(view: AnalysisView): string {
  const r = view.report;
  const title = `Blindfold analysis report — ${r.study}`;
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`,
    `<title>${escapeHtml(title)}</title>`,
    '<style>',
    '@page{size:A4;margin:14mm}body{font-family:Helvetica,Arial,sans-serif;font-size:10pt;color:#1b1f24;margin:0}',
    'h1{font-size:16pt;margin:0 0 4pt}h2{font-size:13pt;margin:16pt 0 6pt;break-after:avoid}',
    'dl{display:grid;grid-template-columns:max-content 1fr;gap:2pt 10pt}dt{font-weight:bold}dd{margin:0;overflow-wrap:anywhere}',
    'table{border-collapse:collapse;width:100%;margin:6pt 0 2pt;break-inside:avoid}caption{text-align:left;font-weight:bold;padding:2pt 0}',
    'th,td{border:1px solid #b8c0c8;padding:2pt 4pt;text-align:left;vertical-align:top}thead th{background:#eef1f5}',
    '.note{font-size:8.5pt;color:#4a5561;margin:0 0 6pt}figure{margin:8pt 0;break-inside:avoid}figure svg{max-width:100%;height:auto}',
    'figcaption{font-size:8.5pt;color:#4a5561}',
    '</style></head><body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>Generated ${escapeHtml(r.generated_at)} (UTC)</p>`,
    `<dl>${view.facts.map((f) => `<dt>${escapeHtml(f.term)}</dt><dd>${escapeHtml(f.detail)}</dd>`).join('')}</dl>`,
    ...view.sections.map((s) => `<section><h2>${escapeHtml(s.heading)}</h2>${s.tables.map(tableHtml).join('\n')}${s.figures.map(figureHtml).join('\n')}</section>`),
    '</body></html>',
    '',
  ].join('\n');
}
