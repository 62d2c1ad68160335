// A session that ended while the page was open (idle time, maximum age): the password asked for in
// place, over the page, which stays as it was — what the user entered is kept and saved once the
// session is back (sessionEvents.restored, api.ts). Logging out instead leaves the page.
import { useEffect, useRef } from 'react';
import type { SessionUser } from '../../../electron/common/contract';
import { PasswordField, useLogin } from './LoginForm';

export function SessionEnded({ name, onRestored, onLogout }: { name: string; onRestored: (user: SessionUser) => void; onLogout: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const login = useLogin(onRestored);

  useEffect(() => {
    const d = dialog.current;
    // Modal: the page behind is inert (not focusable, not read) until the session is back.
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);

  return (
    <dialog ref={dialog} className="card session-ended" aria-labelledby="session-ended-title" onCancel={(e) => e.preventDefault()}>
      <form onSubmit={login.submit(name)}>
        <h2 id="session-ended-title">Your session has ended</h2>
        <p>
          You were logged out after a time without activity. What you entered on this page is kept: enter your password to carry on, and it is saved as
          soon as you are back.
        </p>
        <p className="muted">
          Logged in as <strong>{name}</strong>
        </p>
        <PasswordField id="session-password" login={login} autoFocus />
        <div className="actions">
          <button type="button" onClick={onLogout}>
            Log out
          </button>
          <button type="submit" className="primary" disabled={login.busy}>
            {login.busy ? 'Logging in…' : 'Log in again'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
