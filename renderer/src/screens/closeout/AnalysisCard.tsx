import { useState } from 'react';
import type { AnalysisView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { Card } from './Card';
import { ReportView } from './ReportView';

function defaultArms(arms: readonly string[]): [string, string] {
  const find = (name: string) => arms.find((a) => a.toLowerCase() === name);
  const intervention = find('intervention') ?? arms[0] ?? '';
  const control = find('control') ?? arms.find((a) => a !== intervention) ?? '';
  return [intervention, control];
}

/** The analysis of the unblinded study: which arm is which, then the report with its figures. */
export function AnalysisCard({ arms }: { arms: readonly string[] }) {
  const [[intervention, control], setArms] = useState<[string, string]>(() => defaultArms(arms));
  const [view, setView] = useState<AnalysisView | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      setView(await call('closeout.analysis', { arms: [intervention, control] }));
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="analysis" title="Analysis">
      <div className="step-body">
        <p>
          For every dimension × timepoint: n per arm, the upper category with the risk ratio and the risk difference (Newcombe’s hybrid score interval, Wald
          beside it), mean ± SD with Hedges’ g, the arm difference adjusted for baseline (ANCOVA, complete cases) beside the unadjusted one, change from
          baseline, transitions, completion and the blinding indices. Ratios, differences and g are intervention relative to control.
        </p>
        <div className="grid-2">
          <div>
            <label htmlFor="arm-intervention">Intervention arm</label>
            <select id="arm-intervention" value={intervention} onChange={(e) => setArms([e.target.value, control])}>
              {arms.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </div>
          <div>
            <label htmlFor="arm-control">Control arm</label>
            <select id="arm-control" value={control} onChange={(e) => setArms([intervention, e.target.value])}>
              {arms.map((a) => (
                <option key={a}>{a}</option>
              ))}
            </select>
          </div>
        </div>
        <div>
          <button type="button" className="primary" disabled={busy || !intervention || !control || intervention === control} onClick={() => void run()}>
            {view ? 'Run the analysis again' : 'Run the analysis'}
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </div>
      {view && <ReportView view={view} arms={[view.report.arms.intervention, view.report.arms.control]} />}
    </Card>
  );
}
