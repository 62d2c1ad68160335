// The set-up wizard's steps: allocation → recordings → masks → (picture: ./PictureStep) → de-identify → coders → assign → seal.
// Each step is a card that shows where it stands and takes its action; problems come back as tables.
import { useState } from 'react';
import type { PendingJob, Problem, SetupStatus } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { OpenKeyForm } from '../../components/OpenKeyForm';
import { ProblemsTable } from '../../components/ProblemsTable';
import { MaskEditor } from './MaskEditor';
import { DeidentifyRunner } from './DeidentifyRunner';
import { FolderImport, type FolderImportText } from './FolderImport';
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
          <label htmlFor="arm-labels">Arm labels (the intervention first)</label>
          <input id="arm-labels" value={arms} onChange={(e) => setArms(e.target.value)} aria-describedby="arm-labels-help" />
          <span id="arm-labels-help" className="field-help">
            As the file writes them, separated by commas, e.g. VIPP-PMH, Usual care
          </span>
        </div>
      </div>
      <button type="button" className="primary" disabled={!path} onClick={() => void run()}>
        Import allocation
      </button>
      {message && <p aria-live="polite">{message}</p>}
      <ProblemsTable problems={problems} caption="Allocation" />
      {problems.some((p) => p.code === 'unknown_arm') ? (
        <p className="warning" data-testid="arms-hint">
          The file names arms this trial does not have yet. Type the trial&apos;s arms in <strong>Arm labels</strong> above as the file writes them, the intervention first
          (for example <code>VIPP-PMH, Usual care</code>: VIPP-PMH is then the intervention), and import again. On the command line the same is{' '}
          <code>--arms &quot;VIPP-PMH,Usual care&quot;</code>.
        </p>
      ) : null}
    </div>
  );
}

const RECORDINGS_TEXT: FolderImportText = {
  ids: 'recordings',
  folderLabel: 'Recordings folder (searched recursively)',
  mapLegend: 'Map files to participants by',
  patternLabel: 'Pattern ({participant}, {timepoint}, {task}, {date}, *)',
  manifestLabel: 'Manifest CSV (file, participant, timepoint, task, date)',
  noun: 'recordings',
  caption: 'Recordings',
  defaultPattern: '{participant}_{timepoint}_*.mp4',
};

export function RecordingsStep({ onDone }: { onDone: () => void }) {
  return (
    <div className="step-body">
      <FolderImport
        text={RECORDINGS_TEXT}
        calls={{
          preview: (input) => call('setup.previewRecordings', input),
          commit: (input) => call('setup.importRecordings', input),
          canLeaveOut: true,
          imported: (done) => `Imported ${done.recordings} recordings. Next: masks, then de-identify.`,
          onDone,
        }}
      >
        {(rows, problemsOf) => (
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
                <th scope="col">Problem</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.file} className={problemsOf(r.file).length > 0 ? 'row-problem' : undefined}>
                  <td>{r.file}</td>
                  <td>{r.participant}</td>
                  <td>{r.timepoint ?? ''}</td>
                  <td>{r.task ?? ''}</td>
                  <td>{r.durationSeconds === null ? '' : `${r.durationSeconds.toFixed(1)} s`}</td>
                  <td>{r.video ?? ''}</td>
                  <td>{problemsOf(r.file).length > 0 ? <strong className="error">⚠ {problemsOf(r.file).join(' ')}</strong> : ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </FolderImport>
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
  return (
    <DeidentifyRunner
      waiting={status.recordings.pending + status.recordings.failed}
      noun="recording"
      start={() => call('setup.deidentify', {})}
      describe={(o) => `${o.done} de-identified${o.failed.length ? `, ${o.failed.length} failed` : ''}${o.cancelled ? ' — cancelled; run again to resume' : ''}.`}
      nameOf={(code) => jobs.find((j) => j.code === code)?.sourceFile ?? code}
      onDone={onDone}
    >
      <p>
        {status.recordings.done} de-identified, {status.recordings.pending} waiting, {status.recordings.failed} failed. Every output is re-probed; a job fails if any tag,
        chapter or extra stream survives.
      </p>
    </DeidentifyRunner>
  );
}
