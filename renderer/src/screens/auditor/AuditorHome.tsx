// The fidelity auditor's screens: their queue of session recordings, one recording with the audio
// player and the audit form, and the fidelity summary (clinicians by pseudonym only).
import { useState } from 'react';
import { useCall } from '../../hooks/useCall';
import { AuditPage } from './AuditPage';
import { AuditQueue } from './AuditQueue';
import { FidelitySummary } from './FidelitySummary';
import './auditor.css';

const TABS = [
  ['queue', 'Your sessions'],
  ['summary', 'Summary'],
] as const;

type Route = { screen: 'queue' | 'summary' } | { screen: 'session'; code: string };

function QueueTab({ onOpen }: { onOpen: (code: string) => void }) {
  const [queue] = useCall('fidelity.queue', {});
  if (queue.state === 'loading') return <div aria-busy="true" />;
  if (queue.state === 'error') return <p role="alert" className="error">{queue.message}</p>;
  return <AuditQueue queue={queue.value} onOpen={onOpen} />;
}

export function AuditorHome() {
  const [route, setRoute] = useState<Route>({ screen: 'queue' });
  if (route.screen === 'session') {
    return <AuditPage key={route.code} code={route.code} onOpen={(code) => setRoute(code ? { screen: 'session', code } : { screen: 'queue' })} />;
  }
  const tab = route.screen;
  return (
    <main className="page wide">
      <h1>Fidelity audit</h1>
      <div role="tablist" aria-label="Fidelity audit" className="tabs">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} onClick={() => setRoute({ screen: id })}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'queue' ? <QueueTab onOpen={(code) => setRoute({ screen: 'session', code })} /> : <FidelitySummary />}
      </div>
    </main>
  );
}
