// Unblinding, in its two forms: one clip in an emergency before the lock, and the whole study after
// it. Both take the manager's password, the unblinding passphrase and a written reason; both are
// logged. An emergency reveal is shown here once and kept nowhere else.
import { useState } from 'react';
import type { CloseoutStatusView, EmergencyRevealView, UnblindReceiptView } from '../../../../electron/common/contract';
import { OpenKeyForm as SharedOpenKeyForm } from '../../components/OpenKeyForm';
import { call, messageOf } from '../../api';
import { Card, When } from './Card';

function Credentials({ prefix, state, minReason }: { prefix: string; state: Credentials; minReason: number }) {
  const { password, passphrase, reason, setPassword: onPassword, setPassphrase: onPassphrase, setReason: onReason } = state;
  const short = reason.trim().length < minReason;
  return (
    <>
      <div className="grid-2">
        <div>
          <label htmlFor={`${prefix}-password`}>Your password</label>
          <input id={`${prefix}-password`} type="password" autoComplete="current-password" value={password} onChange={(e) => onPassword(e.target.value)} />
        </div>
        <div>
          <label htmlFor={`${prefix}-passphrase`}>Unblinding passphrase</label>
          <input id={`${prefix}-passphrase`} type="password" autoComplete="off" value={passphrase} onChange={(e) => onPassphrase(e.target.value)} />
        </div>
      </div>
      <label htmlFor={`${prefix}-reason`}>Reason (written to the audit log and every later report)</label>
      <textarea id={`${prefix}-reason`} rows={2} maxLength={2000} value={reason} onChange={(e) => onReason(e.target.value)} aria-describedby={`${prefix}-reason-hint`} />
      <p id={`${prefix}-reason-hint`} className="hint">
        {short ? `At least ${minReason} characters (${reason.trim().length} so far).` : 'Reason complete.'} The audit log keeps it unencrypted and
        for good: refer to participants by clip code, never by name or study id.
      </p>
    </>
  );
}

function useCredentials() {
  const [password, setPassword] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [reason, setReason] = useState('');
  const clearSecrets = () => {
    setPassword('');
    setPassphrase('');
  };
  const clear = () => {
    clearSecrets();
    setReason('');
  };
  return { password, passphrase, reason, setPassword, setPassphrase, setReason, clearSecrets, clear };
}

type Credentials = ReturnType<typeof useCredentials>;

export function EmergencyUnblindCard({ status, onDone }: { status: CloseoutStatusView; onDone: () => void }) {
  const c = useCredentials();
  const [code, setCode] = useState('');
  const [reveal, setReveal] = useState<EmergencyRevealView | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = /^[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code.trim()) && c.password !== '' && c.passphrase !== '' && c.reason.trim().length >= status.minReasonLength;
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      setReveal(await call('closeout.emergencyUnblind', { code: code.trim(), password: c.password, passphrase: c.passphrase, reason: c.reason }));
      c.clear();
      setCode('');
      onDone();
    } catch (e) {
      c.clearSecrets();
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card id="emergency" title="Emergency unblinding of one clip">
      <p>
        Before the lock, one clip can be unblinded when the team must know whose recording it is (for instance, a coder reported a safety concern). The reveal is
        shown here once; who, when and why are logged, and the clip is listed in every later report and export.
      </p>
      {reveal ? (
        <div className="reveal" role="status" data-testid="emergency-reveal">
          <p>
            <strong>
              Clip <span className="code">{reveal.code}</span>
            </strong>
            : participant <strong>{reveal.participant}</strong>, arm <strong>{reveal.arm ?? '(not in the allocation)'}</strong>, timepoint{' '}
            <strong>{reveal.timepoint ?? '(none)'}</strong>
            {reveal.task ? `, task ${reveal.task}` : ''}.
          </p>
          <p>
            Unblinded <When iso={reveal.unblindedAt} /> by {reveal.unblindedBy}. This is shown once and not stored.
            {!reveal.matchesSeal && ' Note: the key has changed since the latest seal.'}
          </p>
          <button type="button" onClick={() => setReveal(null)}>
            I have noted it — hide
          </button>
        </div>
      ) : (
        <form
          className="step-body"
          onSubmit={(e) => {
            e.preventDefault();
            if (ready && !busy) void run();
          }}
        >
          <label htmlFor="emergency-code">Clip code</label>
          <input id="emergency-code" className="code narrow" value={code} onChange={(e) => setCode(e.target.value.toUpperCase())} spellCheck={false} autoComplete="off" />
          <Credentials prefix="emergency" state={c} minReason={status.minReasonLength} />
          {error && (
            <p role="alert" className="error">
              {error}
            </p>
          )}
          <div>
            <button type="submit" className="danger" disabled={!ready || busy}>
              Reveal this clip
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}

function OpenKeyForm({ onDone }: { onDone: () => void }) {
  return (
    <SharedOpenKeyForm
      id="open-key-passphrase"
      intro="The unblinded exports and the analysis read the sealed key; open it for this session with the unblinding passphrase."
      open={(passphrase) => call('closeout.openKey', { passphrase })}
      onDone={onDone}
    />
  );
}

export function UnblindCard({ status: s, onDone }: { status: CloseoutStatusView; onDone: () => void }) {
  const c = useCredentials();
  const [receipt, setReceipt] = useState<UnblindReceiptView | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const ready = c.password !== '' && c.passphrase !== '' && c.reason.trim().length >= s.minReasonLength;
  const run = async () => {
    setBusy(true);
    setError('');
    try {
      setReceipt(await call('closeout.unblind', { password: c.password, passphrase: c.passphrase, reason: c.reason }));
      c.clear();
      onDone();
    } catch (e) {
      c.clearSecrets();
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  if (s.unblinding) {
    const u = receipt?.unblinding ?? s.unblinding;
    return (
      <Card id="unblind" title="Unblinding">
        <div className="receipt" role="status" data-testid="unblind-receipt">
          <p>
            Unblinded <When iso={u.unblindedAt} /> by <strong>{u.unblindedBy}</strong>. Reason: “{u.reason}”.
          </p>
          <p>
            ✓ The opened key matches the seal’s SHA-256 commitment <code>{u.commitment}</code>.
          </p>
          {receipt && (
            <p>
              {receipt.clips} clips in the key; randomised: {Object.entries(receipt.randomised).map(([arm, n]) => `${arm} ${n}`).join(', ')}.
            </p>
          )}
        </div>
        {!s.keyOpen && <OpenKeyForm onDone={onDone} />}
      </Card>
    );
  }
  return (
    <Card id="unblind" title="Unblinding">
      <p>
        Unblinding opens the sealed key for analysis. It is checked against the seal’s commitment before anything is revealed, and who, when and why are logged.
        It can be done once.
      </p>
      <form
        className="step-body"
        onSubmit={(e) => {
          e.preventDefault();
          if (ready && !busy) void run();
        }}
      >
        <Credentials prefix="unblind" state={c} minReason={s.minReasonLength} />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <div>
          <button type="submit" className="primary" disabled={!ready || busy}>
            Unblind the study
          </button>
        </div>
      </form>
    </Card>
  );
}
