// Adding gold-standard clips in the app, as `blindfold import-gold` does: a manifest (file, label,
// one column of master scores per dimension) and whose master scores they are. The path is typed or
// pasted — the system file dialog is the manager's set-up entry. The recordings are de-identified on
// the task board, so progress shows overall and per new clip code while the import runs.
import { useState } from 'react';
import type { GoldImportView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { TaskProgress } from '../../components/TaskProgress';
import { useFollowedTask } from '../../hooks/useTaskProgress';

function describe(outcome: GoldImportView): string {
  const n = outcome.added.length;
  const clips = `Added ${n} gold-standard clip${n === 1 ? '' : 's'}${n > 0 ? `: ${outcome.added.map((a) => a.label).join(', ')}` : ''}`;
  const s = outcome.scores;
  return `${clips}. Master scores: ${s.added} added, ${s.corrected} corrected, ${s.unchanged} unchanged.`;
}

export function GoldImportCard({ onImported }: { onImported: () => void }) {
  const [manifestPath, setManifestPath] = useState('');
  const [source, setSource] = useState('');
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<GoldImportView | null>(null);
  const [error, setError] = useState('');
  const followed = useFollowedTask(busy);

  const run = async () => {
    setBusy(true);
    setOutcome(null);
    setError('');
    try {
      const result = await call('reliability.importGold', { manifestPath: manifestPath.trim(), source });
      setOutcome(result);
      onImported();
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rel-review card" aria-labelledby="rel-gold-import-title" data-testid="gold-import">
      <h3 id="rel-gold-import-title">Add gold-standard clips</h3>
      <p className="muted">
        A CSV manifest with a <code>file</code> column (relative to the manifest’s folder), an optional <code>label</code>, and one column per dimension with the master
        scores. Each recording is de-identified like an outcome recording; coders see only its code.
      </p>
      <div className="rel-fieldset">
        <label>
          Manifest (full path of the CSV file)
          <input value={manifestPath} onChange={(e) => setManifestPath(e.target.value)} spellCheck={false} placeholder="/path/to/gold-manifest.csv" />
        </label>
        <label>
          Whose master scores
          <input value={source} onChange={(e) => setSource(e.target.value)} placeholder="e.g. EAS trainers, 2024 set" />
        </label>
      </div>
      <div className="row">
        <button type="button" className="primary" disabled={busy || manifestPath.trim() === '' || source.trim() === ''} onClick={() => void run()}>
          Import
        </button>
      </div>
      {busy && followed && (
        <TaskProgress followed={followed} label="Gold-standard clips de-identified" unit="clips" items={null} nameOf={(code) => code} testId="gold-import-progress" />
      )}
      {outcome && (
        <p role="status" className={outcome.failed.length > 0 ? 'error' : 'rel-ok'} data-testid="gold-import-result">
          {describe(outcome)}
        </p>
      )}
      {outcome && outcome.failed.length > 0 && (
        <ul className="error">
          {outcome.failed.map((f) => (
            <li key={f.label}>
              {f.label}: {f.message}
            </li>
          ))}
        </ul>
      )}
      {error && (
        <p role="alert" className="error" data-testid="gold-import-result">
          {error}
        </p>
      )}
    </section>
  );
}
