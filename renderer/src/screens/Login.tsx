import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../electron/common/contract';
import { call, messageOf } from '../api';

export function Login({ studyName, onLogin }: { studyName: string; onLogin: (user: SessionUser) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    try {
      onLogin(await call('auth.login', { name, password }));
    } catch (e) {
      setError(messageOf(e));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="centered">
      <form className="card login" onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
        <h1 id="login-title">Blindfold</h1>
        {studyName && <p className="muted">{studyName}</p>}
        <label htmlFor="login-name">User name</label>
        <input id="login-name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        <label htmlFor="login-password">Password</label>
        <input
          id="login-password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
