// The set-up wizard's steps: allocation → recordings → masks → (picture: ./PictureStep) → de-identify → coders → assign → seal.
// Each step is a card that shows where it stands and takes its action; problems come back as tables.
import { useState } from 'react';
import type { PendingJob, Problem, RecordingRow, SetupStatus } from '../../../../electron/core/contract';
import { call, messageOf } from '../../api';
import { OpenKeyForm } from '../../components/OpenKeyForm';
import { ProblemsTable } from '../../components/ProblemsTable';
import { ProgressBar } from '../../components/ProgressBar';
import { useTaskProgress } from '../../hooks/useTaskProgress';
import { MaskEditor } from './MaskEditor';
import { PathField } from './PathField';

export function UnlockStep({ onDone }: { onDone: () => void }) {
  return (
    <OpenKeyForm
      id="unlock-passphrase"
      intro="Set-up reads and writes the sealed key. Open it with the study's unblinding passphrase; it stays open only for this session."
      open={(passphrase) => call('setup.unlock', { passphrase })}
      onDone={onDone}
    />
  );
}

export function AllocationStep({ status, onDone }: { status: SetupStatus; onDone: () => void }) {
  const [path, setPath] = useState('');
  const [idColumn, setIdColumn] = useState('');
  const [armColumn, setArmColumn] = useState('');
  const [arms, setArms] = useState('intervention, control');
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [message, setMessage] = useState('');
  const run = async () => {
    setMessage('');
    setProblems([]);
    try {
      const report = await call('setup.importAllocation', {
        path,
        ...(idColumn ? { idColumn } : {}),
        ...(armColumn ? { armColumn } : {}),
        arms: arms.split(',').map((a) => a.trim()).filter(Boolean),
      });
      setProblems(report.problems);
      if (report.imported) {
        setMessage(`Imported ${report.imported.participants} participants (${Object.entries(report.imported.arms).map(([a, n]) => `${a} ${n}`).join(', ')}).`);
        onDone();
      }
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="step-body">
      <p>{status.participants === null ? '' : `${status.participants} participants imported so far.`} A CSV with one row per participant (REDCap randomisation exports work as they are).</p>
      <PathField id="allocation-path" label="Allocation CSV" kind="file" value={path} onChange={setPath} />
      <div className="grid-3">
        <div>
          <label htmlFor="id-column">Participant column (optional)</label>
          <input id="id-column" value={idColumn} onChange={(e) => setIdColumn(e.target.value)} placeholder="detected" />
        </div>
        <div>
          <label htmlFor="arm-column">Arm column (optional)</label>
          <input id="arm-column" value={armColumn} onChange={(e) => setArmColumn(e.target.value)} placeholder="detected" />
        </div>
        <div>
          <label htmlFor="arm-labels">Arm labels</label>
          <input id="arm-labels" value={arms} onChange={(e) => setArms(e.target.value)} />
        </div>
      </div>
      <button type="button" className="primary" disabled={!path} onClick={() => void run()}>
        Import allocation
      </button>
      {message && <p aria-live="polite">{message}</p>}
      <ProblemsTable problems={problems} caption="Allocation" />
    </div>
  );
}

export function RecordingsStep({ onDone }: { onDone: () => void }) {
  const [folder, setFolder] = useState('');
  const [kind, setKind] = useState<'pattern' | 'manifest'>('pattern');
  const [pattern, setPattern] = useState('{participant}_{timepoint}_*.mp4');
  const [manifestPath, setManifestPath] = useState('');
  const [rows, setRows] = useState<readonly RecordingRow[] | null>(null);
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
        const report = await call('setup.importRecordings', { folder, mapping });
        setProblems(report.problems);
        if (report.imported) {
          setMessage(`Imported ${report.imported.recordings} recordings. Next: masks, then de-identify.`);
          setRows(null);
          onDone();
        }
      } else {
        const report = await call('setup.previewRecordings', { folder, mapping });
        setRows(report.imported);
        setProblems(report.problems);
      }
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="step-body">
      <PathField id="recordings-folder" label="Recordings folder (searched recursively)" kind="folder" value={folder} onChange={setFolder} />
      <fieldset className="inline">
        <legend>Map files to participants by</legend>
        <label className="choice">
          <input type="radio" name="mapping" checked={kind === 'pattern'} onChange={() => setKind('pattern')} /> a file-name pattern
        </label>
        <label className="choice">
          <input type="radio" name="mapping" checked={kind === 'manifest'} onChange={() => setKind('manifest')} /> a manifest CSV
        </label>
      </fieldset>
      {kind === 'pattern' ? (
        <>
          <label htmlFor="pattern">Pattern ({'{participant}'}, {'{timepoint}'}, {'{task}'}, {'{date}'}, *)</label>
          <input id="pattern" value={pattern} onChange={(e) => setPattern(e.target.value)} spellCheck={false} />
        </>
      ) : (
        <PathField id="manifest-path" label="Manifest CSV (file, participant, timepoint, task, date)" kind="file" value={manifestPath} onChange={setManifestPath} />
      )}
      <div className="row">
        <button type="button" disabled={!folder || busy} onClick={() => void run(false)}>
          Preview
        </button>
        <button type="button" className="primary" disabled={!folder || busy || rows === null || problems.length > 0} onClick={() => void run(true)}>
          Import {rows ? rows.length : ''} recordings
        </button>
      </div>
      {busy && progress && <ProgressBar done={progress.done} total={progress.total} label={progress.task} />}
      {message && <p aria-live="polite">{message}</p>}
      <ProblemsTable problems={problems} caption="Recordings" />
      {rows && rows.length > 0 && (
        <table className="preview">
          <caption>How each file maps ({rows.length})</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Participant</th>
              <th scope="col">Timepoint</th>
              <th scope="col">Task</th>
              <th scope="col">Duration</th>
              <th scope="col">Video</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.file}>
                <td>{r.file}</td>
                <td>{r.participant}</td>
                <td>{r.timepoint ?? ''}</td>
                <td>{r.task ?? ''}</td>
                <td>{r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)} s`}</td>
                <td>{r.video ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function MasksStep({ jobs, onDone }: { jobs: readonly PendingJob[]; onDone: () => void }) {
  const pending = jobs.filter((j) => j.status !== 'done');
  const [code, setCode] = useState<string | null>(null);
  if (pending.length === 0) return <p className="step-body">No recordings wait for de-identification.</p>;
  return (
    <div className="step-body">
      <p>Blur or crop burned-in dates or names. Draw on a frame; apply to every recording or just this one. Masks force a re-encode.</p>
      <label htmlFor="mask-recording">Recording</label>
      <select id="mask-recording" value={code ?? ''} onChange={(e) => setCode(e.target.value || null)}>
        <option value="">Choose a recording…</option>
        {pending.map((j) => (
          <option key={j.code} value={j.code}>
            {j.sourceFile} ({j.participant}
            {j.timepoint ? `, ${j.timepoint}` : ''}){j.masks.length ? ` — ${j.masks.length} mask(s)` : ''}
          </option>
        ))}
      </select>
      {code && <MaskEditor key={code} code={code} initial={pending.find((j) => j.code === code)?.masks ?? []} onSaved={onDone} />}
    </div>
  );
}

export function DeidentifyStep({ status, jobs, onDone }: { status: SetupStatus; jobs: readonly PendingJob[]; onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [failures, setFailures] = useState<readonly { code: string; message: string }[]>([]);
  const progress = useTaskProgress(busy);
  const run = async () => {
    setBusy(true);
    setResult('');
    try {
      const outcome = await call('setup.deidentify', {});
      setFailures(outcome.failed);
      setResult(`${outcome.done} de-identified${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}${outcome.cancelled ? ' — cancelled; run again to resume' : ''}.`);
      onDone();
    } catch (e) {
      setResult(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const waiting = status.recordings.pending + status.recordings.failed;
  return (
    <div className="step-body">
      <p>
        {status.recordings.done} de-identified, {status.recordings.pending} waiting, {status.recordings.failed} failed. Every output is re-probed; a job fails if any tag,
        chapter or extra stream survives.
      </p>
      <div className="row">
        <button type="button" className="primary" disabled={busy || waiting === 0} onClick={() => void run()}>
          De-identify {waiting} recording{waiting === 1 ? '' : 's'}
        </button>
        {busy && (
          <button type="button" onClick={() => void call('setup.cancel', {})}>
            Cancel
          </button>
        )}
      </div>
      {busy && progress && (
        <div className="job-progress">
          <ProgressBar done={progress.done} total={100} label="Overall (%)" />
          {Object.entries(progress.items).map(([code, percent]) => (
            <ProgressBar key={code} done={Math.round(percent)} total={100} label={`${jobs.find((j) => j.code === code)?.sourceFile ?? code} (%)`} />
          ))}
        </div>
      )}
      {result && <p aria-live="polite">{result}</p>}
      {failures.length > 0 && (
        <ul className="error">
          {failures.map((f) => (
            <li key={f.code}>
              {jobs.find((j) => j.code === f.code)?.sourceFile ?? f.code}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
