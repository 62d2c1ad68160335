// One trainee: give them gold-standard clips, then preview their agreement with the master on every
// dimension and record the verdict (certified / not yet) — the core writes it to the audit log.
import { useState } from 'react';
import type { CertificationOutcomeView, GoldClipView, TraineeView } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { f3, interval } from './format';

interface Props {
  readonly trainee: TraineeView;
  readonly goldClips: readonly GoldClipView[];
  readonly masterCoders: readonly string[];
  readonly onChanged: () => void;
  readonly onClose: () => void;
}

type Message = { kind: 'ok' | 'error'; text: string } | null;

function Feedback({ message, testId }: { message: Message; testId: string }) {
  if (!message) return null;
  return (
    <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'rel-ok'} data-testid={testId}>
      {message.text}
    </p>
  );
}

function Outcome({ outcome }: { outcome: CertificationOutcomeView }) {
  const c = outcome.criterion;
  return (
    <>
      <p className={`rel-verdict ${outcome.verdict === 'certified' ? 'rel-pass' : 'rel-fail'}`} data-testid="certification-verdict">
        <strong>{outcome.verdict === 'certified' ? 'Certified' : 'Not yet certified'}</strong> against the {outcome.master}
        {outcome.recorded ? ' — recorded' : ' — preview, not recorded'}
      </p>
      <table className="rel-table">
        <caption>
          {outcome.trainee} against the {outcome.master}: {c.weights} weighted kappa{c.basis === 'ci_lower' ? ' (lower 95% limit)' : ''} ≥ {c.threshold}, at least {c.minPairs}{' '}
          clips
        </caption>
        <thead>
          <tr>
            <th scope="col">Dimension</th>
            <th scope="col" className="num">
              n
            </th>
            <th scope="col" className="num">
              κ
            </th>
            <th scope="col" className="num">
              95% CI
            </th>
            <th scope="col">Verdict</th>
            <th scope="col">Why</th>
          </tr>
        </thead>
        <tbody>
          {outcome.dimensions.map((d) => (
            <tr key={d.dimension}>
              <th scope="row">{d.label}</th>
              <td className="num">{d.n}</td>
              <td className="num" data-cell="kappa">
                {d.kappa === null ? <span className="rel-undefined">undefined</span> : f3(d.kappa)}
              </td>
              <td className="num">{d.ci95 ? interval(d.ci95) : ''}</td>
              <td>{d.verdict === 'certified' ? 'certified' : 'not yet'}</td>
              <td>
                {d.message}
                {d.pending > 0 ? `; ${d.pending} training clip${d.pending === 1 ? '' : 's'} not yet submitted` : ''}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function TraineeActions({ trainee, goldClips, masterCoders, onChanged, onClose }: Props) {
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(goldClips.map((g) => g.code)));
  const [assignMessage, setAssignMessage] = useState<Message>(null);
  const [master, setMaster] = useState('');
  const [outcome, setOutcome] = useState<CertificationOutcomeView | null>(null);
  const [certifyMessage, setCertifyMessage] = useState<Message>(null);
  const [busy, setBusy] = useState(false);

  const toggle = (code: string) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(code)) next.delete(code);
      else next.add(code);
      return next;
    });

  const assign = async () => {
    setBusy(true);
    setAssignMessage(null);
    try {
      const done = await call('reliability.assignTraining', { trainee: trainee.name, clips: [...chosen] });
      setAssignMessage({
        kind: 'ok',
        text: `${done.assigned.length} gold-standard clip${done.assigned.length === 1 ? '' : 's'} placed in ${done.trainee}'s queue${
          done.alreadyAssigned > 0 ? `; ${done.alreadyAssigned} already there` : ''
        }.`,
      });
      onChanged();
    } catch (error) {
      setAssignMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  const certify = async (record: boolean) => {
    setBusy(true);
    setCertifyMessage(null);
    try {
      const result = await call('reliability.certify', { trainee: trainee.name, record, ...(master ? { masterCoder: master } : {}) });
      setOutcome(result);
      onChanged();
      if (record) {
        setCertifyMessage({ kind: 'ok', text: `Recorded: ${result.trainee} is ${result.verdict === 'certified' ? 'certified' : 'not yet certified'}.` });
      }
    } catch (error) {
      setCertifyMessage({ kind: 'error', text: messageOf(error) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="rel-review card" aria-labelledby="rel-trainee-title" data-testid="trainee-actions">
      <div className="rel-review-head">
        <h3 id="rel-trainee-title">{trainee.name}</h3>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      <fieldset className="rel-fieldset rel-gold-choice">
        <legend>Gold-standard clips to give {trainee.name}</legend>
        {goldClips.map((g) => (
          <label key={g.code} className="choice">
            <input type="checkbox" checked={chosen.has(g.code)} onChange={() => toggle(g.code)} />
            {g.label} <span className="code muted">{g.code}</span>
          </label>
        ))}
      </fieldset>
      <button type="button" onClick={() => void assign()} disabled={busy || chosen.size === 0}>
        Assign {chosen.size} gold clip{chosen.size === 1 ? '' : 's'} to {trainee.name}
      </button>
      <Feedback message={assignMessage} testId="assign-message" />

      <h4>Certification</h4>
      <div className="row">
        <label htmlFor="rel-master">Master</label>
        <select id="rel-master" value={master} onChange={(e) => {
            setMaster(e.target.value);
            setOutcome(null);
          }}>
          <option value="">Gold standard (master scores)</option>
          {masterCoders.map((c) => (
            <option key={c} value={c}>
              {c} (a designated master coder)
            </option>
          ))}
        </select>
        <button type="button" onClick={() => void certify(false)} disabled={busy}>
          Preview verdict
        </button>
        <button type="button" className="primary" onClick={() => void certify(true)} disabled={busy || outcome === null || outcome.recorded}>
          Record this verdict
        </button>
      </div>
      {outcome ? <Outcome outcome={outcome} /> : <p className="muted">Preview the verdict first; recording it writes it to the audit log.</p>}
      <Feedback message={certifyMessage} testId="certify-message" />
    </section>
  );
}
