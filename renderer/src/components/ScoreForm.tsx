// One radio group per dimension, every point of the scale shown, with the category cut-off marked
// on the scale itself (e.g. 5.5–7 "sensitive").
import type { ScaleDimension } from '../../../electron/core/contract';

export type DraftScores = Readonly<Record<string, number | null>>;

function points(d: ScaleDimension): number[] {
  const count = Math.round((d.max - d.min) / d.step);
  return Array.from({ length: count + 1 }, (_, i) => Number((d.min + i * d.step).toFixed(10)));
}

function categoryIndex(d: ScaleDimension, score: number): number {
  let index = 0;
  d.categories.forEach((c, i) => {
    if (score >= c.from - 1e-9) index = i;
  });
  return index;
}

export function ScoreForm({
  dimensions,
  scores,
  disabled,
  onChange,
}: {
  dimensions: readonly ScaleDimension[];
  scores: DraftScores;
  disabled: boolean;
  onChange: (id: string, score: number) => void;
}) {
  return (
    <div className="score-form">
      {dimensions.map((d) => {
        const value = scores[d.id] ?? null;
        return (
          <fieldset key={d.id} className="dimension" disabled={disabled}>
            <legend>{d.label}</legend>
            <div className="scale" role="presentation">
              {points(d).map((p) => {
                const id = `${d.id}-${String(p).replace('.', '_')}`;
                return (
                  <span key={p} className={`point cat-${categoryIndex(d, p)}`}>
                    <input
                      type="radio"
                      id={id}
                      name={d.id}
                      value={p}
                      checked={value === p}
                      onChange={() => onChange(d.id, p)}
                      aria-label={`${d.label} ${p}`}
                    />
                    <label htmlFor={id}>{p}</label>
                  </span>
                );
              })}
            </div>
            <div className="categories" aria-hidden="true">
              {d.categories.map((c, i) => {
                const next = d.categories[i + 1];
                const last = next ? Number((next.from - d.step).toFixed(10)) : d.max;
                return (
                  <span key={c.label} className={`category cat-${i}`}>
                    {c.label} ({c.from}–{last})
                  </span>
                );
              })}
            </div>
            <p className="chosen" aria-live="polite">
              {value === null ? 'Not scored yet' : `Score ${value}: ${d.categories[categoryIndex(d, value)]?.label ?? ''}`}
            </p>
          </fieldset>
        );
      })}
    </div>
  );
}
