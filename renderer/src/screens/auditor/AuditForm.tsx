// The audit form: the shared ScoreForm over the fidelity dimensions (adherence 1–5 with
// "acceptable" from 3 marked on the scale, then the study's items, notes), with "unscorable" worded
// for a sound recording.
import type { Draft, ScaleDimension } from '../../../../electron/common/contract';
import { ScoreForm, type UnscorableWording } from '../../components/ScoreForm';

export const AUDIO_WORDING: UnscorableWording = {
  noun: 'recording',
  reasons: {
    video_quality: 'Recording quality',
    wrong_task: 'Not an intervention session',
    too_short: 'Too short',
    other: 'Other',
  },
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
  return (
    <div className="audit-form">
      <ScoreForm dimensions={dimensions} draft={draft} disabled={disabled} onChange={onChange} wording={AUDIO_WORDING} />
    </div>
  );
}
