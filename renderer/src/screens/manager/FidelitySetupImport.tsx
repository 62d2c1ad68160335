// Fidelity set-up, step 1: scan a folder of intervention-session recordings by file-name pattern or
// manifest CSV, preview how each file maps to clinician, family and session, then import (all or none).
import type { FidelitySetupStatus, SessionRecordingRow } from '../../../../electron/common/contract';
import { call } from '../../api';
import { FolderImport, type FolderImportText } from './FolderImport';

const SESSIONS_TEXT: FolderImportText = {
  ids: 'sessions',
  folderLabel: 'Sessions folder (searched recursively)',
  mapLegend: 'Map files to sessions by',
  patternLabel: 'Pattern ({clinician}, {family}, {session}, {date}, *)',
  patternHint: (
    <>
      {'{session}'} is a whole number; {'{date}'} is yyyy-mm-dd or yyyymmdd. A value cannot hold spaces, “_”, “.” or “/”: for clinicians named like “Anna de Vries”,
      use a manifest.
    </>
  ),
  manifestLabel: 'Manifest CSV (file, clinician, family, session, date)',
  noun: 'session recordings',
  caption: 'Session recordings',
  defaultPattern: '{clinician}/{family}_s{session}.*',
};

export function SessionsStep({ status, onDone }: { status: FidelitySetupStatus; onDone: () => void }) {
  return (
    <div className="step-body">
      <p>
        {status.sessions} session recordings imported so far. Recordings of the intervention sessions (audio or video); each file must say its clinician, family and
        session number. Only the sessions the sample draws are ever processed.
      </p>
      <FolderImport
        text={SESSIONS_TEXT}
        calls={{
          preview: (input) => call('fidelity.previewSessions', input),
          commit: (input) => call('fidelity.importSessions', input),
          imported: (done) => `Imported ${done.sessions} session recordings; they are sealed in the study. Next: draw the sample.`,
          onDone,
        }}
      >
        {(rows) => <PreviewTable rows={rows} />}
      </FolderImport>
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
