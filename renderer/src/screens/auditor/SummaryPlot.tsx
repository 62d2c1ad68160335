// % acceptable adherence per group as horizontal bars with Clopper–Pearson whiskers, drawn as SVG:
// all sampled sessions, then each clinician, then each session number.
import type { FidelityGroupRow } from '../../../../electron/common/contract';

const ROW = 24;
const LABEL_W = 170;
const PLOT_W = 420;
const RIGHT_W = 70;
const TOP = 8;
const AXIS_H = 30;
const GAP = 12;
const TICKS = [0, 25, 50, 75, 100];

const xOf = (p: number) => LABEL_W + p * PLOT_W;

type Section = { readonly title: string; readonly rows: readonly FidelityGroupRow[] };

/** Rows placed top to bottom: a title line per non-empty section, then its rows, then a gap. */
function layout(sections: readonly Section[]) {
  let y = TOP;
  const placed = sections
    .filter((s) => s.rows.length > 0)
    .map((section) => {
      const titleY = y + 14;
      y += 20;
      const rows = section.rows.map((row, i) => ({ row, y: y + i * ROW }));
      y += section.rows.length * ROW + GAP;
      return { title: section.title, titleY, rows };
    });
  return { placed, plotBottom: y };
}

export function SummaryPlot({ sections }: { sections: readonly Section[] }) {
  const { placed, plotBottom } = layout(sections);
  const height = plotBottom + AXIS_H;
  const width = LABEL_W + PLOT_W + RIGHT_W;
  const described = placed
    .flatMap((s) => s.rows.map((r) => r.row))
    .map((r) =>
      r.proportionAcceptable === null || r.ci === null
        ? `${r.group}: not scored`
        : `${r.group}: ${(r.proportionAcceptable * 100).toFixed(1)}% acceptable (95% CI ${(r.ci.lower * 100).toFixed(1)} to ${(r.ci.upper * 100).toFixed(1)}%)`,
    )
    .join('; ');

  return (
    <figure className="summary-plot">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Percent acceptable with 95% confidence intervals. ${described}`}>
        {TICKS.map((t) => (
          <g key={t}>
            <line className="plot-grid" x1={xOf(t / 100)} x2={xOf(t / 100)} y1={TOP} y2={plotBottom} />
            <text className="plot-tick" x={xOf(t / 100)} y={plotBottom + 16} textAnchor="middle">
              {t}%
            </text>
          </g>
        ))}
        {placed.map((section) => (
          <g key={section.title}>
            <text className="plot-section" x={4} y={section.titleY}>
              {section.title}
            </text>
            {section.rows.map(({ row, y: rowY }) => {
              const mid = rowY + ROW / 2;
              const p = row.proportionAcceptable;
              return (
                <g key={`${row.level}-${row.group}`}>
                  <text className="plot-label" x={LABEL_W - 8} y={mid + 4} textAnchor="end">
                    {row.group}
                  </text>
                  {p === null || row.ci === null ? (
                    <text className="plot-none" x={xOf(0) + 6} y={mid + 4}>
                      not scored
                    </text>
                  ) : (
                    <>
                      <rect className={`plot-bar plot-bar-${row.level}`} x={xOf(0)} y={rowY + 5} width={p * PLOT_W} height={ROW - 10} />
                      <line className="plot-whisker" x1={xOf(row.ci.lower)} x2={xOf(row.ci.upper)} y1={mid} y2={mid} />
                      <line className="plot-whisker" x1={xOf(row.ci.lower)} x2={xOf(row.ci.lower)} y1={mid - 6} y2={mid + 6} />
                      <line className="plot-whisker" x1={xOf(row.ci.upper)} x2={xOf(row.ci.upper)} y1={mid - 6} y2={mid + 6} />
                      <text className="plot-value" x={LABEL_W + PLOT_W + 8} y={mid + 4}>
                        {(p * 100).toFixed(1)}%
                      </text>
                    </>
                  )}
                </g>
              );
            })}
          </g>
        ))}
        <line className="plot-axis" x1={xOf(0)} x2={xOf(1)} y1={plotBottom} y2={plotBottom} />
      </svg>
      <figcaption className="muted">Bars: % of scored sessions with acceptable adherence; whiskers: Clopper–Pearson exact 95% CI.</figcaption>
    </figure>
  );
}
