import { useState } from 'react';
import type { Problem } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { ProblemsTable } from '../../components/ProblemsTable';
import { PathField } from '../manager/PathField';
import { Card } from './Card';

/** Ratings coded on paper or in a spreadsheet, brought in from CSV: every row valid, or nothing written. */
export function ImportRatingsCard({ onDone }: { onDone: () => void }) {
  const [path, setPath] = useState('');
  const [problems, setProblems] = useState<readonly Problem[]>([]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setMessage('');
    setProblems([]);
    try {
      const report = await call('closeout.importRatings', { path });
      setProblems(report.problems);
      if (report.imported) {
        setMessage(`Imported ${report.imported.ratings} rating(s) from ${report.imported.rows} row(s).`);
        onDone();
      }
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="import" title="Import ratings coded elsewhere">
      <div className="step-body">
        <p>
          A CSV with one row per clip × coder × dimension: <code>clip_code</code>, <code>coder</code>, <code>dimension</code>, <code>score</code>, and
          optionally <code>note</code> and <code>submitted_at</code>. The clips must already be assigned to those coders. Every row is checked first; a file
          with any problem writes nothing.
        </p>
        <PathField id="ratings-path" label="Ratings CSV" kind="file" value={path} onChange={setPath} />
        <div>
          <button type="button" className="primary" disabled={!path || busy} onClick={() => void run()}>
            Import ratings
          </button>
        </div>
        {message && <p aria-live="polite">{message}</p>}
        <ProblemsTable problems={problems} caption="Ratings" />
      </div>
    </Card>
  );
}
