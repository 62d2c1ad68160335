import { useState } from 'react';
import type { CloseoutStatusView, ExportLayoutView, ExportReceiptView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { Card } from './Card';

const baseName = (file: string) => file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);

type Outcome = { kind: 'written'; receipt: ExportReceiptView } | { kind: 'message'; text: string };

/** Blinded exports at any time; unblinded ones once the study is unblinded and its key open here. */
export function ExportCard({ status: s }: { status: CloseoutStatusView }) {
  const [layout, setLayout] = useState<ExportLayoutView>('tidy');
  const [bom, setBom] = useState(false);
  const [outcomes, setOutcomes] = useState<readonly Outcome[]>([]);
  const [busy, setBusy] = useState(false);
  const unblindedReady = s.unblinding !== null && s.keyOpen;
  const run = async (unblinded: boolean) => {
    setBusy(true);
    try {
      const receipt = await call('closeout.export', { layout, unblinded, bom });
      setOutcomes((o) => [...o, receipt ? { kind: 'written', receipt } : { kind: 'message', text: 'Export cancelled: nothing was written.' }]);
    } catch (e) {
      setOutcomes((o) => [...o, { kind: 'message', text: messageOf(e) }]);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="export" title="Exports">
      <div className="step-body">
        <p>
          CSV files, each with a data dictionary and, as REDCap writes them, an R script, SPSS syntax, a Stata do-file and a SAS program beside it that
          read the file with its types and apply the variable and value labels. Blinded (clip codes, coders, scores, times, amendments, consensus,
          reliability flag) at any time; unblinded (joined with participant, arm and timepoint) after unblinding, saved outside the study folder.
        </p>
        <fieldset className="inline">
          <legend>Layout</legend>
          <label className="choice">
            <input type="radio" name="export-layout" checked={layout === 'tidy'} onChange={() => setLayout('tidy')} /> Tidy: one row per clip × coder × dimension
          </label>
          <label className="choice">
            <input type="radio" name="export-layout" checked={layout === 'long'} onChange={() => setLayout('long')} /> Long: one row per participant × timepoint
          </label>
          <label className="choice">
            <input type="radio" name="export-layout" checked={layout === 'wide'} onChange={() => setLayout('wide')} /> Wide: one row per participant, a column per
            timepoint
          </label>
        </fieldset>
        <label className="choice">
          <input type="checkbox" checked={bom} onChange={(e) => setBom(e.target.checked)} /> Start the file with a byte-order mark (for Excel)
        </label>
        <div className="row">
          <button type="button" disabled={busy} onClick={() => void run(false)}>
            Export blinded…
          </button>
          <button type="button" className="primary" disabled={busy || !unblindedReady} onClick={() => void run(true)}
            {...(unblindedReady ? {} : { 'aria-describedby': 'unblinded-export-hint' })}
          >
            Export unblinded…
          </button>
        </div>
        {!unblindedReady && (
          <p id="unblinded-export-hint" className="hint">
            {s.unblinding ? 'Open the key (under Unblinding) to export unblinded data.' : 'Unblinded exports need the study locked and unblinded.'}
          </p>
        )}
        <ul className="plain export-log" aria-live="polite">
          {outcomes.map((o, i) =>
            o.kind === 'written' ? (
              <li key={i} data-testid="export-receipt">
                {o.receipt.unblinded ? 'Unblinded' : 'Blinded'} {o.receipt.layout} export: <strong>{o.receipt.rows} rows</strong> written to{' '}
                <code>{o.receipt.file}</code>; data dictionary <code>{o.receipt.dictionaryFile}</code>; beside them the readers{' '}
                {o.receipt.scriptFiles.map((f, k) => (
                  <span key={f}>
                    {k > 0 && ', '}
                    <code>{baseName(f)}</code>
                  </span>
                ))}
              </li>
            ) : (
              <li key={i} className={o.text.startsWith('Export cancelled') ? undefined : 'error'}>
                {o.text}
              </li>
            ),
          )}
        </ul>
      </div>
    </Card>
  );
}
