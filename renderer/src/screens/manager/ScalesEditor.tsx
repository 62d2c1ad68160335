// The study's rating scales: the EAS defaults, presets to switch on, and custom dimensions with the
// study's own anchor texts and category cut-offs. No manual text ships with Blindfold.
import { useState } from 'react';
import type { ScaleDimension } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { points } from '../../components/ScoreForm';
import { useCall } from '../../hooks/useCall';
import { BlindingCheckCard } from './BlindingCheckCard';

function DimensionEditor({ d, onChange, onRemove, disabled }: { d: ScaleDimension; onChange: (d: ScaleDimension) => void; onRemove: () => void; disabled: boolean }) {
  const num = (v: string) => Number(v);
  return (
    <fieldset className="card dimension-editor" disabled={disabled}>
      <legend>{d.label || 'New dimension'}</legend>
      <div className="grid-3">
        <div>
          <label htmlFor={`${d.id}-label`}>Label</label>
          <input id={`${d.id}-label`} value={d.label} onChange={(e) => onChange({ ...d, label: e.target.value })} />
        </div>
        <div>
          <label htmlFor={`${d.id}-range`}>Minimum · maximum · step</label>
          <div className="row" id={`${d.id}-range`}>
            <input aria-label={`${d.label} minimum`} type="number" value={d.min} onChange={(e) => onChange({ ...d, min: num(e.target.value) })} />
            <input aria-label={`${d.label} maximum`} type="number" value={d.max} onChange={(e) => onChange({ ...d, max: num(e.target.value) })} />
            <input aria-label={`${d.label} step`} type="number" step="0.1" value={d.step} onChange={(e) => onChange({ ...d, step: num(e.target.value) })} />
          </div>
        </div>
        <div>
          <label htmlFor={`${d.id}-categories`}>Categories (from:label, …)</label>
          <input
            id={`${d.id}-categories`}
            value={d.categories.map((c) => `${c.from}:${c.label}`).join(', ')}
            onChange={(e) =>
              onChange({
                ...d,
                categories: e.target.value
                  .split(',')
                  .map((part) => part.split(':'))
                  .filter((p) => p.length === 2)
                  .map(([from, label]) => ({ from: Number(from), label: (label ?? '').trim() })),
              })
            }
          />
        </div>
      </div>
      <details>
        <summary>Anchor texts (the study's own)</summary>
        <div className="anchors">
          {(d.max > d.min && d.step > 0 && (d.max - d.min) / d.step <= 100 ? points(d) : []).map((p) => (
            <div key={p} className="row">
              <label htmlFor={`${d.id}-anchor-${p}`}>{p}</label>
              <input
                id={`${d.id}-anchor-${p}`}
                value={d.anchors[String(p)] ?? ''}
                onChange={(e) => {
                  const anchors = { ...d.anchors };
                  if (e.target.value) anchors[String(p)] = e.target.value;
                  else delete anchors[String(p)];
                  onChange({ ...d, anchors });
                }}
              />
            </div>
          ))}
        </div>
      </details>
      <button type="button" onClick={onRemove}>
        Remove {d.label}
      </button>
    </fieldset>
  );
}

export function ScalesEditor() {
  const [scales, reload] = useCall('study.scales', {});
  const [draft, setDraft] = useState<readonly ScaleDimension[] | null>(null);
  const [message, setMessage] = useState('');
  if (scales.state !== 'ready') return <p>{scales.state === 'error' ? scales.message : 'Loading…'}</p>;
  const { presets, locked } = scales.value;
  const dimensions = draft ?? scales.value.dimensions;
  const ids = new Set(dimensions.map((d) => d.id));
  const save = async () => {
    try {
      await call('study.setScales', { dimensions: dimensions.map((d) => ({ ...d, categories: d.categories.map((c) => ({ ...c })), anchors: { ...d.anchors } })) });
      setMessage('Scales saved.');
      setDraft(null);
      reload();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="scales-editor">
      {locked && <p className="locked-note">Ratings have been submitted: the scales are fixed for this study.</p>}
      {dimensions.map((d, i) => (
        <DimensionEditor
          key={d.id}
          d={d}
          disabled={locked}
          onChange={(next) => setDraft(dimensions.map((x, j) => (j === i ? next : x)))}
          onRemove={() => setDraft(dimensions.filter((_, j) => j !== i))}
        />
      ))}
      {!locked && (
        <div className="row">
          <label htmlFor="add-preset">Add a dimension</label>
          <select
            id="add-preset"
            value=""
            onChange={(e) => {
              const preset = presets.find((p) => p.id === e.target.value);
              if (preset) setDraft([...dimensions, preset]);
              else if (e.target.value === 'custom') {
                let n = 1;
                while (ids.has(`custom_${n}`)) n++;
                setDraft([...dimensions, { id: `custom_${n}`, label: `Custom ${n}`, min: 1, max: 5, step: 1, categories: [{ from: 1, label: 'all' }], anchors: {} }]);
              }
            }}
          >
            <option value="">Choose…</option>
            {presets
              .filter((p) => !ids.has(p.id))
              .map((p) => (
                <option key={p.id} value={p.id}>
                  {p.label} ({p.min}–{p.max})
                </option>
              ))}
            <option value="custom">Custom scale…</option>
          </select>
          <button type="button" className="primary" disabled={draft === null} onClick={() => void save()}>
            Save scales
          </button>
        </div>
      )}
      {message && <p aria-live="polite">{message}</p>}
      <BlindingCheckCard />
    </div>
  );
}
