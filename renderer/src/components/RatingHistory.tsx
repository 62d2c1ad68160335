import type { RatingVersion, ScaleDimension } from '../../../electron/common/contract';
import { CLIP_WORDING, type UnscorableWording } from './ScoreForm';
import { Time } from './Time';

export function RatingHistory({
  history,
  dimensions,
  wording = CLIP_WORDING,
}: {
  history: readonly RatingVersion[];
  dimensions: readonly ScaleDimension[];
  wording?: UnscorableWording;
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
                    {v.notes[d.id] ? ` — ${v.notes[d.id]}` : ''}
                  </li>
                ),
              )}
              {v.overallNote && <li>Note: {v.overallNote}</li>}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
