// Running a batch of de-identification jobs from a set-up step, shared by the outcome recordings and
// the fidelity sessions: the button, Cancel, progress as "12 of 40 recordings · about 3 min left" and a bar per job in flight (named for the
// manager), the outcome, and each failure with its message.
import { useState, type ReactNode } from 'react';
import { call, messageOf } from '../../api';
import { TaskProgress } from '../../components/TaskProgress';
import { useFollowedTask } from '../../hooks/useTaskProgress';

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
  const followed = useFollowedTask(busy);
  // The count at the start: `waiting` falls as the status reloads.
  const [items, setItems] = useState(waiting);
  const run = async () => {
    setItems(waiting);
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
      {busy && followed && <TaskProgress followed={followed} label="De-identified" unit={`${noun}s`} items={items} nameOf={nameOf} />}
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
