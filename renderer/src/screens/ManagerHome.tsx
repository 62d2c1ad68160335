import { useState } from 'react';
import { ProgressBar } from '../components/ProgressBar';
import { useCall } from '../hooks/useCall';
import { FidelitySummary } from './auditor/FidelitySummary';
import { CloseoutPanel } from './closeout/CloseoutPanel';
import { AccountsPanel } from './manager/AccountsPanel';
import { FidelitySetup } from './manager/FidelitySetup';
import { ScalesEditor } from './manager/ScalesEditor';
import { SetupWizard } from './manager/SetupWizard';

const TABS = [
  ['dashboard', 'Dashboard'],
  ['setup', 'Set-up'],
  ['scales', 'Scales'],
  ['fidelity', 'Fidelity'],
  ['closeout', 'Close-out'],
  ['accounts', 'Accounts & backups'],
] as const;

/** What to do next when nothing is being coded yet. */
function DashboardEmpty({ coders, onOpenSetup }: { coders: number; onOpenSetup: () => void }) {
  return (
    <div className="empty-note" data-testid="dashboard-empty">
      <p>
        {coders === 0
          ? 'Nothing to show yet: the study has no coders and no clips. Set the study up first — import the allocation and the recordings, de-identify them, add coders, assign and seal.'
          : 'No clips are assigned yet. Finish the set-up: de-identify the recordings, then assign them to the coders and seal the key.'}
      </p>
      <button type="button" className="primary" onClick={onOpenSetup}>
        Open the set-up
      </button>
    </div>
  );
}

function Dashboard({ onOpenSetup }: { onOpenSetup: () => void }) {
  const [progress] = useCall('manager.progress', {});
  return (
    <>
      <h2>Clips submitted per coder</h2>
      {progress.state === 'ready' ? (
        progress.value.coders.every((c) => c.total === 0) ? (
          <DashboardEmpty coders={progress.value.coders.length} onOpenSetup={onOpenSetup} />
        ) : (
          progress.value.coders.map((c) => <ProgressBar key={c.name} done={c.done} total={c.total} label={c.name} />)
        )
      ) : progress.state === 'error' ? (
        <p role="alert" className="error">{progress.message}</p>
      ) : null}
    </>
  );
}

/** The audit's set-up above its summary; the summary is read again after each set-up step. */
function Fidelity({ onOpenSetup }: { onOpenSetup: () => void }) {
  const [generation, setGeneration] = useState(0);
  return (
    <>
      <FidelitySetup onChanged={() => setGeneration((g) => g + 1)} onOpenSetup={onOpenSetup} />
      <FidelitySummary key={generation} />
    </>
  );
}

export function ManagerHome() {
  const [tab, setTab] = useState<(typeof TABS)[number][0]>('dashboard');
  return (
    <main className="page wide">
      <h1>Study management</h1>
      <div role="tablist" aria-label="Management" className="tabs">
        {TABS.map(([id, label]) => (
          <button key={id} type="button" role="tab" id={`tab-${id}`} aria-selected={tab === id} aria-controls={`panel-${id}`} onClick={() => setTab(id)}>
            {label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === 'dashboard' ? (
          <Dashboard onOpenSetup={() => setTab('setup')} />
        ) : tab === 'setup' ? (
          <SetupWizard />
        ) : tab === 'scales' ? (
          <ScalesEditor />
        ) : tab === 'fidelity' ? (
          <Fidelity onOpenSetup={() => setTab('setup')} />
        ) : tab === 'closeout' ? (
          <CloseoutPanel />
        ) : (
          <AccountsPanel />
        )}
      </div>
    </main>
  );
}
