// The manager's set-up of the fidelity audit, above the summary in the Fidelity tab: import the
// intervention-session recordings → draw the seeded sample → de-identify the picks to audio → deal
// them to auditors. The CLI's import-sessions, sample-sessions and assign-auditors, as numbered steps
// like the Set-up wizard's. The sealed key is opened in the Set-up tab; until then the steps wait.
import type { ReactNode } from 'react';
import type { FidelitySetupStatus } from '../../../../electron/common/contract';
import { useCall } from '../../hooks/useCall';
import { AssignAuditorsStep, SessionAudioStep } from './FidelitySetupAudio';
import { SessionsStep } from './FidelitySetupImport';
import { SampleStep } from './FidelitySetupSample';

function Step({ n, title, done, children }: { n: number; title: string; done: boolean; children: ReactNode }) {
  return (
    <section className={`card step${done ? ' step-done' : ''}`} aria-labelledby={`fidelity-step-${n}`}>
      <h3 id={`fidelity-step-${n}`}>
        <span className="step-n">{n}</span> {title} {done && <span className="step-check">✓ done</span>}
      </h3>
      {children}
    </section>
  );
}

function whereItStands(s: FidelitySetupStatus): string {
  const parts = [
    `${s.sessions} session recording${s.sessions === 1 ? '' : 's'} imported`,
    s.rounds === 0 ? 'not sampled yet' : `${s.sampled} sampled in ${s.rounds} round${s.rounds === 1 ? '' : 's'}`,
    `${s.audio.done} with audio`,
    `${s.assigned} assigned to auditors`,
  ];
  return `${parts.join(' · ')}.`;
}

export function FidelitySetup({ onChanged, onOpenSetup }: { onChanged: () => void; onOpenSetup: () => void }) {
  const [status, reload] = useCall('fidelity.setupStatus', {});
  const changed = () => {
    reload();
    onChanged();
  };
  if (status.state !== 'ready') return <p role={status.state === 'error' ? 'alert' : undefined}>{status.state === 'error' ? status.message : 'Loading…'}</p>;
  const s = status.value;
  return (
    <section className="fidelity-setup" aria-labelledby="fidelity-setup-title">
      <h2 id="fidelity-setup-title">Fidelity audit set-up</h2>
      <p className="muted" data-testid="fidelity-setup-status">
        {whereItStands(s)}
      </p>
      {!s.unlocked ? (
        <div className="card step-body">
          <p>
            The sealed key is closed. Importing, sampling, de-identifying and assigning sessions read and write it: open it in the <strong>Set-up</strong> tab with the
            unblinding passphrase, then come back here.
          </p>
          <button type="button" onClick={onOpenSetup}>
            Go to Set-up
          </button>
        </div>
      ) : (
        <div className="wizard">
          <Step n={1} title="Session recordings" done={s.sessions > 0}>
            <SessionsStep status={s} onDone={changed} />
          </Step>
          <Step n={2} title="Sample" done={s.rounds > 0}>
            <SampleStep status={s} onDone={changed} />
          </Step>
          <Step n={3} title="De-identify to audio" done={s.audio.done > 0 && s.audio.pending + s.audio.failed === 0}>
            <SessionAudioStep status={s} onDone={changed} />
          </Step>
          <Step n={4} title="Auditors" done={s.assigned > 0 && s.unassigned === 0}>
            <AssignAuditorsStep status={s} onDone={changed} />
          </Step>
        </div>
      )}
    </section>
  );
}
