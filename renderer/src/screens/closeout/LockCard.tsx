import { useState } from 'react';
import type {
  CloseoutStatusView,
  FailingPairView,
  LockExceptionView,
  UnresolvedDisagreementView,
  UnsubmittedView,
} from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { Card, When } from './Card';

const purposeText = (e: LockExceptionView) => (e.kind === 'session' ? 'fidelity audit' : e.purpose === 'primary' ? 'primary coding' : 'reliability (second) coding');

function ExceptionsTable({ caption, rows }: { caption: string; rows: readonly (LockExceptionView | UnsubmittedView)[] }) {
  return (
    <table className="closeout-table exceptions">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">Clip</th>
          <th scope="col">Coder</th>
          <th scope="col">Assignment</th>
          {rows.some((r) => 'hasDraft' in r) && <th scope="col">Draft</th>}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={`${r.code}/${r.coder}`}>
            <th scope="row" className="code">
              {r.code}
            </th>
            <td>{r.coder}</td>
            <td>{purposeText(r)}</td>
            {'hasDraft' in r && <td>{r.hasDraft ? 'draft saved, not submitted' : 'not started'}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const kappaText = (f: FailingPairView) =>
  f.kappa === null ? 'undefined' : `${f.kappa.toFixed(2)}${f.ci95 ? ` (${f.ci95[0].toFixed(2)} to ${f.ci95[1].toFixed(2)})` : ''}`;

/** What reliability says before the lock: the failing pairs and the disagreements without consensus. */
function ReliabilityProblems({ failing, unresolved, size }: { failing: readonly FailingPairView[]; unresolved: readonly UnresolvedDisagreementView[]; size: number }) {
  return (
    <div data-testid="lock-reliability">
      {failing.length > 0 && (
        <table className="closeout-table reliability-failing">
          <caption>
            {failing.length} coder pair × dimension{failing.length === 1 ? '' : 's'} fail{failing.length === 1 ? 's' : ''} the reliability criterion
          </caption>
          <thead>
            <tr>
              <th scope="col">Pair</th>
              <th scope="col">Dimension</th>
              <th scope="col">n</th>
              <th scope="col">κ (95% CI)</th>
              <th scope="col">Verdict</th>
              <th scope="col">Coded</th>
            </tr>
          </thead>
          <tbody>
            {failing.map((f) => (
              <tr key={`${f.a}/${f.b}/${f.dimension}`}>
                <th scope="row">
                  {f.a} – {f.b}
                </th>
                <td>{f.dimension}</td>
                <td>{f.n}</td>
                <td>{kappaText(f)}</td>
                <td>{f.message}</td>
                <td>
                  {f.period ? (
                    <>
                      <When iso={f.period.first} /> to <When iso={f.period.last} />
                    </>
                  ) : (
                    '—'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {unresolved.length > 0 && (
        <table className="closeout-table reliability-unresolved">
          <caption>
            {unresolved.length} disagreement{unresolved.length === 1 ? '' : 's'} of {size} point{size === 1 ? '' : 's'} or more without a consensus
          </caption>
          <thead>
            <tr>
              <th scope="col">Clip</th>
              <th scope="col">Dimension</th>
              <th scope="col">Scores</th>
            </tr>
          </thead>
          <tbody>
            {unresolved.map((u) => (
              <tr key={`${u.code}/${u.dimension}/${u.a}/${u.b}`}>
                <th scope="row" className="code">
                  {u.code}
                </th>
                <td>{u.dimension}</td>
                <td>
                  {u.a} {u.scoreA}, {u.b} {u.scoreB}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The data lock: the exceptions and reliability problems listed, an explicit confirmation (with a reason over reliability), then nothing can change. */
export function LockCard({ status: s, onDone }: { status: CloseoutStatusView; onDone: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [reason, setReason] = useState('');
  if (s.lock) {
    const o = s.lock.reliabilityOverride;
    return (
      <Card id="lock" title="Data lock">
        <p data-testid="locked-note">
          Locked <When iso={s.lock.lockedAt} /> by {s.lock.lockedBy}. No rating, amendment, draft, blinding guess or consensus can change.
        </p>
        {o && (
          <>
            <p data-testid="locked-over-reliability">Locked despite the reliability problems below. Reason given: “{o.reason}”</p>
            <ReliabilityProblems failing={o.failing} unresolved={o.unresolved} size={s.reliability.disagreementSize} />
          </>
        )}
        {s.lock.exceptions.length > 0 && <ExceptionsTable caption={`Locked without ${s.lock.exceptions.length} assigned rating(s), confirmed as exceptions`} rows={s.lock.exceptions} />}
      </Card>
    );
  }
  const n = s.unsubmitted.length;
  const r = s.reliability;
  const problems = r.failing.length + r.unresolved.length > 0;
  const shortReason = problems && reason.trim().length < s.minReasonLength;
  const lock = async () => {
    setBusy(true);
    setError('');
    try {
      await call('closeout.lock', {
        confirmedExceptions: s.unsubmitted.map((u) => ({ code: u.code, coder: u.coder })),
        ...(problems ? { reliabilityReason: reason.trim() } : {}),
      });
      onDone();
    } catch (e) {
      setError(messageOf(e));
      setConfirmed(false);
      onDone();
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="lock" title="Data lock">
      <p>
        Locking ends coding: after it no rating, amendment, draft, blinding guess or consensus can change, for coders and auditors alike. Unblinding and the
        unblinded exports and analysis need the lock.
      </p>
      {n === 0 ? (
        <p>Every assigned rating is submitted.</p>
      ) : (
        <ExceptionsTable caption={`${n} assigned rating${n === 1 ? ' is' : 's are'} not submitted`} rows={s.unsubmitted} />
      )}
      {problems ? (
        <div className="warning" role="group" aria-labelledby="lock-reliability-heading">
          <p id="lock-reliability-heading">
            <strong>Reliability is not in order.</strong> Resolve it before the lock (a consensus for each disagreement, more double coding or retraining for a
            failing pair), or lock without it and say why: the reason is written to the audit log and printed in the analysis report.
          </p>
          <ReliabilityProblems failing={r.failing} unresolved={r.unresolved} size={r.disagreementSize} />
          <label htmlFor="lock-reliability-reason">Reason for locking despite these reliability problems</label>
          <textarea
            id="lock-reliability-reason"
            rows={2}
            maxLength={2000}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            aria-describedby="lock-reliability-reason-hint"
          />
          <p id="lock-reliability-reason-hint" className="hint">
            {shortReason ? `At least ${s.minReasonLength} characters (${reason.trim().length} so far).` : 'Reason complete.'}
          </p>
        </div>
      ) : (
        <p data-testid="lock-reliability-ok">Reliability: every coder pair passes its criterion (or has too few pairs for a verdict), and every disagreement has a consensus.</p>
      )}
      <label className="confirm">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
        {problems && 'I lock despite the reliability problems listed, for the reason given. '}
        {n === 0
          ? 'I understand that after the lock nothing can change.'
          : n === 1
            ? 'Lock without this rating: I confirm it as an exception, and that after the lock nothing can change.'
            : `Lock without these ${n} ratings: I confirm them as exceptions, and that after the lock nothing can change.`}
      </label>
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div>
        <button type="button" className="primary" disabled={!confirmed || busy || s.keyChangedSinceSeal || shortReason} onClick={() => void lock()}>
          Lock the study
        </button>
      </div>
    </Card>
  );
}
