// Inline SVG charts for the printable report: the confusion-matrix heatmap, the Bland–Altman plot
// and the drift plot. Presentation attributes only (fill, stroke, font-size) — never a `style`
// attribute, which a strict Content-Security-Policy (style-src without 'unsafe-inline') blocks —
// and no external reference of any kind, so the SVG renders the same in the app, in Chromium's
// print-to-PDF and in a browser opened from a file.
import type { BlandAltman, ConfusionHeatmap, DriftBatch } from '../../../common/contract';

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Coordinates to 0.01 px: exact enough to draw, short enough to read. */
const px = (x: number): string => String(Math.round(x * 100) / 100);

const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const INK = '#1a1a1a';
const GRID = '#d0d0d0';
const ACCENT = '#1f4e79';
const WARN = '#b03a2e';

function label(x: number): string {
  return Number(x.toPrecision(6)).toString();
}

/** White to dark blue by the share of the largest cell; 0 stays white. */
function heat(count: number, max: number): string {
  if (count === 0 || max === 0) return '#ffffff';
  const t = 0.15 + 0.85 * (count / max);
  const mix = (from: number, to: number) => Math.round(from + (to - from) * t);
  return `rgb(${mix(255, 31)},${mix(255, 78)},${mix(255, 121)})`;
}

export function heatmapSvg(confusion: ConfusionHeatmap, raters: { readonly a: string; readonly b: string }): string {
  const k = confusion.values.length;
  const cell = k <= 15 ? 28 : Math.max(8, Math.floor(420 / k));
  const left = 74;
  const top = 44;
  const size = cell * k;
  const width = left + size + 20;
  const height = top + size + 50;
  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeXml(
      `Confusion matrix: rows ${raters.a}, columns ${raters.b}`,
    )}" ${FONT}>`,
  );
  parts.push(`<text x="${px(left + size / 2)}" y="16" text-anchor="middle" font-size="12" fill="${INK}">${escapeXml(raters.b)} →</text>`);
  parts.push(
    `<text x="14" y="${px(top + size / 2)}" text-anchor="middle" font-size="12" fill="${INK}" transform="rotate(-90 14 ${px(top + size / 2)})">${escapeXml(raters.a)} →</text>`,
  );
  const showLabels = cell >= 16;
  confusion.values.forEach((v, i) => {
    if (!showLabels && i % Math.ceil(16 / cell) !== 0) return;
    parts.push(`<text x="${px(left + i * cell + cell / 2)}" y="${top - 6}" text-anchor="middle" font-size="12" fill="${INK}">${label(v)}</text>`);
    parts.push(`<text x="${left - 6}" y="${px(top + i * cell + cell / 2 + 4)}" text-anchor="end" font-size="12" fill="${INK}">${label(v)}</text>`);
  });
  confusion.counts.forEach((row, i) =>
    row.forEach((count, j) => {
      const x = left + j * cell;
      const y = top + i * cell;
      const stroke = i === j ? `stroke="${INK}" stroke-width="1.2"` : `stroke="${GRID}" stroke-width="0.5"`;
      parts.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${heat(count, confusion.max)}" ${stroke}><title>${escapeXml(
          `${raters.a} ${label(confusion.values[i]!)}, ${raters.b} ${label(confusion.values[j]!)}: ${count}`,
        )}</title></rect>`,
      );
      if (count > 0 && cell >= 16) {
        const dark = count / confusion.max > 0.5;
        parts.push(
          `<text x="${px(x + cell / 2)}" y="${px(y + cell / 2 + 4)}" text-anchor="middle" font-size="12" fill="${dark ? '#ffffff' : INK}">${count}</text>`,
        );
      }
    }),
  );
  parts.push(
    `<text x="${px(left + size / 2)}" y="${height - 14}" text-anchor="middle" font-size="12" fill="${INK}">Exact agreement on the outlined diagonal; ${k} scale points</text>`,
  );
  parts.push('</svg>');
  return parts.join('');
}

interface Frame {
  readonly x0: number;
  readonly x1: number;
  readonly y0: number;
  readonly y1: number;
  readonly plot: Layout;
}

interface Layout {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
  readonly width: number;
  readonly height: number;
}

// Every label at 12 px at least: the charts are read on screen at their own size and printed.
const PLOT: Layout = { left: 60, right: 16, top: 18, bottom: 48, width: 520, height: 300 };
/**
 * The drift plot keeps a key above its frame: a label written on the threshold's line sits on
 * whichever batch's interval or point crosses it there (the last batch's, at the right end).
 */
const DRIFT_PLOT: Layout = { ...PLOT, top: 36, height: 318 };

function mapX(f: Frame, x: number): number {
  const { left, right, width } = f.plot;
  return left + ((x - f.x0) / (f.x1 - f.x0)) * (width - left - right);
}

function mapY(f: Frame, y: number): number {
  const { top, bottom, height } = f.plot;
  return top + ((f.y1 - y) / (f.y1 - f.y0)) * (height - top - bottom);
}

/** "Nice" tick values covering [lo, hi] (Heckbert's 1-2-5 steps). */
export function ticks(lo: number, hi: number, target = 6): number[] {
  const span = hi - lo;
  if (!(span > 0)) return [lo];
  const raw = span / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + 1e-9 * step; v += step) out.push(Number(v.toPrecision(10)));
  return out;
}

function axes(f: Frame, xLabel: string, yLabel: string, xTicks: readonly number[], yTicks: readonly number[]): string {
  const plot = f.plot;
  const parts: string[] = [];
  const bottom = plot.height - plot.bottom;
  for (const t of yTicks) {
    const y = px(mapY(f, t));
    parts.push(`<line x1="${plot.left}" x2="${plot.width - plot.right}" y1="${y}" y2="${y}" stroke="${GRID}" stroke-width="0.5"/>`);
    parts.push(`<text x="${plot.left - 6}" y="${px(mapY(f, t) + 4)}" text-anchor="end" font-size="12" fill="${INK}">${label(t)}</text>`);
  }
  for (const t of xTicks) {
    parts.push(`<text x="${px(mapX(f, t))}" y="${bottom + 16}" text-anchor="middle" font-size="12" fill="${INK}">${label(t)}</text>`);
  }
  parts.push(`<rect x="${plot.left}" y="${plot.top}" width="${plot.width - plot.left - plot.right}" height="${bottom - plot.top}" fill="none" stroke="${INK}" stroke-width="0.8"/>`);
  parts.push(`<text x="${px((plot.left + plot.width - plot.right) / 2)}" y="${plot.height - 8}" text-anchor="middle" font-size="12" fill="${INK}">${escapeXml(xLabel)}</text>`);
  const cy = px((plot.top + bottom) / 2);
  parts.push(`<text x="14" y="${cy}" text-anchor="middle" font-size="12" fill="${INK}" transform="rotate(-90 14 ${cy})">${escapeXml(yLabel)}</text>`);
  return parts.join('');
}

/** A horizontal line across the frame, labelled at its right end when `text` is given. */
function hline(f: Frame, y: number, colour: string, dashed: boolean, text: string): string {
  const { left, right, width } = f.plot;
  const yy = px(mapY(f, y));
  return (
    `<line x1="${left}" x2="${width - right}" y1="${yy}" y2="${yy}" stroke="${colour}" stroke-width="1.2"${dashed ? DASH : ''}/>` +
    (text === '' ? '' : `<text x="${width - right - 4}" y="${px(mapY(f, y) - 4)}" text-anchor="end" font-size="12" fill="${colour}">${escapeXml(text)}</text>`)
  );
}

const DASH = ' stroke-dasharray="5 3"';

/** One entry of a chart's key: its swatch drawn in a 24×12 box at (x, y) (y the text's baseline). */
interface KeyEntry {
  readonly swatch: (x: number, y: number) => string;
  readonly text: string;
}

/**
 * A key in the top margin, above the frame, right-aligned to it. Widths are estimated (0.6 em a
 * character, generous for Helvetica's digits and lower case) so entries never run into each other.
 */
function key(plot: Layout, entries: readonly KeyEntry[]): string {
  const y = plot.top - 12;
  const widths = entries.map((e) => 28 + Math.ceil(e.text.length * 7.2));
  let x = plot.width - plot.right - (widths.reduce((a, b) => a + b, 0) + 16 * (entries.length - 1));
  const parts: string[] = [];
  entries.forEach((e, i) => {
    parts.push(e.swatch(x, y), `<text x="${px(x + 28)}" y="${y}" font-size="12" fill="${INK}">${escapeXml(e.text)}</text>`);
    x += widths[i]! + 16;
  });
  return parts.join('');
}

function open(plot: Layout, aria: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${plot.width} ${plot.height}" width="${plot.width}" height="${plot.height}" role="img" aria-label="${escapeXml(aria)}" ${FONT}>`;
}

/** Mean of the two ratings (x) against their difference A − B (y); coinciding clips drawn as one larger dot. */
export function blandAltmanSvg(ba: BlandAltman, scale: { readonly min: number; readonly max: number; readonly step: number }, raters: { readonly a: string; readonly b: string }): string {
  const extent = Math.max(
    scale.step,
    ...ba.points.map((p) => Math.abs(p.difference)),
    ...(ba.lower.defined ? [Math.abs(ba.lower.value)] : []),
    ...(ba.upper.defined ? [Math.abs(ba.upper.value)] : []),
  );
  const f: Frame = { x0: scale.min, x1: scale.max === scale.min ? scale.min + 1 : scale.max, y0: -extent * 1.15, y1: extent * 1.15, plot: PLOT };
  const parts = [open(PLOT, `Bland–Altman plot: difference ${raters.a} − ${raters.b} against the mean of the two ratings`)];
  parts.push(axes(f, 'Mean of the two ratings', `Difference (${raters.a} − ${raters.b})`, ticks(f.x0, f.x1), ticks(f.y0, f.y1)));
  parts.push(hline(f, 0, GRID, false, ''));
  const grouped = new Map<string, { mean: number; difference: number; clips: string[] }>();
  for (const p of ba.points) {
    const key = `${p.mean}|${p.difference}`;
    const g = grouped.get(key) ?? { mean: p.mean, difference: p.difference, clips: [] };
    g.clips.push(p.label);
    grouped.set(key, g);
  }
  for (const g of grouped.values()) {
    const r = 2.5 + 2 * Math.sqrt(g.clips.length - 1);
    parts.push(
      `<circle cx="${px(mapX(f, g.mean))}" cy="${px(mapY(f, g.difference))}" r="${px(r)}" fill="${ACCENT}" fill-opacity="0.6" stroke="${ACCENT}" stroke-width="0.6"><title>${escapeXml(
        `${g.clips.length} clip${g.clips.length === 1 ? '' : 's'}: mean ${label(g.mean)}, difference ${label(g.difference)} (${g.clips.slice(0, 8).join(', ')}${g.clips.length > 8 ? ', …' : ''})`,
      )}</title></circle>`,
    );
  }
  if (ba.bias.defined) parts.push(hline(f, ba.bias.value, ACCENT, false, `bias ${ba.bias.value.toFixed(2)}`));
  if (ba.lower.defined) parts.push(hline(f, ba.lower.value, WARN, true, `−1.96 SD ${ba.lower.value.toFixed(2)}`));
  if (ba.upper.defined) parts.push(hline(f, ba.upper.value, WARN, true, `+1.96 SD ${ba.upper.value.toFixed(2)}`));
  parts.push('</svg>');
  return parts.join('');
}

/** Each batch's kappa with its 95% CI, in time order, against the threshold. */
export function driftSvg(batches: readonly DriftBatch[], threshold: number, weights: string): string {
  const lows = batches.flatMap((b) => (b.kappa.defined ? [b.kappa.value.ci95[0]] : []));
  const f: Frame = { x0: 0.5, x1: Math.max(1, batches.length) + 0.5, y0: Math.max(-1, Math.min(0, threshold - 0.1, ...lows)), y1: 1, plot: DRIFT_PLOT };
  const parts = [open(DRIFT_PLOT, `Drift: ${weights} weighted kappa per batch of double-coded clips, with 95% confidence intervals, against the threshold ${threshold}`)];
  const xTicks = ticks(1, Math.max(1, batches.length), Math.min(10, batches.length)).filter((t) => Number.isInteger(t));
  parts.push(axes(f, 'Batch (in order of submission)', `${weights} weighted kappa`, xTicks, ticks(f.y0, f.y1, 5)));
  parts.push(hline(f, threshold, WARN, true, ''));
  const entries: KeyEntry[] = [
    { swatch: (x, y) => `<circle cx="${x + 12}" cy="${y - 4}" r="3.5" fill="${ACCENT}"/><line x1="${x + 12}" x2="${x + 12}" y1="${y - 11}" y2="${y + 3}" stroke="${ACCENT}" stroke-width="1"/>`, text: 'κ with 95% CI' },
    ...(batches.some((b) => b.partial)
      ? [{ swatch: (x: number, y: number) => `<circle cx="${x + 12}" cy="${y - 4}" r="3.5" fill="#ffffff" stroke="${ACCENT}" stroke-width="1.2"/>`, text: 'partial batch' }]
      : []),
    { swatch: (x, y) => `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${WARN}" stroke-width="1.2"${DASH}/>`, text: `threshold ${threshold}` },
  ];
  parts.push(key(DRIFT_PLOT, entries));
  let path = '';
  for (const b of batches) {
    const x = px(mapX(f, b.index));
    if (!b.kappa.defined) {
      parts.push(`<text x="${x}" y="${px(mapY(f, f.y0) - 6)}" text-anchor="middle" font-size="12" fill="${WARN}">n/a<title>${escapeXml(`Batch ${b.index}: ${b.kappa.message}`)}</title></text>`);
      continue;
    }
    const e = b.kappa.value;
    path += `${path === '' ? 'M' : 'L'}${x} ${px(mapY(f, e.kappa))}`;
    parts.push(`<line x1="${x}" x2="${x}" y1="${px(mapY(f, e.ci95[0]))}" y2="${px(mapY(f, e.ci95[1]))}" stroke="${ACCENT}" stroke-width="1"/>`);
    const colour = e.kappa >= threshold ? ACCENT : WARN;
    parts.push(
      `<circle cx="${x}" cy="${px(mapY(f, e.kappa))}" r="3.5" fill="${b.partial ? '#ffffff' : colour}" stroke="${colour}" stroke-width="1.2"><title>${escapeXml(
        `Batch ${b.index} (clips ${b.first}–${b.last}${b.partial ? ', partial' : ''}): kappa ${e.kappa.toFixed(3)}, 95% CI ${e.ci95[0].toFixed(3)} to ${e.ci95[1].toFixed(3)}`,
      )}</title></circle>`,
    );
  }
  if (path !== '') parts.splice(2, 0, `<path d="${path}" fill="none" stroke="${ACCENT}" stroke-width="0.8" stroke-opacity="0.5"/>`);
  parts.push('</svg>');
  return parts.join('');
}
