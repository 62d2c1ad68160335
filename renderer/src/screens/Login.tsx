import { useState } from 'react';
import type { SessionUser } from '../../../electron/common/contract';
import { PasswordField, useLogin } from '../components/LoginForm';

export function Login({ studyName, onLogin }: { studyName: string; onLogin: (user: SessionUser) => void }) {
  const [name, setName] = useState('');
  const login = useLogin(onLogin);
  return (
    <main className="centered">
      <form className="card login" onSubmit={login.submit(name)} aria-labelledby="login-title">
        <h1 id="login-title">Blindfold</h1>
        {studyName && <p className="muted">{studyName}</p>}
        <label htmlFor="login-name">User name</label>
        <input id="login-name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required autoFocus />
        <PasswordField id="login-password" login={login} />
        <button type="submit" className="primary" disabled={login.busy}>
          {login.busy ? 'Logging in…' : 'Log in'}
        </button>
      </form>
    </main>
  );
}
