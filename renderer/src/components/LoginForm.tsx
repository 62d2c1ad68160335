// Logging in, as the login screen and the in-place re-login after a session ended (./SessionEnded)
// both do it: one auth.login call, the password cleared after a refusal, the refusal as an alert.
import { useState, type FormEvent } from 'react';
import type { SessionUser } from '../../../electron/common/contract';
import { call, messageOf } from '../api';

export interface Login {
  readonly password: string;
  readonly setPassword: (password: string) => void;
  readonly error: string;
  readonly busy: boolean;
  /** The form's submit handler, logging `name` in with the password entered. */
  readonly submit: (name: string) => (event: FormEvent) => void;
}

export function useLogin(onLogin: (user: SessionUser) => void): Login {
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const submit = (name: string) => (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError('');
    void call('auth.login', { name, password })
      .then(onLogin, (e: unknown) => {
        setError(messageOf(e));
        setPassword('');
      })
      .finally(() => setBusy(false));
  };
  return { password, setPassword, error, busy, submit };
}

export function PasswordField({ id, login, autoFocus = false }: { id: string; login: Login; autoFocus?: boolean }) {
  return (
    <>
      <label htmlFor={id}>Password</label>
      <input
        id={id}
        type="password"
        autoComplete="current-password"
        value={login.password}
        onChange={(e) => login.setPassword(e.target.value)}
        required
        autoFocus={autoFocus}
      />
      {login.error && (
        <p role="alert" className="error">
          {login.error}
        </p>
      )}
    </>
  );
}
