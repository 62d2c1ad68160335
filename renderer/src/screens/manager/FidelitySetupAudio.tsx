// Fidelity set-up, steps 3 and 4: de-identify the sampled sessions to audio (progress per session
// and overall; cancel and resume), then deal the session clips to auditors with a concealed
// double-scored share.
import { useState } from 'react';
import type { FidelitySetupStatus } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { DeidentifyRunner } from './DeidentifyRunner';

/** A sampled session by name, for the manager's progress bars and failures. */
function sessionName(status: FidelitySetupStatus, code: string): string {
  const p = status.sample?.picked.find((s) => s.code === code);
  return p ? `${p.clinician} · ${p.family} · session ${p.sessionNumber}` : code;
}

export function SessionAudioStep({ status, onDone }: { status: FidelitySetupStatus; onDone: () => void }) {
  return (
    <DeidentifyRunner
      waiting={status.audio.pending + status.audio.failed}
      noun="session"
      start={() => call('fidelity.deidentify', {})}
      describe={(o) =>
        `${o.done} session${o.done === 1 ? '' : 's'} de-identified to audio${o.failed.length ? `, ${o.failed.length} failed (run again to retry)` : ''}${o.cancelled ? ' — cancelled; run again to resume' : ''}.`
      }
      nameOf={(code) => sessionName(status, code)}
      onDone={onDone}
    >
      <p>
        {status.audio.done} of {status.sampled} sampled sessions have audio, {status.audio.pending} waiting, {status.audio.failed} failed. Auditors hear only the sound: the
        picture, tags, chapters and every other stream are dropped, and each output is re-probed before it is kept.
      </p>
    </DeidentifyRunner>
  );
}

export function AssignAuditorsStep({ status, onDone }: { status: FidelitySetupStatus; onDone: () => void }) {
  // Every auditor takes part unless unticked, including auditors added after this step first showed.
  const [excluded, setExcluded] = useState<readonly string[]>([]);
  const chosen = status.auditors.filter((a) => !excluded.includes(a));
  // Core's default: a fifth double-scored with two or more auditors, none with one.
  const [double, setDouble] = useState<string | null>(null);
  const doublePercent = double ?? (chosen.length >= 2 ? '20' : '0');
  const [seed, setSeed] = useState('');
  const [message, setMessage] = useState('');
  const run = async () => {
    setMessage('');
    try {
      const r = await call('fidelity.assignAuditors', { auditors: [...chosen], doubleFraction: Number(doublePercent) / 100, ...(seed.trim() ? { seed: seed.trim() } : {}) });
      setMessage(
        `Auditor round ${r.round}: ${r.clips} session${r.clips === 1 ? '' : 's'}. ${Object.entries(r.perAuditor)
          .map(([a, n]) => `${a} ${n.primary + n.reliability}`)
          .join(', ')}.`,
      );
      onDone();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  const fractionOk = doublePercent.trim() !== '' && Number(doublePercent) >= 0 && Number(doublePercent) <= 100;
  return (
    <div className="step-body">
      <p>
        {status.assigned} sessions assigned, {status.unassigned} with audio waiting. Sessions are dealt by pseudonymous clinician, so each auditor hears a similar mix; a
        share also goes to a second auditor, concealed, for agreement. The seed is kept in the sealed key.
      </p>
      {status.auditors.length === 0 ? (
        <p>No auditor accounts yet: add them in the Set-up tab (Coders step, role “fidelity auditor”) or under Accounts &amp; backups.</p>
      ) : (
        <fieldset className="inline">
          <legend>Auditors</legend>
          {status.auditors.map((a) => (
            <label key={a} className="choice">
              <input
                type="checkbox"
                checked={chosen.includes(a)}
                onChange={(e) => setExcluded(e.target.checked ? excluded.filter((x) => x !== a) : [...excluded, a])}
              />{' '}
              {a}
            </label>
          ))}
        </fieldset>
      )}
      <div className="grid-3">
        <div>
          <label htmlFor="double-scored">Double-scored (%)</label>
          <input id="double-scored" type="number" min={0} max={100} value={doublePercent} onChange={(e) => setDouble(e.target.value)} />
        </div>
        <div>
          <label htmlFor="auditor-seed">Seed (optional)</label>
          <input id="auditor-seed" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" spellCheck={false} />
        </div>
      </div>
      <button type="button" className="primary" disabled={chosen.length === 0 || status.unassigned === 0 || !fractionOk} onClick={() => void run()}>
        Assign {status.unassigned} session{status.unassigned === 1 ? '' : 's'}
      </button>
      {message && <p aria-live="polite">{message}</p>}
    </div>
  );
}
