// Running a batch of de-identification jobs from a set-up step, shared by the outcome recordings and
// the fidelity sessions: the button, Cancel, a progress bar overall and one per job (named for the
// manager), the outcome, and each failure with its message.
import { useState, type ReactNode } from 'react';
import { call, messageOf } from '../../api';
import { ProgressBar } from '../../components/ProgressBar';
import { useTaskProgress } from '../../hooks/useTaskProgress';

export interface DeidentifyOutcomeView {
  readonly done: number;
  readonly failed: readonly { readonly code: string; readonly message: string }[];
  readonly cancelled: boolean;
}

export function DeidentifyRunner({
  waiting,
  noun,
  start,
  describe,
  nameOf,
  onDone,
  children,
}: {
  waiting: number;
  /** Singular; the button says "De-identify 3 recordings". */
  noun: string;
  start: () => Promise<DeidentifyOutcomeView>;
  describe: (outcome: DeidentifyOutcomeView) => string;
  nameOf: (code: string) => string;
  onDone: () => void;
  /** What the step says above its button. */
  children: ReactNode;
}) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState('');
  const [failures, setFailures] = useState<DeidentifyOutcomeView['failed']>([]);
  const progress = useTaskProgress(busy);
  const run = async () => {
    setBusy(true);
    setResult('');
    try {
      const outcome = await start();
      setFailures(outcome.failed);
      setResult(describe(outcome));
      onDone();
    } catch (e) {
      setResult(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="step-body">
      {children}
      <div className="row">
        <button type="button" className="primary" disabled={busy || waiting === 0} onClick={() => void run()}>
          De-identify {waiting} {noun}
          {waiting === 1 ? '' : 's'}
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
            <ProgressBar key={code} done={Math.round(percent)} total={100} label={`${nameOf(code)} (%)`} />
          ))}
        </div>
      )}
      {result && <p aria-live="polite">{result}</p>}
      {failures.length > 0 && (
        <ul className="error">
          {failures.map((f) => (
            <li key={f.code}>
              {nameOf(f.code)}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
