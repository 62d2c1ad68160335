// The report's two figures as SVG text, built here without a chart library: % in the upper category
// by arm across timepoints (with Clopper–Pearson intervals), and individual transitions between
// consecutive timepoints (improved / stayed / declined, as 100% bars with counts). Pure: report in,
// strings out; the caller decides where files go. Colours are Okabe–Ito, safe for colour-blind
// readers, and every mark also carries a text label or title.
import type { AnalysisReport, RateJson } from '../../common/contract';
import { timepointLabel } from './timepoints';

const COLOURS = { intervention: '#0072B2', control: '#E69F00', improved: '#009E73', stayed: '#BBBBBB', declined: '#D55E00' } as const;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const n2 = (x: number) => Number(x.toFixed(2));

function svg(width: number, height: number, title: string, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    ...body,
    '</svg>',
    '',
  ].join('\n');
}

function text(x: number, y: number, s: string, o: { size?: number; anchor?: 'start' | 'middle' | 'end'; weight?: string; fill?: string } = {}): string {
  return `<text x="${n2(x)}" y="${n2(y)}" ${FONT} font-size="${o.size ?? 12}" text-anchor="${o.anchor ?? 'start'}"${o.weight ? ` font-weight="${o.weight}"` : ''} fill="${o.fill ?? '#222222'}">${escapeXml(s)}</text>`;
}

/** % in the upper category by arm across timepoints, for one dimension (and task). */
export function upperCategoryPlotSvg(report: AnalysisReport, dimension: string, task: string | null = null): string {
  const rows = report.outcomes.filter((o) => o.dimension === dimension && o.task === task);
  const first = rows[0];
  if (!first) throw new RangeError(`no outcome for dimension ${dimension}`);
  const width = 640;
  const height = 400;
  const m = { left: 64, right: 170, top: 56, bottom: 56 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const inset = 48; // keeps the first and last timepoints off the axes
  const x = (i: number) => m.left + (rows.length === 1 ? plotW / 2 : inset + (i * (plotW - 2 * inset)) / (rows.length - 1));
  const y = (p: number) => m.top + plotH * (1 - p);
  const title = `${first.label}: % ${first.upper_category.label} (≥ ${first.upper_category.from}) by arm${task ? ` · ${task}` : ''}`;
  const body: string[] = [text(width / 2, 28, title, { size: 15, anchor: 'middle', weight: 'bold' })];
  for (const p of [0, 0.25, 0.5, 0.75, 1]) {
    body.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${n2(y(p))}" y2="${n2(y(p))}" stroke="#e5e5e5"/>`);
    body.push(text(m.left - 8, y(p) + 4, `${p * 100}%`, { anchor: 'end', size: 11 }));
  }
  body.push(`<line x1="${m.left}" x2="${m.left}" y1="${m.top}" y2="${m.top + plotH}" stroke="#444444"/>`);
  body.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#444444"/>`);
  rows.forEach((o, i) => body.push(text(x(i), m.top + plotH + 20, timepointLabel(o.timepoint), { anchor: 'middle' })));
  const arms = [
    { arm: 'intervention' as const, label: report.arms.intervention, dx: -5 },
    { arm: 'control' as const, label: report.arms.control, dx: 5 },
  ];
  for (const { arm, label, dx } of arms) {
    const colour = COLOURS[arm];
    const points = rows.map((o, i) => ({ i, r: o[arm].upper as RateJson })).filter((p) => p.r.proportion !== null);
    if (points.length > 1) {
      body.push(`<polyline fill="none" stroke="${colour}" stroke-width="2" points="${points.map((p) => `${n2(x(p.i) + dx)},${n2(y(p.r.proportion!))}`).join(' ')}"/>`);
    }
    for (const { i, r } of points) {
      const cx = x(i) + dx;
      if (r.ci95) {
        body.push(`<line x1="${n2(cx)}" x2="${n2(cx)}" y1="${n2(y(r.ci95[0]))}" y2="${n2(y(r.ci95[1]))}" stroke="${colour}" stroke-width="1.5"/>`);
        for (const v of r.ci95) body.push(`<line x1="${n2(cx - 4)}" x2="${n2(cx + 4)}" y1="${n2(y(v))}" y2="${n2(y(v))}" stroke="${colour}" stroke-width="1.5"/>`);
      }
      const tip = `${label} at ${timepointLabel(rows[i]!.timepoint)}: ${r.count}/${r.n} = ${Math.round(r.proportion! * 100)}%${r.ci95 ? ` (95% CI ${Math.round(r.ci95[0] * 100)}–${Math.round(r.ci95[1] * 100)}%)` : ''}`;
      body.push(`<circle cx="${n2(cx)}" cy="${n2(y(r.proportion!))}" r="4.5" fill="${colour}"><title>${escapeXml(tip)}</title></circle>`);
    }
  }
  arms.forEach(({ arm, label }, k) => {
    const ly = m.top + 10 + k * 22;
    body.push(`<rect x="${width - m.right + 20}" y="${ly - 9}" width="14" height="14" fill="${COLOURS[arm]}"/>`);
    body.push(text(width - m.right + 40, ly + 2, label));
  });
  body.push(text(width - m.right + 20, m.top + 64, 'Bars: Clopper–Pearson', { size: 10, fill: '#555555' }));
  body.push(text(width - m.right + 20, m.top + 78, 'exact 95% CI', { size: 10, fill: '#555555' }));
  body.push(text(16, m.top + plotH / 2, `% ${first.upper_category.label}`, { size: 12, anchor: 'middle' }).replace('<text ', `<text transform="rotate(-90 16 ${n2(m.top + plotH / 2)})" `));
  return svg(width, height, title, body);
}

/** Improved / stayed / declined between consecutive timepoints, by arm, as 100% bars. */
export function transitionsPlotSvg(report: AnalysisReport, dimension: string, task: string | null = null): string {
  const rows = report.transitions.filter((t) => t.dimension === dimension && t.task === task);
  const label = report.outcomes.find((o) => o.dimension === dimension)?.label ?? dimension;
  const title = `${label}: transitions between categories${task ? ` · ${task}` : ''}`;
  const width = 640;
  const barH = 22;
  const m = { left: 210, right: 30, top: 70 };
  const plotW = width - m.left - m.right;
  const groups = rows.length;
  const height = m.top + Math.max(1, groups) * (2 * barH + 26) + 40;
  const body: string[] = [text(width / 2, 28, title, { size: 15, anchor: 'middle', weight: 'bold' })];
  const keys = ['improved', 'stayed', 'declined'] as const;
  keys.forEach((k, i) => {
    body.push(`<rect x="${m.left + i * 110}" y="40" width="14" height="14" fill="${COLOURS[k]}"/>`);
    body.push(text(m.left + i * 110 + 20, 52, k));
  });
  if (rows.length === 0) body.push(text(width / 2, m.top + 20, 'Only one timepoint: no transitions.', { anchor: 'middle' }));
  rows.forEach((t, g) => {
    const top = m.top + g * (2 * barH + 26);
    body.push(text(16, top + 4, `${timepointLabel(t.from)} → ${timepointLabel(t.to)}`, { weight: 'bold' }));
    (['intervention', 'control'] as const).forEach((arm, k) => {
      const a = t[arm];
      const y = top + 10 + k * (barH + 4);
      body.push(text(m.left - 8, y + barH / 2 + 4, `${arm === 'intervention' ? report.arms.intervention : report.arms.control} (n ${a.n})`, { anchor: 'end' }));
      let x = m.left;
      for (const key of keys) {
        const w = a.n === 0 ? 0 : (a[key] / a.n) * plotW;
        if (w > 0) {
          body.push(`<rect x="${n2(x)}" y="${y}" width="${n2(w)}" height="${barH}" fill="${COLOURS[key]}"><title>${escapeXml(`${key}: ${a[key]} of ${a.n}`)}</title></rect>`);
          if (w >= 24) body.push(text(x + w / 2, y + barH / 2 + 4, String(a[key]), { anchor: 'middle', size: 11, fill: key === 'stayed' ? '#222222' : '#ffffff' }));
        }
        x += w;
      }
      if (a.n === 0) body.push(`<rect x="${m.left}" y="${y}" width="${plotW}" height="${barH}" fill="none" stroke="#cccccc"/>`);
    });
  });
  return svg(width, height, title, body);
}

export interface Plot {
  /** A file name: letters, digits, '_' and '-' only. */
  readonly file: string;
  readonly title: string;
  readonly svg: string;
}

const safeName = (s: string) => s.normalize('NFKD').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'task';

/** Both figures for every dimension (and task). */
export function analysisPlots(report: AnalysisReport): Plot[] {
  const plots: Plot[] = [];
  const dimensions = [...new Set(report.outcomes.map((o) => o.dimension))];
  for (const dimension of dimensions) {
    for (const task of report.tasks) {
      const suffix = task ? `_${safeName(task)}` : '';
      const label = report.outcomes.find((o) => o.dimension === dimension)?.label ?? dimension;
      plots.push({ file: `${dimension}${suffix}_upper_category.svg`, title: `${label}: % in upper category by arm`, svg: upperCategoryPlotSvg(report, dimension, task) });
      plots.push({ file: `${dimension}${suffix}_transitions.svg`, title: `${label}: transitions between timepoints`, svg: transitionsPlotSvg(report, dimension, task) });
    }
  }
  return plots;
}
