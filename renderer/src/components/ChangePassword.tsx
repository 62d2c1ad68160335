import { useState, type FormEvent } from 'react';
import { call, messageOf } from '../api';

/** Any user's own password change; other sessions of the account end. */
export function ChangePassword({ onClose }: { onClose: () => void }) {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [again, setAgain] = useState('');
  const [message, setMessage] = useState('');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (newPassword !== again) {
      setMessage('The new passwords differ');
      return;
    }
    try {
      await call('account.changePassword', { oldPassword, newPassword });
      setMessage('Password changed.');
      setOld('');
      setNew('');
      setAgain('');
    } catch (err) {
      setMessage(messageOf(err));
    }
  };
  return (
    <main className="page">
      <form className="card login" onSubmit={(e) => void submit(e)} aria-labelledby="password-title">
        <h1 id="password-title">Change your password</h1>
        <label htmlFor="pw-old">Current password</label>
        <input id="pw-old" type="password" autoComplete="current-password" value={oldPassword} onChange={(e) => setOld(e.target.value)} />
        <label htmlFor="pw-new">New password</label>
        <input id="pw-new" type="password" autoComplete="new-password" value={newPassword} onChange={(e) => setNew(e.target.value)} />
        <label htmlFor="pw-again">New password again</label>
        <input id="pw-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />
        {message && <p aria-live="polite">{message}</p>}
        <button type="submit" className="primary" disabled={!oldPassword || newPassword.length < 8}>
          Change password
        </button>
        <button type="button" onClick={onClose}>
          Back
        </button>
      </form>
    </main>
  );
}
