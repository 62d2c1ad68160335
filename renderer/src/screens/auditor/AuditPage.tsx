// One session recording for its auditor: the audio player with its waveform, the study's session
// number (what adherence is judged against) and nothing else about the session, and the audit form
// with the coder's behaviours — a draft saved within a second of a change, submit, lock, and
// amendment with a reason and the history of versions.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { AuditClipView, Draft, RatingContent } from '../../../../electron/core/contract';
import { call, messageOf } from '../../api';
import { RatingHistory } from '../../components/RatingHistory';
import { useActiveSeconds } from '../../hooks/useActiveSeconds';
import { useCall } from '../../hooks/useCall';
import { AudioPlayer } from './AudioPlayer';
import { AuditForm } from './AuditForm';

// Drafts are saved this long after the last change: well within the promised second.
const AUTOSAVE_MS = 400;
const EMPTY: Draft = { scores: {}, notes: {}, overallNote: '', unscorable: null };

export function AuditPage({ code, onOpen }: { code: string; onOpen: (code: string | null) => void }) {
  const [clip, reload] = useCall('fidelity.clip', { code });
  if (clip.state === 'loading') return <main className="page" aria-busy="true" />;
  if (clip.state === 'error') {
    return (
      <main className="page">
        <p role="alert" className="error">{clip.message}</p>
        <button type="button" onClick={() => onOpen(null)}>Back to your sessions</button>
      </main>
    );
  }
  return <AuditWorkspace key={clip.value.history.length} clip={clip.value} onOpen={onOpen} onChanged={reload} />;
}

function toContent(clip: AuditClipView, draft: Draft): RatingContent {
  const scores: Record<string, number> = {};
  for (const d of clip.dimensions) {
    const v = draft.scores[d.id];
    if (typeof v === 'number') scores[d.id] = v;
  }
  const notes = Object.fromEntries(Object.entries(draft.notes).filter(([, n]) => n.trim() !== ''));
  return { scores, notes, overallNote: draft.overallNote, unscorable: draft.unscorable };
}

/** "R" takes the keyboard to the form: the first dimension not yet scored. */
function useRateKey(form: React.RefObject<HTMLElement | null>): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.key !== 'r' && event.key !== 'R') || event.ctrlKey || event.metaKey || event.altKey) return;
      const t = event.target;
      if (t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t instanceof HTMLInputElement && !['radio', 'checkbox'].includes(t.type))) return;
      const groups = [...(form.current?.querySelectorAll<HTMLElement>('fieldset.dimension') ?? [])];
      const target = groups.find((g) => !g.querySelector('input[type="radio"]:checked')) ?? groups[0];
      const radio = target?.querySelector<HTMLInputElement>('input[type="radio"]:checked') ?? target?.querySelector<HTMLInputElement>('input[type="radio"]');
      if (radio && !radio.disabled) {
        event.preventDefault();
        radio.focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [form]);
}

function AuditWorkspace({ clip, onOpen, onChanged }: { clip: AuditClipView; onOpen: (code: string | null) => void; onChanged: () => void }) {
  const latest = clip.history[clip.history.length - 1];
  const [mode, setMode] = useState<'draft' | 'locked' | 'amending'>(latest ? 'locked' : 'draft');
  const [draft, setDraft] = useState<Draft>(latest ?? clip.draft ?? EMPTY);
  const [reason, setReason] = useState('');
  const [saveState, setSaveState] = useState<'idle' | 'saving' | 'saved' | 'error'>(clip.draft ? 'saved' : 'idle');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [peaks] = useCall('fidelity.waveform', { code: clip.code });
  const seconds = useActiveSeconds(clip.secondsSpent);
  const dirty = useRef(false);
  const latestDraft = useRef(draft);
  const formRef = useRef<HTMLElement>(null);
  useRateKey(formRef);
  useEffect(() => {
    latestDraft.current = draft;
  }, [draft]);

  const saveNow = useCallback(async () => {
    if (!dirty.current) return;
    dirty.current = false;
    setSaveState('saving');
    try {
      await call('fidelity.saveDraft', { code: clip.code, draft: latestDraft.current, secondsSpent: seconds() });
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

  const leave = async (target: string | null) => {
    if (mode === 'draft') await saveNow();
    onOpen(target);
  };

  const complete = draft.unscorable !== null || clip.dimensions.every((d) => typeof draft.scores[d.id] === 'number');
  const reasonOk = mode !== 'amending' || reason.trim().length >= 3;

  const submit = async () => {
    if (!complete || !reasonOk || busy || mode === 'locked') return;
    setBusy(true);
    setError('');
    try {
      const content = toContent(clip, draft);
      if (mode === 'amending') {
        await call('fidelity.amend', { code: clip.code, rating: content, reason, secondsSpent: seconds() });
        onChanged();
      } else {
        const receipt = await call('fidelity.submit', { code: clip.code, rating: content, secondsSpent: seconds() });
        dirty.current = false;
        onOpen(receipt.nextCode);
      }
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
    <main className="workspace audit-workspace">
      <section className="listen" aria-label="Session recording">
        <div className="clip-heading">
          <h1>
            Session recording <span className="code">{clip.code}</span>
          </h1>
          <span className="muted">
            {clip.position} of {clip.total}
          </span>
          <span className="spacer" />
          <button type="button" disabled={!clip.previousCode} onClick={() => void leave(clip.previousCode)}>
            ← Previous
          </button>
          <button type="button" disabled={!clip.nextCode} onClick={() => void leave(clip.nextCode)}>
            Next →
          </button>
        </div>
        <p className="session-number">
          Manual session <strong data-testid="session-number">{clip.sessionNumber}</strong>
          <span className="muted"> — judge adherence against this session of the manual.</span>
        </p>
        <AudioPlayer
          src={clip.mediaUrl}
          contentType={clip.mediaType}
          label={`Session recording ${clip.code}`}
          durationSeconds={clip.durationSeconds}
          peaks={peaks.state === 'ready' ? peaks.value : null}
        />
        {peaks.state === 'error' && <p className="muted">The waveform could not be drawn; the seek bar works as usual.</p>}
      </section>
      <section className="rate" aria-label="Audit" onKeyDown={onFormKey} ref={formRef}>
        <h2>{mode === 'amending' ? 'Amend your audit' : 'Fidelity audit'}</h2>
        {mode === 'locked' && latest && (
          <p className="locked-note">
            Submitted {new Date(latest.submittedAt).toLocaleString()} — locked. An amendment keeps this version and adds a new one.
          </p>
        )}
        <AuditForm
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
            Back to your sessions
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
              }}
            >
              Cancel amendment
            </button>
          )}
          {mode !== 'locked' && (
            <button type="button" className="primary" disabled={!complete || busy || !reasonOk} onClick={() => void submit()} title="Ctrl+Enter">
              {mode === 'amending' ? 'Submit amendment' : 'Submit audit'}
            </button>
          )}
        </div>
        <RatingHistory history={clip.history} dimensions={clip.dimensions} />
      </section>
    </main>
  );
}
