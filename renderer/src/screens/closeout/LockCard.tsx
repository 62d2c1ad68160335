import { useState } from 'react';
import type { CloseoutStatusView, LockExceptionView, UnsubmittedView } from '../../../../electron/common/contract';
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

/** The data lock: the exceptions listed, an explicit confirmation, then nothing can change. */
export function LockCard({ status: s, onDone }: { status: CloseoutStatusView; onDone: () => void }) {
  const [confirmed, setConfirmed] = useState(false);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  if (s.lock) {
    return (
      <Card id="lock" title="Data lock">
        <p data-testid="locked-note">
          Locked <When iso={s.lock.lockedAt} /> by {s.lock.lockedBy}. No rating, amendment, draft, blinding guess or consensus can change.
        </p>
        {s.lock.exceptions.length > 0 && <ExceptionsTable caption={`Locked without ${s.lock.exceptions.length} assigned rating(s), confirmed as exceptions`} rows={s.lock.exceptions} />}
      </Card>
    );
  }
  const n = s.unsubmitted.length;
  const lock = async () => {
    setBusy(true);
    setError('');
    try {
      await call('closeout.lock', { confirmedExceptions: s.unsubmitted.map((u) => ({ code: u.code, coder: u.coder })) });
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
      <label className="confirm">
        <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} />{' '}
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
        <button type="button" className="primary" disabled={!confirmed || busy || s.keyChangedSinceSeal} onClick={() => void lock()}>
          Lock the study
        </button>
      </div>
    </Card>
  );
}
