// Fidelity set-up, step 2: draw the seeded sample, stratified by clinician (optionally also by
// session number), and show it: the rule in core's words, the counts per stratum and the sampled
// sessions by name (the manager is unblinded; auditors see pseudonyms and session numbers only).
import { useState } from 'react';
import type { FidelitySampleView, FidelitySetupStatus } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';

const sessionsWord = (n: number): string => `${n} session${n === 1 ? '' : 's'}`;
const percentOf = (fraction: number): string => `${Number((fraction * 100).toFixed(4))}%`;

function SampleTables({ sample }: { sample: FidelitySampleView }) {
  const bySession = sample.stratifiedBy === 'clinician and session number';
  const dated = sample.picked.some((p) => p.date !== null);
  return (
    <>
      <p className="sample-rule" data-testid="sample-rule">
        <strong>Rule:</strong> {sample.rule}
      </p>
      {sample.commitment && (
        <p className="hint">
          Commitment to the sealed draw (in the audit log): <code>{sample.commitment}</code>
        </p>
      )}
      <table className="preview sample-strata">
        <caption>
          Per {sample.stratifiedBy}: {sample.picked.length} of {sample.sessions} sessions sampled
        </caption>
        <thead>
          <tr>
            <th scope="col">Clinician</th>
            <th scope="col">Shown to auditors as</th>
            {bySession && <th scope="col">Session</th>}
            <th scope="col">Sessions</th>
            <th scope="col">Target</th>
            <th scope="col">Sampled</th>
          </tr>
        </thead>
        <tbody>
          {sample.strata.map((s) => (
            <tr key={`${s.clinician}\u0000${s.sessionNumber ?? ''}`}>
              <th scope="row">{s.clinician}</th>
              <td>{s.clinicianLabel}</td>
              {bySession && <td>{s.sessionNumber ?? ''}</td>}
              <td>{s.sessions}</td>
              <td>{s.target}</td>
              <td>{s.picked}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <table className="preview sample-sessions">
        <caption>Sampled sessions ({sample.picked.length})</caption>
        <thead>
          <tr>
            <th scope="col">Clinician</th>
            <th scope="col">Family</th>
            <th scope="col">Session</th>
            {dated && <th scope="col">Date</th>}
            <th scope="col">Round</th>
            <th scope="col">Audio</th>
          </tr>
        </thead>
        <tbody>
          {sample.picked.map((p) => (
            <tr key={p.code}>
              <td>{p.clinician}</td>
              <td>{p.family}</td>
              <td>{p.sessionNumber}</td>
              {dated && <td>{p.date ?? ''}</td>}
              <td>{p.round}</td>
              <td>{p.deidentified ? 'ready' : 'waiting'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export function SampleStep({ status, onDone }: { status: FidelitySetupStatus; onDone: () => void }) {
  const first = status.rounds === 0;
  const [percent, setPercent] = useState(String(Number(((status.fraction ?? 0.1) * 100).toFixed(4))));
  const [seed, setSeed] = useState('');
  const [bySession, setBySession] = useState(status.stratifiedBy === 'clinician and session number');
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);
  const fraction = Number(percent) / 100;
  const valid = percent.trim() !== '' && fraction > 0 && fraction <= 1;
  const run = async () => {
    setBusy(true);
    setMessage('');
    try {
      // A later round reuses the seed round 1 set (core refuses another), so none is sent then.
      const drawn = await call('fidelity.sample', { fraction, bySessionNumber: bySession, ...(first && seed.trim() ? { seed: seed.trim() } : {}) });
      setMessage(
        drawn.drawnRound === null
          ? `No sessions were added since round ${drawn.rounds}; the sample stands.`
          : `Round ${drawn.drawnRound}: ${sessionsWord(drawn.picked.filter((p) => p.round === drawn.drawnRound).length)} drawn; ${drawn.picked.length} of ${drawn.sessions} sampled. Next: de-identify them to audio.`,
      );
      onDone();
    } catch (e) {
      setMessage(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="step-body">
      <p>
        A seeded random sample of each clinician&apos;s sessions, so every clinician is audited: the share is rounded up, with at least one session each. Only the sampled
        sessions are de-identified and heard.{' '}
        {first
          ? 'The seed (given here, or random) is kept in the sealed key; with it the draw can be replayed.'
          : `${status.rounds} round${status.rounds === 1 ? '' : 's'} drawn at ${percentOf(status.fraction ?? 0.1)}. Drawing again samples only sessions imported since, at the same rate, with the seed of round 1; earlier picks are kept.`}
      </p>
      <div className="grid-3">
        <div>
          <label htmlFor="sample-percent">Share of each clinician&apos;s sessions (%)</label>
          <input id="sample-percent" type="number" min={0} max={100} step="any" value={percent} onChange={(e) => setPercent(e.target.value)} />
        </div>
        {first && (
          <div>
            <label htmlFor="sample-seed">Seed (optional)</label>
            <input id="sample-seed" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" spellCheck={false} />
          </div>
        )}
      </div>
      <label className="choice">
        <input type="checkbox" checked={bySession} onChange={(e) => setBySession(e.target.checked)} /> Also by session number (each clinician&apos;s session 1, session 2, … sampled
        apart)
      </label>
      <button type="button" className="primary" disabled={!valid || busy || status.sessions === 0} onClick={() => void run()}>
        {first ? 'Draw the sample' : 'Draw from sessions added since'}
      </button>
      {!valid && <p className="error">The share must be above 0 and at most 100%.</p>}
      {message && <p aria-live="polite">{message}</p>}
      {status.sample && <SampleTables sample={status.sample} />}
    </div>
  );
}
