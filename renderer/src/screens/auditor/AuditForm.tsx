// The audit form: the shared ScoreForm over the fidelity dimensions (adherence 1–5 with
// "acceptable" from 3 marked on the scale, then the study's items, notes), with "unscorable" worded
// for a sound recording. ScoreForm's own unscorable row speaks of clips and video; it is hidden by
// auditor.css and this one takes its place, writing the same `unscorable` field of the draft.
import type { Draft, ScaleDimension, UnscorableReason } from '../../../../electron/core/contract';
import { ScoreForm } from '../../components/ScoreForm';

export const AUDIO_UNSCORABLE_TEXT: Readonly<Record<UnscorableReason, string>> = {
  video_quality: 'Recording quality',
  wrong_task: 'Not an intervention session',
  too_short: 'Too short',
  other: 'Other',
};

export function AuditForm({
  dimensions,
  draft,
  disabled,
  onChange,
}: {
  dimensions: readonly ScaleDimension[];
  draft: Draft;
  disabled: boolean;
  onChange: (next: Draft) => void;
}) {
  const unscorable = draft.unscorable;
  return (
    <div className="audit-form">
      <ScoreForm dimensions={dimensions} draft={draft} disabled={disabled} onChange={onChange} />
      <fieldset className="audit-unscorable" disabled={disabled}>
        <legend className="visually-hidden">Unscorable</legend>
        <input
          type="checkbox"
          id="audit-unscorable"
          checked={unscorable !== null}
          onChange={(e) => onChange({ ...draft, unscorable: e.target.checked ? { reason: 'video_quality', detail: '' } : null })}
        />
        <label htmlFor="audit-unscorable">This recording is unscorable</label>
        {unscorable && (
          <>
            <label htmlFor="audit-unscorable-reason" className="visually-hidden">
              Why is it unscorable?
            </label>
            <select
              id="audit-unscorable-reason"
              value={unscorable.reason}
              onChange={(e) => onChange({ ...draft, unscorable: { reason: e.target.value as UnscorableReason, detail: unscorable.detail } })}
            >
              {Object.entries(AUDIO_UNSCORABLE_TEXT).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
            <label htmlFor="audit-unscorable-detail" className="visually-hidden">
              Describe the problem
            </label>
            <input
              id="audit-unscorable-detail"
              placeholder="Describe the problem"
              maxLength={1000}
              value={unscorable.detail}
              onChange={(e) => onChange({ ...draft, unscorable: { reason: unscorable.reason, detail: e.target.value } })}
            />
          </>
        )}
      </fieldset>
    </div>
  );
}
