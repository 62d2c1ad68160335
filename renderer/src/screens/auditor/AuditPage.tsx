// One session recording for its auditor: the audio player with its waveform, the study's session
// number (what adherence is judged against) and nothing else about the session, and the audit form
// with the coder's behaviours — a draft saved within a second of a change, submit, lock, and
// amendment with a reason and the history of versions.
import { useEffect, useRef } from 'react';
import type { AuditClipView } from '../../../../electron/common/contract';
import { sessionEvents } from '../../api';
import { LoadedPage } from '../../components/LoadedPage';
import { RatingPanel } from '../../components/RatingPanel';
import { useCall } from '../../hooks/useCall';
import { useRateKey, useRatingSession } from '../../hooks/useRatingSession';
import { AudioPlayer } from './AudioPlayer';
import { AUDIO_WORDING, AuditForm } from './AuditForm';

export function AuditPage({ code, onOpen }: { code: string; onOpen: (code: string | null) => void }) {
  const [clip, reload] = useCall('fidelity.clip', { code });
  // An ended session took its media link with it: after logging in again the recording comes with a
  // new one (the player keeps its place, the form what was entered), as the coder's clip page does.
  useEffect(() => sessionEvents.onRestored(reload), [reload]);
  return (
    <LoadedPage loaded={clip} backLabel="Back to your sessions" onBack={() => onOpen(null)}>
      {(value) => <AuditWorkspace key={value.history.length} clip={value} onOpen={onOpen} onChanged={reload} />}
    </LoadedPage>
  );
}

function AuditWorkspace({ clip, onOpen, onChanged }: { clip: AuditClipView; onOpen: (code: string | null) => void; onChanged: () => void }) {
  const [peaks] = useCall('fidelity.waveform', { code: clip.code });
  const formRef = useRef<HTMLElement>(null);
  useRateKey(formRef);
  const session = useRatingSession({
    channel: 'fidelity',
    code: clip.code,
    dimensions: clip.dimensions,
    history: clip.history,
    draft: clip.draft,
    secondsSpent: clip.secondsSpent,
    afterSubmit: (receipt) => onOpen(receipt.nextCode),
    afterAmend: onChanged,
  });
  const leave = async (target: string | null) => {
    await session.flush();
    onOpen(target);
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
      <RatingPanel
        session={session}
        text={{ title: 'Fidelity audit', amendTitle: 'Amend your audit', submit: 'Submit audit', back: 'Back to your sessions', label: 'Audit' }}
        history={clip.history}
        dimensions={clip.dimensions}
        formRef={formRef}
        onBack={() => void leave(null)}
        wording={AUDIO_WORDING}
      >
        <AuditForm dimensions={clip.dimensions} draft={session.draft} disabled={session.mode === 'locked'} onChange={session.update} />
      </RatingPanel>
    </main>
  );
}
