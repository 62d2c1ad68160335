// The study's blinding check: after submitting, coders guess arm and timepoint (stored apart from
// the ratings, never shown back); after unblinding the analysis reports Bang's and James' indices.
import { useState } from 'react';
import { call, messageOf } from '../../api';
import { useCall } from '../../hooks/useCall';

export function BlindingCheckCard() {
  const [check, reload] = useCall('study.blindingCheck', {});
  const [timepoints, setTimepoints] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  if (check.state !== 'ready') return null;
  const labels = timepoints ?? check.value.timepoints.join(', ');
  const save = async (enabled: boolean) => {
    try {
      const saved = await call('study.setBlindingCheck', {
        enabled,
        timepoints: labels.split(',').map((t) => t.trim()).filter(Boolean),
      });
      setMessage(saved.enabled ? 'Coders will be asked after each submission.' : 'The blinding check is off.');
      setTimepoints(null);
      reload();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <section className="card" aria-labelledby="blinding-check-title">
      <h2 id="blinding-check-title">Blinding check</h2>
      <p>
        {check.value.enabled ? 'On' : 'Off'}. When on, coders guess each clip's arm (intervention, control, don't know) and timepoint after submitting; the guesses are
        kept apart from the ratings, never shown back, and give the blinding indices after unblinding.
      </p>
      <label htmlFor="blinding-timepoints">Timepoint labels coders choose from</label>
      <input id="blinding-timepoints" value={labels} onChange={(e) => setTimepoints(e.target.value)} />
      <div className="row">
        <button type="button" onClick={() => void save(true)}>
          {check.value.enabled ? 'Save labels' : 'Turn the blinding check on'}
        </button>
        {check.value.enabled && (
          <button type="button" onClick={() => void save(false)}>
            Turn it off
          </button>
        )}
      </div>
      {message && <p aria-live="polite">{message}</p>}
    </section>
  );
}
