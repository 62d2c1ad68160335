// Fidelity set-up, step 1: scan a folder of intervention-session recordings by file-name pattern or
// manifest CSV, preview how each file maps to clinician, family and session, then import (all or none).
import { useState } from 'react';
import type { FidelitySetupStatus, Problem, SessionRecordingRow } from '../../../../electron/core/contract';
import { call, messageOf } from '../../api';
import { ProblemsTable } from '../../components/ProblemsTable';
import { ProgressBar } from '../../components/ProgressBar';
import { useTaskProgress } from '../../hooks/useTaskProgress';
import { PathField } from './PathField';

export function SessionsStep({ status, onDone }: { status: FidelitySetupStatus; onDone: () => void }) {
  const [folder, setFolder] = useState('');
  const [kind, setKind] = useState<'pattern' | 'manifest'>('pattern');
  const [pattern, setPattern] = useState('{clinician}/{family}_s{session}.*');
  const [manifestPath, setManifestPath] = useState('');
  const [rows, setRows] = useState<readonly SessionRecordingRow[] | null>(null);
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState('');
  const progress = useTaskProgress(busy);
  const mapping = kind === 'pattern' ? ({ kind, pattern } as const) : ({ kind, manifestPath } as const);
  const run = async (commit: boolean) => {
    setBusy(true);
    setMessage('');
    try {
      if (commit) {
        const report = await call('fidelity.importSessions', { folder, mapping });
        setProblems(report.problems);
        if (report.imported) {
          setMessage(`Imported ${report.imported.sessions} session recordings; they are sealed in the study. Next: draw the sample.`);
          setRows(null);
          onDone();
        }
      } else {
        const report = await call('fidelity.previewSessions', { folder, mapping });
        setRows(report.imported);
        setProblems(report.problems);
      }
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  // A changed folder or mapping needs a new preview before importing.
  const edited = (apply: () => void) => {
    apply();
    setRows(null);
  };
  return (
    <div className="step-body">
      <p>
        {status.sessions} session recordings imported so far. Recordings of the intervention sessions (audio or video); each file must say its clinician, family and
        session number. Only the sessions the sample draws are ever processed.
      </p>
      <PathField id="sessions-folder" label="Sessions folder (searched recursively)" kind="folder" value={folder} onChange={(v) => edited(() => setFolder(v))} />
      <fieldset className="inline">
        <legend>Map files to sessions by</legend>
        <label className="choice">
          <input type="radio" name="session-mapping" checked={kind === 'pattern'} onChange={() => edited(() => setKind('pattern'))} /> a file-name pattern
        </label>
        <label className="choice">
          <input type="radio" name="session-mapping" checked={kind === 'manifest'} onChange={() => edited(() => setKind('manifest'))} /> a manifest CSV
        </label>
      </fieldset>
      {kind === 'pattern' ? (
        <>
          <label htmlFor="session-pattern">Pattern ({'{clinician}'}, {'{family}'}, {'{session}'}, {'{date}'}, *)</label>
          <input id="session-pattern" value={pattern} onChange={(e) => edited(() => setPattern(e.target.value))} spellCheck={false} aria-describedby="session-pattern-hint" />
          <p className="hint" id="session-pattern-hint">
            {'{session}'} is a whole number; {'{date}'} is yyyy-mm-dd or yyyymmdd. A value cannot hold spaces, “_”, “.” or “/”: for clinicians named like “Anna de
            Vries”, use a manifest.
          </p>
        </>
      ) : (
        <PathField
          id="sessions-manifest"
          label="Manifest CSV (file, clinician, family, session, date)"
          kind="file"
          value={manifestPath}
          onChange={(v) => edited(() => setManifestPath(v))}
        />
      )}
      <div className="row">
        <button type="button" disabled={!folder || busy} onClick={() => void run(false)}>
          Preview
        </button>
        <button type="button" className="primary" disabled={!folder || busy || rows === null || rows.length === 0 || problems.length > 0} onClick={() => void run(true)}>
          Import {rows ? rows.length : ''} session recordings
        </button>
      </div>
      {busy && progress && <ProgressBar done={progress.done} total={progress.total} label={progress.task} />}
      {message && <p aria-live="polite">{message}</p>}
      <ProblemsTable problems={problems} caption="Session recordings" />
      {rows && rows.length === 0 && problems.length === 0 && <p>No session recordings were found in that folder.</p>}
      {rows && rows.length > 0 && <PreviewTable rows={rows} />}
    </div>
  );
}

function PreviewTable({ rows }: { rows: readonly SessionRecordingRow[] }) {
  const dated = rows.some((r) => r.date !== null);
  return (
    <table className="preview">
      <caption>How each file maps ({rows.length})</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Clinician</th>
          <th scope="col">Family</th>
          <th scope="col">Session</th>
          {dated && <th scope="col">Date</th>}
          <th scope="col">Duration</th>
          <th scope="col">Streams</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.file}>
            <td>{r.file}</td>
            <td>{r.clinician}</td>
            <td>{r.family}</td>
            <td>{r.sessionNumber}</td>
            {dated && <td>{r.date ?? ''}</td>}
            <td>{r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)} s`}</td>
            <td>{r.streams ?? ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
