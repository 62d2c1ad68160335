import { useEffect, useRef, useState } from 'react';
import type { ClipView } from '../../../electron/core/contract';
import { call, messageOf } from '../api';
import { ScoreForm, type DraftScores } from '../components/ScoreForm';
import { VideoPlayer } from '../components/VideoPlayer';
import { useCall } from '../hooks/useCall';

const AUTOSAVE_MS = 500;

export function ClipPage({ code, onOpen }: { code: string; onOpen: (code: string | null) => void }) {
  const [clip] = useCall('coding.clip', { code });
  if (clip.state === 'loading') return <main className="page" aria-busy="true" />;
  if (clip.state === 'error') {
    return (
      <main className="page">
        <p role="alert" className="error">{clip.message}</p>
        <button type="button" onClick={() => onOpen(null)}>Back to your clips</button>
      </main>
    );
  }
  return <ClipWorkspace clip={clip.value} onOpen={onOpen} />;
}

function ClipWorkspace({ clip, onOpen }: { clip: ClipView; onOpen: (code: string | null) => void }) {
  const submitted = clip.submitted !== null;
  const [scores, setScores] = useState<DraftScores>(clip.submitted?.scores ?? clip.draft ?? {});
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'error'>(clip.draft ? 'saved' : 'idle');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const dirty = useRef(false);

  useEffect(() => {
    if (!dirty.current || submitted) return;
    const timer = setTimeout(() => {
      setSaveState('saving');
      call('coding.saveDraft', { code: clip.code, scores }).then(
        () => setSaveState('saved'),
        (e: unknown) => {
          setSaveState('error');
          setError(messageOf(e));
        },
      );
    }, AUTOSAVE_MS);
    return () => clearTimeout(timer);
  }, [scores, clip.code, submitted]);

  const complete = clip.dimensions.every((d) => typeof scores[d.id] === 'number');

  const submit = async () => {
    setBusy(true);
    setError('');
    try {
      const complete: Record<string, number> = {};
      for (const d of clip.dimensions) {
        const v = scores[d.id];
        if (typeof v === 'number') complete[d.id] = v;
      }
      const receipt = await call('coding.submit', { code: clip.code, scores: complete });
      onOpen(receipt.nextCode);
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
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
        </div>
        <VideoPlayer src={clip.mediaUrl} frameRate={clip.frameRate} label={`Clip ${clip.code}`} />
      </section>
      <section className="rate" aria-label="Rating">
        <h2>Rating</h2>
        {submitted && <p className="locked-note">Submitted {new Date(clip.submitted?.submittedAt ?? '').toLocaleString()} — locked.</p>}
        <ScoreForm
          dimensions={clip.dimensions}
          scores={scores}
          disabled={submitted}
          onChange={(id, score) => {
            dirty.current = true;
            setScores((s) => ({ ...s, [id]: score }));
          }}
        />
        {!submitted && (
          <p className="save-state" aria-live="polite">
            {saveState === 'saving' ? 'Saving draft…' : saveState === 'saved' ? 'Draft saved' : saveState === 'error' ? 'Draft not saved' : ''}
          </p>
        )}
        {error && <p role="alert" className="error">{error}</p>}
        <div className="actions">
          <button type="button" onClick={() => onOpen(null)}>Back to your clips</button>
          {!submitted && (
            <button type="button" className="primary" disabled={!complete || busy} onClick={() => void submit()}>
              Submit rating
            </button>
          )}
        </div>
      </section>
    </main>
  );
}
