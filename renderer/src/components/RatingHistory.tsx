import type { RatingVersion, ScaleDimension } from '../../../electron/common/contract';
import { NoteText } from './NoteText';
import { clockTime } from './moments';
import { CLIP_WORDING, type UnscorableWording } from './ScoreForm';
import { Time } from './Time';

export function RatingHistory({
  history,
  dimensions,
  wording = CLIP_WORDING,
  onSeek,
}: {
  history: readonly RatingVersion[];
  dimensions: readonly ScaleDimension[];
  wording?: UnscorableWording;
  /** Times in notes and markers seek the player (the coder's clip page). */
  onSeek?: ((seconds: number) => void) | undefined;
}) {
  if (history.length === 0) return null;
  return (
    <section className="history" aria-label="Your submitted versions">
      <h3>Your submitted versions</h3>
      <ol reversed>
        {[...history].reverse().map((v) => (
          <li key={v.version} data-testid={`version-${v.version}`}>
            <strong>Version {v.version}</strong> · <Time iso={v.submittedAt} />
            {v.amendmentReason && <span className="muted"> · amended: “{v.amendmentReason}”</span>}
            <ul>
              {v.unscorable && (
                <li>
                  Unscorable: {wording.reasons[v.unscorable.reason]}
                  {v.unscorable.detail ? ` — ${v.unscorable.detail}` : ''}
                </li>
              )}
              {dimensions.map((d) =>
                v.scores[d.id] === undefined ? null : (
                  <li key={d.id}>
                    {d.label}: {v.scores[d.id]}
                    {v.notes[d.id] ? (
                      <>
                        {' — '}
                        <NoteText text={v.notes[d.id]!} onSeek={onSeek} />
                      </>
                    ) : null}
                  </li>
                ),
              )}
              {v.overallNote && (
                <li>
                  Note: <NoteText text={v.overallNote} onSeek={onSeek} />
                </li>
              )}
              {v.markers.length > 0 && (
                <li>
                  Markers:{' '}
                  {v.markers.map((m, i) => (
                    <span key={i} className="history-marker">
                      {onSeek ? (
                        <button type="button" className="time-link" aria-label={`Go to ${clockTime(m.seconds)} · frame ${m.frame} (version ${v.version})`} onClick={() => onSeek(m.seconds)}>
                          {clockTime(m.seconds)}
                        </button>
                      ) : (
                        clockTime(m.seconds)
                      )}
                      {m.note ? ` ${m.note}` : ''}
                      {i < v.markers.length - 1 ? '; ' : ''}
                    </span>
                  ))}
                </li>
              )}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
