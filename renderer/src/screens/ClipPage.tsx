import { useCallback, useEffect, useRef, useState } from 'react';
import type { ClipView, Draft, RatingContent } from '../../../electron/core/contract';
import { call, messageOf } from '../api';
import { BlindingGuess } from '../components/BlindingGuess';
import { RatingHistory } from '../components/RatingHistory';
import { ScoreForm } from '../components/ScoreForm';
import { VideoPlayer } from '../components/VideoPlayer';
import { useActiveSeconds } from '../hooks/useActiveSeconds';
import { useCall } from '../hooks/useCall';

// Drafts are saved this long after the last change: well within the promised second.
const AUTOSAVE_MS = 400;
const EMPTY: Draft = { scores: {}, notes: {}, overallNote: '', unscorable: null };

export function ClipPage({ code, onOpen }: { code: string; onOpen: (code: string | null) => void }) {
  const [clip, reload] = useCall('coding.clip', { code });
  if (clip.state === 'loading') return <main className="page" aria-busy="true" />;
  if (clip.state === 'error') {
    return (
      <main className="page">
        <p role="alert" className="error">{clip.message}</p>
        <button type="button" onClick={() => onOpen(null)}>Back to your clips</button>
      </main>
    );
  }
  return <ClipWorkspace key={clip.value.history.length} clip={clip.value} onOpen={onOpen} onChanged={reload} />;
}

function toContent(clip: ClipView, draft: Draft): RatingContent {
  const scores: Record<string, number> = {};
  for (const d of clip.dimensions) {
    const v = draft.scores[d.id];
    if (typeof v === 'number') scores[d.id] = v;
  }
  const notes = Object.fromEntries(Object.entries(draft.notes).filter(([, n]) => n.trim() !== ''));
  return { scores, notes, overallNote: draft.overallNote, unscorable: draft.unscorable };
}

function ClipWorkspace({ clip, onOpen, onChanged }: { clip: ClipView; onOpen: (code: string | null) => void; onChanged: () => void }) {
  const latest = clip.history[clip.history.length - 1];
  const [mode, setMode] = useState<'draft' | 'locked' | 'amending' | 'guess'>(latest ? 'locked' : 'draft');
  const [draft, setDraft] = useState<Draft>(latest ?? clip.draft ?? EMPTY);
  const [reason, setReason] = useState('');
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'error'>(clip.draft ? 'saved' : 'idle');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [nextCode, setNextCode] = useState<string | null>(clip.nextCode);
  const seconds = useActiveSeconds(clip.secondsSpent);
  const dirty = useRef(false);
  const latestDraft = useRef(draft);
  useEffect(() => {
    latestDraft.current = draft;
  }, [draft]);

  const saveNow = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    setSaveState('saving');
    try {
      await call('coding.saveDraft', { code: clip.code, draft: latestDraft.current, secondsSpent: seconds() });
      setSaveState('saved');
    } catch (e) {
      dirty.current = true;
      setSaveState('error');
      setError(messageOf(e));
    }
  }, [clip.code, seconds]);

  useEffect(() => {
    if (mode !== 'draft' || !dirty.current) return;
    const timer = setTimeout(() => void saveNow(), AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [draft, mode, saveNow]);

  // "R" takes the keyboard to the rating form: the first dimension not yet scored.
  const rateRef = useRef<HTMLElement>(null);
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'r' && event.key !== 'R') return;
      const t = event.target;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && !['radio', 'checkbox'].includes(t.type))) return;
      const form = rateRef.current;
      if (!form) return;
      const groups = [...form.querySelectorAll<HTMLElement>('fieldset.dimension')];
      const target = groups.find((g) => !g.querySelector('input[type="radio"]:checked')) ?? groups[0];
      const radio = target?.querySelector<HTMLInputElement>('input[type="radio"]:checked') ?? target?.querySelector<HTMLInputElement>('input[type="radio"]');
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  const leave = async (target: string | null) => {
    if (mode === 'draft') await saveNow();
    onOpen(target);
  };

  const content = toContent(clip, draft);
  const complete = draft.unscorable !== null || clip.dimensions.every((d) => typeof draft.scores[d.id] === 'number');

  const submit = async () => {
    if (!complete || busy) return;
    setBusy(true);
    setError('');
    try {
      const receipt =
        mode === 'amending'
          ? await call('coding.amend', { code: clip.code, rating: content, reason, secondsSpent: seconds() })
          : await call('coding.submit', { code: clip.code, rating: content, secondsSpent: seconds() });
      dirty.current = false;
      setNextCode(receipt.nextCode);
      if (mode === 'draft' && clip.blindingCheck.enabled && !clip.blindingCheck.answered) setMode('guess');
      else if (mode === 'amending') onChanged();
      else onOpen(receipt.nextCode);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  const onFormKey = (event: React.KeyboardEvent) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      void submit();
    }
  };

  return (
    <main className="workspace">
      <section className="watch" aria-label="Clip">
        <div className="clip-heading">
          <h1>
            Clip <span className="code">{clip.code}</span>
          </h1>
          <span className="muted">
            {clip.position} of {clip.total}
          </span>
          <span className="spacer" />
          <button type="button" disabled={!clip.previousCode} onClick={() => void leave(clip.previousCode)}>
            ← Previous clip
          </button>
          <button type="button" disabled={!clip.nextCode} onClick={() => void leave(clip.nextCode)}>
            Next clip →
          </button>
        </div>
        <VideoPlayer src={clip.mediaUrl} frameRate={clip.frameRate} label={`Clip ${clip.code}`} />
      </section>
      <section className="rate" aria-label="Rating" onKeyDown={onFormKey} ref={rateRef}>
        {mode === 'guess' ? (
          <BlindingGuess code={clip.code} check={clip.blindingCheck} onDone={() => onOpen(nextCode)} />
        ) : (
          <>
            <h2>{mode === 'amending' ? 'Amend your rating' : 'Rating'}</h2>
            {mode === 'locked' && latest && (
              <p className="locked-note">
                Submitted {new Date(latest.submittedAt).toLocaleString()} — locked. An amendment keeps this version and adds a new one.
              </p>
            )}
            <ScoreForm
              dimensions={clip.dimensions}
              draft={draft}
              disabled={mode === 'locked'}
              onChange={(next) => {
                dirty.current = mode === 'draft';
                setDraft(next);
              }}
            />
            {mode === 'amending' && (
              <>
                <label htmlFor="amend-reason" className="note-label">
                  Reason for the amendment (required)
                </label>
                <textarea id="amend-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
              </>
            )}
            {mode === 'draft' && (
              <p className="save-state" aria-live="polite">
                {saveState === 'saving' ? 'Saving draft…' : saveState === 'saved' ? 'Draft saved' : saveState === 'error' ? 'Draft not saved' : ''}
              </p>
            )}
            {error && <p role="alert" className="error">{error}</p>}
            <div className="actions">
              <button type="button" onClick={() => void leave(null)}>
                Back to your clips
              </button>
              {mode === 'locked' && (
                <button type="button" onClick={() => setMode('amending')}>
                  Amend…
                </button>
              )}
              {mode === 'amending' && (
                <button
                  type="button"
                  onClick={() => {
                    setMode('locked');
                    setDraft(latest ?? EMPTY);
                    setReason('');
                    setError('');
                  }}
                >
                  Cancel amendment
                </button>
              )}
              {mode !== 'locked' && (
                <button
                  type="button"
                  className="primary"
                  disabled={!complete || busy || (mode === 'amending' && reason.trim().length < 3)}
                  onClick={() => void submit()}
                  title="Ctrl+Enter"
                >
                  {mode === 'amending' ? 'Submit amendment' : 'Submit rating'}
                </button>
              )}
            </div>
            <RatingHistory history={clip.history} dimensions={clip.dimensions} />
          </>
        )}
      </section>
    </main>
  );
}
