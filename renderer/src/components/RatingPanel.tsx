// The right-hand panel of a rating page: the form, the locked note, the amendment reason, the draft
// state, the actions and the history — the same for coders and auditors.
import type { ReactNode, RefObject } from 'react';
import type { RatingVersion, ScaleDimension } from '../../../electron/common/contract';
import type { RatingSession } from '../hooks/useRatingSession';
import { RatingHistory } from './RatingHistory';
import { CLIP_WORDING, type UnscorableWording } from './ScoreForm';
import { Time } from './Time';

export interface RatingPanelText {
  readonly title: string;
  readonly amendTitle: string;
  readonly submit: string;
  readonly back: string;
  readonly label: string;
}

export function RatingPanel({
  session,
  text,
  history,
  dimensions,
  formRef,
  onBack,
  children,
  wording = CLIP_WORDING,
  onSeek,
}: {
  session: RatingSession;
  text: RatingPanelText;
  history: readonly RatingVersion[];
  dimensions: readonly ScaleDimension[];
  formRef: RefObject<HTMLElement | null>;
  onBack: () => void;
  children: ReactNode;
  wording?: UnscorableWording;
  onSeek?: (seconds: number) => void;
}) {
  const { mode, latest } = session;
  return (
    <section className="rate" aria-label={text.label} onKeyDown={session.onFormKey} ref={formRef}>
      <h2>{mode === 'amending' ? text.amendTitle : text.title}</h2>
      {mode === 'locked' && latest && (
        <p className="locked-note">Submitted <Time iso={latest.submittedAt} /> — locked. An amendment keeps this version and adds a new one.</p>
      )}
      {children}
      {mode === 'amending' && (
        <>
          <label htmlFor="amend-reason" className="note-label">
            Reason for the amendment (required)
          </label>
          <textarea id="amend-reason" rows={2} value={session.reason} aria-describedby="amend-reason-hint" onChange={(e) => session.setReason(e.target.value)} />
          <p id="amend-reason-hint" className="hint">
            Kept with both versions and in the audit log, which cannot be edited: no names or other identifying details.
          </p>
        </>
      )}
      {mode === 'draft' && (
        <p className="save-state" aria-live="polite">
          {session.saveState === 'saving' || session.saveState === 'pending' ? 'Saving draft…' : session.saveState === 'saved' ? 'Draft saved' : session.saveState === 'error' ? 'Draft not saved' : ''}
        </p>
      )}
      {session.error && <p role="alert" className="error">{session.error}</p>}
      <div className="actions">
        <button type="button" onClick={onBack}>
          {text.back}
        </button>
        {mode === 'locked' && (
          <button type="button" onClick={session.startAmend}>
            Amend…
          </button>
        )}
        {mode === 'amending' && (
          <button type="button" onClick={session.cancelAmend}>
            Cancel amendment
          </button>
        )}
        {mode !== 'locked' && (
          <button type="button" className="primary" disabled={!session.complete || session.busy || !session.reasonOk} onClick={() => void session.submit()} title="Ctrl+Enter">
            {mode === 'amending' ? 'Submit amendment' : text.submit}
          </button>
        )}
      </div>
      <RatingHistory history={history} dimensions={dimensions} wording={wording} onSeek={onSeek} />
    </section>
  );
}
