// One clip for its coder: the player beside the rating form. The blinding check, when the study asks
// for it, follows the first submission.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { ClipView } from '../../../electron/common/contract';
import { sessionEvents } from '../api';
import { AnchorPanel } from '../components/AnchorPanel';
import { BlindingGuess } from '../components/BlindingGuess';
import { LoadedPage } from '../components/LoadedPage';
import { MarkerList } from '../components/MarkerList';
import { clockTime, withMarker } from '../components/moments';
import { RatingPanel } from '../components/RatingPanel';
import { ScoreForm } from '../components/ScoreForm';
import { VideoPlayer, type PlayerHandle } from '../components/VideoPlayer';
import { useCall } from '../hooks/useCall';
import { useRateKey, useRatingSession } from '../hooks/useRatingSession';
import { SCORE_KEYS_HINT, useScoreKeys } from '../hooks/useScoreKeys';
import { useSplit } from '../hooks/useSplit';
import { isTyping } from '../components/playerKeys';
import { MARKERS_MAX } from '../../../electron/common/contract';

export function ClipPage({ code, coder, onOpen }: { code: string; coder: string; onOpen: (code: string | null) => void }) {
  const [clip, reload] = useCall('coding.clip', { code });
  // An ended session took its media link with it: after logging in again the clip comes with a new
  // one (the player keeps its place, the form what was entered).
  useEffect(() => sessionEvents.onRestored(reload), [reload]);
  return (
    <LoadedPage loaded={clip} backLabel="Back to your clips" onBack={() => onOpen(null)}>
      {(value) => <ClipWorkspace key={value.history.length} clip={value} coder={coder} onOpen={onOpen} onChanged={reload} />}
    </LoadedPage>
  );
}

function ClipWorkspace({ clip, coder, onOpen, onChanged }: { clip: ClipView; coder: string; onOpen: (code: string | null) => void; onChanged: () => void }) {
  const split = useSplit(coder);
  // Theatre: the video large and a one-line scoring strip under it, instead of full screen hiding the form.
  const [theatre, setTheatre] = useState(false);
  useTheatreKey(() => setTheatre((t) => !t));
  const [guessThen, setGuessThen] = useState<{ next: string | null } | null>(null);
  const formRef = useRef<HTMLElement>(null);
  useRateKey(formRef);
  const session = useRatingSession({
    channel: 'coding',
    code: clip.code,
    dimensions: clip.dimensions,
    history: clip.history,
    draft: clip.draft,
    secondsSpent: clip.secondsSpent,
    afterSubmit: (receipt) => {
      if (clip.blindingCheck.enabled && !clip.blindingCheck.answered) setGuessThen({ next: receipt.nextCode });
      else onOpen(receipt.nextCode);
    },
    afterAmend: onChanged,
  });
  const activeId = useScoreKeys({
    dimensions: clip.dimensions,
    draft: session.draft,
    enabled: session.mode !== 'locked' && guessThen === null,
    onChange: session.update,
    onSubmit: () => void session.submit(),
    form: formRef,
  });
  const focusedPoint = useFocusedPoint(formRef);
  // Markers: B or the button marks the moment the player shows; the new marker's note takes the focus.
  const player = useRef<PlayerHandle>(null);
  const [focusMarker, setFocusMarker] = useState<number | null>(null);
  const markersEditable = session.mode !== 'locked' && guessThen === null;
  const addMarker = () => {
    const now = player.current?.now();
    if (!now || !markersEditable || session.draft.markers.length >= MARKERS_MAX) return;
    const next = withMarker(session.draft.markers, { ...now, note: '' });
    session.update({ ...session.draft, markers: next.markers });
    setFocusMarker(next.index);
  };
  useMarkerKey(addMarker);
  const seek = useCallback((seconds: number) => player.current?.seek(seconds), []);
  const focused = useCallback(() => setFocusMarker(null), []);
  const activeDimension = clip.dimensions.find((d) => d.id === activeId) ?? clip.dimensions[0];
  const leave = async (target: string | null) => {
    await session.flush();
    onOpen(target);
  };

  return (
    <main
      className={`workspace clip-workspace${theatre ? ' theatre' : ''}`}
      style={theatre ? undefined : { gridTemplateColumns: `minmax(0, ${split.percent}fr) 0.75rem minmax(20rem, ${100 - split.percent}fr)` }}
    >
      <section className="watch" aria-label="Clip">
        <div className="clip-heading">
          <h1>
            Clip <span className="code">{clip.code}</span>
          </h1>
          <span className="muted">
            {clip.position} of {clip.total}
          </span>
          <span className="spacer" />
          <button type="button" aria-pressed={theatre} onClick={() => setTheatre((t) => !t)} title="T">
            Theatre
          </button>
          <button type="button" disabled={!clip.previousCode} onClick={() => void leave(clip.previousCode)}>
            ← Previous clip
          </button>
          <button type="button" disabled={!clip.nextCode} onClick={() => void leave(clip.nextCode)}>
            Next clip →
          </button>
        </div>
        <VideoPlayer
          src={clip.mediaUrl}
          frameRate={clip.frameRate}
          label={`Clip ${clip.code}`}
          handle={player}
          ticks={session.draft.markers.map((m) => ({ seconds: m.seconds, label: `${clockTime(m.seconds)}${m.note ? ` — ${m.note}` : ''}` }))}
        />
        {activeDimension && !theatre && (
          <AnchorPanel
            d={activeDimension}
            focused={focusedPoint?.dimension === activeDimension.id ? focusedPoint.value : null}
            chosen={session.draft.scores[activeDimension.id] ?? null}
          />
        )}
      </section>
      {!theatre && (
        <div
          className="splitter"
          role="separator"
          aria-orientation="vertical"
          aria-label="Width of the video and the form"
          aria-valuenow={split.percent}
          aria-valuemin={split.min}
          aria-valuemax={split.max}
          tabIndex={0}
          onPointerDown={split.onPointerDown}
          onKeyDown={split.onKeyDown}
        />
      )}
      {guessThen ? (
        <section className="rate" aria-label="Blinding check">
          <BlindingGuess code={clip.code} check={clip.blindingCheck} onDone={() => onOpen(guessThen.next)} />
        </section>
      ) : (
        <RatingPanel
          session={session}
          text={{ title: 'Rating', amendTitle: 'Amend your rating', submit: 'Submit rating', back: 'Back to your clips', label: 'Rating' }}
          history={clip.history}
          dimensions={clip.dimensions}
          formRef={formRef}
          onBack={() => void leave(null)}
          onSeek={seek}
        >
          <ScoreForm
            dimensions={clip.dimensions}
            draft={session.draft}
            disabled={session.mode === 'locked'}
            onChange={session.update}
            activeId={session.mode === 'locked' ? null : activeId}
            keyHint={SCORE_KEYS_HINT}
            afterNotes={
              <MarkerList
                markers={session.draft.markers}
                editable={markersEditable}
                onAdd={addMarker}
                onChange={(markers) => session.update({ ...session.draft, markers })}
                onSeek={seek}
                notes={[
                  ...clip.dimensions.map((d) => ({ label: `your note, ${d.label}`, text: session.draft.notes[d.id] ?? '' })),
                  { label: 'your note, overall', text: session.draft.overallNote },
                ]}
                focusIndex={focusMarker}
                onFocused={focused}
              />
            }
          />
        </RatingPanel>
      )}
    </main>
  );
}

/** "B" anywhere on the clip page except in a text field marks the moment the player shows. */
function useMarkerKey(add: () => void): void {
  const latest = useRef(add);
  useEffect(() => {
    latest.current = add;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.key !== 'b' && event.key !== 'B') || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isTyping(event.target)) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      event.preventDefault();
      latest.current();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}

/** "T" anywhere on the clip page except in a text field toggles theatre mode. */
function useTheatreKey(toggle: () => void): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.key !== 't' && event.key !== 'T') || event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented || isTyping(event.target)) return;
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      event.preventDefault();
      toggle();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [toggle]);
}

/** The scale point that has the focus in the form, if one has (the anchor panel marks its text). */
function useFocusedPoint(form: RefObject<HTMLElement | null>): { dimension: string; value: number } | null {
  const [point, setPoint] = useState<{ dimension: string; value: number } | null>(null);
  useEffect(() => {
    const el = form.current;
    if (!el) return;
    const onFocus = (event: FocusEvent) => {
      const t = event.target;
      const group = t instanceof HTMLInputElement && t.type === 'radio' ? t.closest<HTMLElement>('[data-dimension]') : null;
      setPoint(group?.dataset['dimension'] && t instanceof HTMLInputElement ? { dimension: group.dataset['dimension'], value: Number(t.value) } : null);
    };
    const onBlur = () => setPoint(null);
    el.addEventListener('focusin', onFocus);
    el.addEventListener('focusout', onBlur);
    return () => {
      el.removeEventListener('focusin', onFocus);
      el.removeEventListener('focusout', onBlur);
    };
  }, [form]);
  return point;
}
