// The rating form: one radio group per dimension with every point of the scale and its category
// cut-off marked on the scale itself (e.g. 5.5–7 "sensitive"), then a note per dimension and
// overall, and "unscorable" with a reason. The scales come first and one after the other, so Tab and
// Shift+Tab move from dimension to dimension (one tab stop per radio group) and the notes follow.
import type { ReactNode } from 'react';
import type { Draft, ScaleDimension, UnscorableReason } from '../../../electron/common/contract';
import { pointId } from './scoreKeys';

export const UNSCORABLE_TEXT: Readonly<Record<UnscorableReason, string>> = {
  video_quality: 'Video quality',
  wrong_task: 'Wrong task',
  too_short: 'Too short',
  other: 'Other',
};

export function points(d: ScaleDimension): number[] {
  const count = Math.round((d.max - d.min) / d.step);
  return Array.from({ length: count + 1 }, (_, i) => Number((d.min + i * d.step).toFixed(10)));
}

export function categoryIndex(d: ScaleDimension, score: number): number {
  let index = 0;
  d.categories.forEach((c, i) => {
    if (score >= c.from - 1e-9) index = i;
  });
  return index;
}

/** The scale's cut-off bands as it labels them: "not sensitive (1–5)", "sensitive (5.5–7)". */
export function CategoryBands({ d }: { d: ScaleDimension }) {
  return (
    <>
      {d.categories.map((c, i) => {
        const next = d.categories[i + 1];
        const last = next ? Number((next.from - d.step).toFixed(10)) : d.max;
        return (
          <span key={c.label} className={`category cat-${i}`}>
            {c.label} ({c.from}–{last})
          </span>
        );
      })}
    </>
  );
}

function ScaleField({ d, value, active, onScore }: { d: ScaleDimension; value: number | null; active: boolean; onScore: (score: number) => void }) {
  return (
    <fieldset className={`dimension${active ? ' active' : ''}`} data-dimension={d.id} aria-describedby="score-keys-hint">
      <legend>{d.label}</legend>
      <div className="scale">
        {points(d).map((p) => {
          const id = pointId(d.id, p);
          const anchor = d.anchors[String(p)];
          return (
            <span key={p} className={`point cat-${categoryIndex(d, p)}`}>
              <input
                type="radio"
                id={id}
                name={d.id}
                value={p}
                checked={value === p}
                onChange={() => onScore(p)}
                aria-label={`${d.label} ${p}${anchor ? ` — ${anchor}` : ''}`}
              />
              <label htmlFor={id} title={anchor}>
                {p}
              </label>
            </span>
          );
        })}
      </div>
      <div className="categories" aria-hidden="true">
        <CategoryBands d={d} />
      </div>
      <p className="chosen" aria-live="polite">
        {value === null ? 'Not scored yet' : `Score ${value}: ${d.categories[categoryIndex(d, value)]?.label ?? ''}`}
        {value !== null && d.anchors[String(value)] ? ` — ${d.anchors[String(value)]}` : ''}
      </p>
    </fieldset>
  );
}

/** How "unscorable" is worded: for a video clip by default, for a sound recording by the auditor. */
export interface UnscorableWording {
  readonly noun: string;
  readonly reasons: Readonly<Record<UnscorableReason, string>>;
}

export const CLIP_WORDING: UnscorableWording = { noun: 'clip', reasons: UNSCORABLE_TEXT };

export function ScoreForm({
  dimensions,
  draft,
  disabled,
  onChange,
  wording = CLIP_WORDING,
  activeId = null,
  keyHint = null,
  afterNotes = null,
}: {
  dimensions: readonly ScaleDimension[];
  draft: Draft;
  disabled: boolean;
  onChange: (next: Draft) => void;
  wording?: UnscorableWording;
  /** The dimension the scoring keys act on, highlighted (the coder's page). */
  activeId?: string | null;
  /** How the scales are scored by keys, under them. */
  keyHint?: string | null;
  /** What follows the notes (the coder's markers), outside the form's fieldset: its links to moments work on a locked rating too. */
  afterNotes?: ReactNode;
}) {
  return (
    <>
      <fieldset className="score-form" disabled={disabled}>
        <legend className="visually-hidden">Scores</legend>
        {dimensions.map((d) => (
          <ScaleField
            key={d.id}
            d={d}
            value={draft.scores[d.id] ?? null}
            active={d.id === activeId}
            onScore={(score) => onChange({ ...draft, scores: { ...draft.scores, [d.id]: score } })}
          />
        ))}
        <p id="score-keys-hint" className={keyHint ? 'hint' : 'visually-hidden'}>
          {keyHint ?? 'Arrow keys choose a point.'}
        </p>
        <div className="notes">
          {dimensions.map((d) => (
            <div key={d.id}>
              <label className="note-label" htmlFor={`${d.id}-note`}>
                Note on {d.label}
              </label>
              <textarea
                id={`${d.id}-note`}
                rows={2}
                value={draft.notes[d.id] ?? ''}
                onChange={(e) => onChange({ ...draft, notes: { ...draft.notes, [d.id]: e.target.value } })}
                maxLength={4000}
              />
            </div>
          ))}
        </div>
        <label className="note-label" htmlFor="overall-note">
          Overall note
        </label>
        <textarea
          id="overall-note"
          rows={2}
          value={draft.overallNote}
          maxLength={4000}
          aria-describedby="notes-hint"
          onChange={(e) => onChange({ ...draft, overallNote: e.target.value })}
        />
        <p id="notes-hint" className="hint">
          Notes go with your ratings to the reliability lead and into exports: describe behaviour, never names heard or seen in the {wording.noun}.
        </p>
      </fieldset>
      {afterNotes}
      <div className="unscorable">
        <input
          type="checkbox"
          disabled={disabled}
          id="unscorable"
          checked={draft.unscorable !== null}
          onChange={(e) => onChange({ ...draft, unscorable: e.target.checked ? { reason: 'video_quality', detail: '' } : null })}
        />
        <label htmlFor="unscorable">This {wording.noun} is unscorable</label>
        {draft.unscorable && (
          <>
            <label htmlFor="unscorable-reason" className="visually-hidden">
              Why is it unscorable?
            </label>
            <select
              disabled={disabled}
              id="unscorable-reason"
              value={draft.unscorable.reason}
              onChange={(e) => onChange({ ...draft, unscorable: { reason: e.target.value as UnscorableReason, detail: draft.unscorable?.detail ?? '' } })}
            >
              {Object.entries(wording.reasons).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            <label htmlFor="unscorable-detail" className="visually-hidden">
              Describe the problem
            </label>
            <input
              disabled={disabled}
              id="unscorable-detail"
              placeholder="Describe the problem"
              maxLength={1000}
              value={draft.unscorable.detail}
              onChange={(e) => onChange({ ...draft, unscorable: { reason: draft.unscorable?.reason ?? 'other', detail: e.target.value } })}
            />
          </>
        )}
      </div>
    </>
  );
}
