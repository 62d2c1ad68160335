// The manager's close-out: where it stands, ratings from elsewhere, emergency unblinding, the data
// lock, unblinding, exports and the analysis report. Each card acts through the contract; the
// status is loaded again after every change.
import { useCall } from '../../hooks/useCall';
import { AnalysisCard } from './AnalysisCard';
import { ExportCard } from './ExportCard';
import { ImportRatingsCard } from './ImportRatingsCard';
import { LockCard } from './LockCard';
import { StatusCard } from './StatusCard';
import { EmergencyUnblindCard, UnblindCard } from './UnblindCards';
import './closeout.css';

export function CloseoutPanel() {
  const [status, reload] = useCall('closeout.status', {});
  if (status.state === 'loading') return <p aria-busy="true">Loading…</p>;
  if (status.state === 'error') return <p role="alert" className="error">{status.message}</p>;
  const s = status.value;
  return (
    <div className="closeout">
      <StatusCard status={s} />
      {!s.lock && <ImportRatingsCard onDone={reload} />}
      {!s.lock && <EmergencyUnblindCard status={s} onDone={reload} />}
      <LockCard status={s} onDone={reload} />
      {s.lock && <UnblindCard status={s} onDone={reload} />}
      <ExportCard status={s} />
      {s.unblinding && s.keyOpen && s.arms && <AnalysisCard arms={s.arms} />}
    </div>
  );
}
