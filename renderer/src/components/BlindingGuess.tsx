import { useEffect, useRef, useState } from 'react';
import type { BlindingCheck } from '../../../electron/common/contract';
import { call, messageOf } from '../api';

const ARMS = [
  ['intervention', 'Intervention'],
  ['control', 'Control'],
  ['dont_know', "Don't know"],
] as const;

/** The study's blinding check, asked once after submitting; the answer is never shown back. */
export function BlindingGuess({ code, check, onDone }: { code: string; check: BlindingCheck; onDone: () => void }) {
  const [arm, setArm] = useState<string | null>(null);
  const [timepoint, setTimepoint] = useState<string | null>(null);
  const [error, setError] = useState('');
  // The form replaces the rating form: take the keyboard (and screen reader) to it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const send = async () => {
    if (!arm || !timepoint) return;
    try {
      await call('coding.blindingGuess', { code, arm: arm as 'intervention' | 'control' | 'dont_know', timepoint });
      onDone();
    } catch (e) {
      setError(messageOf(e));
    }
  };
  return (
    <section className="card guess" aria-labelledby="guess-title">
      <h2 id="guess-title" tabIndex={-1} ref={heading}>
        Blinding check
      </h2>
      <p>Which group do you think this family was in, and when was this recorded? Guess if you are unsure; your answer is never shown back.</p>
      <fieldset>
        <legend>Group</legend>
        {ARMS.map(([value, text]) => (
          <label key={value} className="choice">
            <input type="radio" name="arm-guess" value={value} checked={arm === value} onChange={() => setArm(value)} /> {text}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>Timepoint</legend>
        {[...check.timepoints, 'dont_know'].map((t) => (
          <label key={t} className="choice">
            <input type="radio" name="timepoint-guess" value={t} checked={timepoint === t} onChange={() => setTimepoint(t)} />{' '}
            {t === 'dont_know' ? "Don't know" : t}
          </label>
        ))}
      </fieldset>
      {error && <p role="alert" className="error">{error}</p>}
      <button type="button" className="primary" disabled={!arm || !timepoint} onClick={() => void send()}>
        Save guess and continue
      </button>
    </section>
  );
}
