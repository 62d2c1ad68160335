import { useState, type ReactNode } from 'react';
import { messageOf } from '../api';

/** Opens the sealed key for this session with the unblinding passphrase (set-up, or analysis after unblinding). */
export function OpenKeyForm({ id, intro, open, onDone }: { id: string; intro: ReactNode; open: (passphrase: string) => Promise<unknown>; onDone: () => void }) {
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState('');
  return (
    <form
      className="step-body"
      onSubmit={(e) => {
        e.preventDefault();
        open(passphrase).then(
          () => {
            setPassphrase('');
            onDone();
          },
          (err: unknown) => {
            setPassphrase('');
            setError(messageOf(err));
          },
        );
      }}
    >
      <p>{intro}</p>
      <label htmlFor={id}>Unblinding passphrase</label>
      <input id={id} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      {error && (
        <p role="alert" className="error">
          {error}
        </p>
      )}
      <div>
        <button type="submit" className="primary" disabled={!passphrase}>
          Open the key
        </button>
      </div>
    </form>
  );
}
