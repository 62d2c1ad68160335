// One disagreement opened by the lead: both ratings with their notes, the clip to re-watch, and
// the consensus score with its reason. Recording a consensus adds a version; the coders' ratings
// are never touched.
import { useEffect, useRef, useState } from 'react';
import type { DimensionScale, Disagreement, Marker, ReviewClipView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { NoteText } from '../../components/NoteText';
import { clockTime } from '../../components/moments';
import { VideoPlayer, type PlayerHandle } from '../../components/VideoPlayer';
import { useCall } from '../../hooks/useCall';
import { scalePoints, scaleValue, when } from './format';

interface Props {
  readonly disagreement: Disagreement;
  readonly dimension: DimensionScale;
  readonly raters: { readonly a: string; readonly b: string };
  /** Consensus is for outcome clips; a trainee's training clips are compared, not reconciled. */
  readonly canReconcile: boolean;
  readonly onRecorded: () => void;
  readonly onClose: () => void;
}

function Notes({ note, overall, onSeek }: { note: string; overall: string; onSeek: (seconds: number) => void }) {
  if (!note && !overall) return <span className="muted">no notes</span>;
  return (
    <>
      {note ? <NoteText className="rel-note" text={note} onSeek={onSeek} /> : null}
      {overall ? (
        <span className="rel-note">
          Overall: <NoteText text={overall} onSeek={onSeek} />
        </span>
      ) : null}
    </>
  );
}

/** One coder's markers: each a button that opens the clip (if it is not open) at that moment. */
function Markers({ rater, markers, onSeek }: { rater: string; markers: readonly Marker[]; onSeek: (seconds: number) => void }) {
  if (markers.length === 0) return null;
  return (
    <ul className="rel-markers marker-list" aria-label={`${rater}'s markers`}>
      {markers.map((m, i) => (
        <li key={i}>
          <button type="button" className="marker-time" aria-label={`Go to ${clockTime(m.seconds)} · frame ${m.frame} (${rater})`} onClick={() => onSeek(m.seconds)}>
            {clockTime(m.seconds)} · frame {m.frame}
          </button>
          {m.note ? <span className="marker-note-text">{m.note}</span> : null}
        </li>
      ))}
    </ul>
  );
}

export function DisagreementReview({ disagreement: d, dimension, raters, canReconcile, onRecorded, onClose }: Props) {
  const [clip, setClip] = useState<ReviewClipView | null>(null);
  const [clipError, setClipError] = useState('');
  const [score, setScore] = useState('');
  const [reason, setReason] = useState('');
  const [saving, setSaving] = useState(false);
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [history, reloadHistory] = useCall('reliability.consensusHistory', { clip: d.clip, dimension: dimension.id });
  // Either coder's moment, on the one player: a click before the clip is open opens it there.
  const player = useRef<PlayerHandle>(null);
  const pendingSeek = useRef<number | null>(null);
  useEffect(() => {
    if (!clip || pendingSeek.current === null) return;
    player.current?.seek(pendingSeek.current);
    pendingSeek.current = null;
  }, [clip]);

  const rewatch = async () => {
    setClipError('');
    try {
      setClip(await call('reliability.clip', { code: d.clip }));
    } catch (error) {
      setClipError(messageOf(error));
    }
  };

  const seek = (seconds: number) => {
    if (clip) {
      player.current?.seek(seconds);
      return;
    }
    pendingSeek.current = seconds;
    void rewatch();
  };

  const record = async () => {
    setSaving(true);
    setMessage(null);
    try {
      const saved = await call('reliability.recordConsensus', { clip: d.clip, dimension: dimension.id, score: Number(score), reason });
      setMessage({ kind: 'ok', text: `Consensus ${scaleValue(saved.score)} recorded as version ${saved.version}; both original ratings are kept.` });
      setReason('');
      reloadHistory();
      onRecorded();
    } catch (error) {
      setMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <section className="rel-review card" aria-labelledby="rel-review-title" data-testid="disagreement-review">
      <div className="rel-review-head">
        <h3 id="rel-review-title">
          Clip <span className="code">{d.clip}</span>: {raters.a} {scaleValue(d.a.score)}, {raters.b} {scaleValue(d.b.score)}
        </h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="rel-both">
        <div>
          <dt>
            {raters.a}: {scaleValue(d.a.score)} <span className="muted">(version {d.a.version}, {when(d.a.submittedAt)})</span>
          </dt>
          <dd data-testid="note-a">
            <Notes note={d.a.note} overall={d.a.overallNote} onSeek={seek} />
          </dd>
          <dd data-testid="markers-a">
            <Markers rater={raters.a} markers={d.a.markers} onSeek={seek} />
          </dd>
        </div>
        <div>
          <dt>
            {raters.b}: {scaleValue(d.b.score)} <span className="muted">(version {d.b.version}, {when(d.b.submittedAt)})</span>
          </dt>
          <dd data-testid="note-b">
            <Notes note={d.b.note} overall={d.b.overallNote} onSeek={seek} />
          </dd>
          <dd data-testid="markers-b">
            <Markers rater={raters.b} markers={d.b.markers} onSeek={seek} />
          </dd>
        </div>
      </dl>

      {clip ? (
        <VideoPlayer
          key={clip.mediaUrl}
          src={clip.mediaUrl}
          frameRate={clip.frameRate}
          label={`Clip ${clip.code}`}
          handle={player}
          ticks={[
            ...d.a.markers.map((m) => ({ seconds: m.seconds, tone: 'a' as const, label: `${raters.a} ${clockTime(m.seconds)}${m.note ? ` — ${m.note}` : ''}` })),
            ...d.b.markers.map((m) => ({ seconds: m.seconds, tone: 'b' as const, label: `${raters.b} ${clockTime(m.seconds)}${m.note ? ` — ${m.note}` : ''}` })),
          ]}
        />
      ) : (
        <button type="button" onClick={() => void rewatch()}>
          Re-watch the clip
        </button>
      )}
      {clipError ? (
        <p role="alert" className="error">
          {clipError}
        </p>
      ) : null}

      {canReconcile ? (
        <form
          className="rel-consensus"
          onSubmit={(event) => {
            event.preventDefault();
            void record();
          }}
        >
          <h4>Consensus</h4>
          <label htmlFor="rel-consensus-score">Consensus score ({dimension.label})</label>
          <select id="rel-consensus-score" value={score} onChange={(e) => setScore(e.target.value)}>
            <option value="">Choose…</option>
            {scalePoints(dimension).map((v) => (
              <option key={v} value={String(v)}>
                {scaleValue(v)}
              </option>
            ))}
          </select>
          <label htmlFor="rel-consensus-reason">Reason (required)</label>
          <textarea id="rel-consensus-reason" rows={3} value={reason} aria-describedby="rel-consensus-reason-hint" onChange={(e) => setReason(e.target.value)} />
          <p id="rel-consensus-reason-hint" className="hint">
            Kept in the audit log, which cannot be edited: no names or other identifying details.
          </p>
          <div>
            <button type="submit" className="primary" disabled={saving || score === '' || reason.trim().length < 3}>
              Record consensus
            </button>
          </div>
          {message ? (
            <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'rel-ok'}>
              {message.text}
            </p>
          ) : null}
        </form>
      ) : (
        <p className="muted">Training clips are compared with the master, not reconciled.</p>
      )}

      <h4>Consensus history</h4>
      {history.state === 'ready' ? (
        history.value.length === 0 ? (
          <p className="muted">No consensus recorded for this clip and dimension.</p>
        ) : (
          <ol className="rel-history" data-testid="consensus-history">
            {history.value.map((c) => (
              <li key={c.id}>
                Version {c.version}: <strong>{scaleValue(c.score)}</strong> by {c.decidedBy}, {when(c.decidedAt)} — {c.reason}
                {c.supersedesId !== null ? <span className="muted"> (replaces version {c.version - 1})</span> : null}
              </li>
            ))}
          </ol>
        )
      ) : history.state === 'error' ? (
        <p role="alert" className="error">
          {history.message}
        </p>
      ) : null}
    </section>
  );
}
