// The study's anchor texts for the dimension being scored, beside the video so they stay in view
// while watching: every point that has one, the cut-off bands as the scale labels them, and the
// point with the focus (or the score chosen) marked.
import type { ScaleDimension } from '../../../electron/common/contract';
import { CategoryBands, categoryIndex, points } from './ScoreForm';

export function AnchorPanel({ d, focused, chosen }: { d: ScaleDimension; focused: number | null; chosen: number | null }) {
  const anchored = points(d).filter((p) => d.anchors[String(p)]);
  const mark = focused ?? chosen;
  return (
    <aside className="anchor-panel" aria-label={`Anchors: ${d.label}`}>
      <h2>Anchors — {d.label}</h2>
      <p className="anchor-bands">
        <CategoryBands d={d} />
      </p>
      {anchored.length === 0 ? (
        <p className="muted">This study's scale has no anchor texts.</p>
      ) : (
        <dl>
          {anchored.map((p) => (
            <div key={p} className={`anchor cat-${categoryIndex(d, p)}${p === mark ? ' anchor-current' : ''}`} aria-current={p === mark ? 'true' : undefined}>
              <dt>{p}</dt>
              <dd>{d.anchors[String(p)]}</dd>
            </div>
          ))}
        </dl>
      )}
    </aside>
  );
}
