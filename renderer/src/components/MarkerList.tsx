// The coder's markers beside the notes: each a moment of the clip (time and frame) with a short note,
// in time order; a marker's time, and every time written in a note, seeks the video there. Markers
// are added with B or the button, at the frame the player shows; submitted ones are read-only.
import { useEffect, useRef } from 'react';
import { MARKER_NOTE_MAX, MARKERS_MAX, type Marker } from '../../../electron/common/contract';
import { clockTime, timesIn } from './moments';

export const MARKER_KEY_HINT = 'B marks the moment shown, with an optional note (Enter returns to the video).';

export interface NoteSource {
  readonly label: string;
  readonly text: string;
}

interface Props {
  readonly markers: readonly Marker[];
  readonly editable: boolean;
  readonly onAdd: () => void;
  readonly onChange: (next: readonly Marker[]) => void;
  readonly onSeek: (seconds: number) => void;
  /** The notes whose written times are offered as links too. */
  readonly notes: readonly NoteSource[];
  /** The marker whose note takes the focus (just added), by its place in time order. */
  readonly focusIndex: number | null;
  readonly onFocused: () => void;
}

export function MarkerList({ markers, editable, onAdd, onChange, onSeek, notes, focusIndex, onFocused }: Props) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (focusIndex === null) return;
    list.current?.querySelectorAll<HTMLInputElement>('input.marker-note')[focusIndex]?.focus();
    onFocused();
  }, [focusIndex, onFocused, markers]);
  const full = markers.length >= MARKERS_MAX;
  const written = notes.flatMap((n) => timesIn(n.text).map((t) => ({ ...t, label: n.label })));

  return (
    <section className="markers" aria-labelledby="markers-title" data-testid="markers">
      <div className="markers-head">
        <h3 id="markers-title">Markers</h3>
        {editable && (
          <button type="button" onClick={onAdd} disabled={full} aria-keyshortcuts="B" {...(markers.length === 0 || full ? { 'aria-describedby': 'markers-hint' } : {})}>
            Add marker (B)
          </button>
        )}
      </div>
      {markers.length === 0 ? (
        <p id="markers-hint" className="hint">
          {editable ? MARKER_KEY_HINT : 'No markers.'}
        </p>
      ) : (
        <>
          {editable && full && (
            <p id="markers-hint" className="hint">
              At most {MARKERS_MAX} markers on one clip.
            </p>
          )}
          <ol className="marker-list" ref={list}>
            {markers.map((m, i) => {
              const at = clockTime(m.seconds);
              return (
                <li key={`${m.seconds}-${i}`} data-testid="marker">
                  <button type="button" className="marker-time" onClick={() => onSeek(m.seconds)} aria-label={`Go to ${at} · frame ${m.frame}`}>
                    {at} · frame {m.frame}
                  </button>
                  {editable ? (
                    <>
                      <input
                        className="marker-note"
                        aria-label={`Note on the marker at ${at}`}
                        placeholder="Note (optional)"
                        maxLength={MARKER_NOTE_MAX}
                        value={m.note}
                        onChange={(e) => onChange(markers.map((x, j) => (j === i ? { ...x, note: e.target.value } : x)))}
                        onKeyDown={(e) => {
                          if (e.key === 'Enter' || e.key === 'Escape') {
                            e.preventDefault();
                            e.currentTarget.blur();
                          }
                        }}
                      />
                      <button type="button" className="marker-remove" aria-label={`Remove the marker at ${at}`} onClick={() => onChange(markers.filter((_, j) => j !== i))}>
                        ×
                      </button>
                    </>
                  ) : (
                    <span className="marker-note-text">{m.note}</span>
                  )}
                </li>
              );
            })}
          </ol>
        </>
      )}
      {written.length > 0 && (
        <p className="note-times" data-testid="note-times">
          In your notes:{' '}
          {written.map((t, i) => (
            <button key={`${t.label}-${t.index}-${i}`} type="button" className="time-link" aria-label={`Go to ${t.text} (${t.label})`} onClick={() => onSeek(t.seconds)}>
              {t.text}
            </button>
          ))}
        </p>
      )}
    </section>
  );
}
