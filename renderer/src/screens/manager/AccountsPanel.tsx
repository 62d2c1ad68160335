// Accounts (lock-outs, passwords, roles), the unblinding passphrase, session policy, and backups.
import { useState } from 'react';
import type { CallResult, Role } from '../../../../electron/common/contract';
import { Time } from '../../components/Time';
import { call, messageOf } from '../../api';
import { TaskProgress } from '../../components/TaskProgress';
import { useCall } from '../../hooks/useCall';
import { useFollowedTask } from '../../hooks/useTaskProgress';
import { localTime } from '../../time';
import { PathField } from './PathField';

function useAction() {
  const [message, setMessage] = useState('');
  const run = async (action: () => Promise<string>) => {
    try {
      setMessage(await action());
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return [message, run] as const;
}

function Accounts() {
  const [accounts, reload] = useCall('accounts.list', {});
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('reliability');
  const [message, run] = useAction();
  if (accounts.state !== 'ready') return <p>{accounts.state === 'error' ? accounts.message : 'Loading…'}</p>;
  return (
    <section className="card" aria-labelledby="accounts-title">
      <h2 id="accounts-title">Accounts</h2>
      <table className="preview">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Password changed</th>
            <th scope="col">Failed logins</th>
            <th scope="col">Locked until</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {accounts.value.map((a) => (
            <tr key={a.name}>
              <td>{a.name}</td>
              <td>{a.role}</td>
              <td>{a.passwordChangedAt ? <Time iso={a.passwordChangedAt} /> : '—'}</td>
              <td>{a.failedLogins}</td>
              <td>{a.lockedUntil ? <Time iso={a.lockedUntil} /> : '—'}</td>
              <td>
                {a.lockedUntil && (
                  <button type="button" onClick={() => void run(async () => (await call('accounts.unlock', { name: a.name }), reload(), `Unlocked ${a.name}.`))}>
                    Unlock {a.name}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="grid-3">
        <div>
          <label htmlFor="account-name">User</label>
          <input id="account-name" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label htmlFor="account-password">New password</label>
          <input id="account-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} />
        </div>
        <div>
          <label htmlFor="account-role">New role</label>
          <select id="account-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="reliability">reliability lead</option>
            <option value="auditor">fidelity auditor</option>
            <option value="manager">manager</option>
          </select>
        </div>
      </div>
      <div className="row">
        <button type="button" disabled={!name || password.length < 8} onClick={() => void run(async () => (await call('accounts.resetPassword', { name, password }), setPassword(''), reload(), `Password of ${name} reset; their sessions ended.`))}>
          Reset password
        </button>
        <button type="button" disabled={!name} onClick={() => void run(async () => ((await call('accounts.setRole', { name, role })).changed ? (reload(), `${name} is now ${role}.`) : `${name} already had that role.`))}>
          Change role
        </button>
      </div>
      <p className="muted">A coder account is never given another role, and no other account becomes a coder: a coder must never have seen the allocation.</p>
      {message && <p aria-live="polite">{message}</p>}
    </section>
  );
}

function Passphrase() {
  const [oldPassphrase, setOld] = useState('');
  const [newPassphrase, setNew] = useState('');
  const [message, run] = useAction();
  return (
    <section className="card" aria-labelledby="passphrase-title">
      <h2 id="passphrase-title">Unblinding passphrase</h2>
      <div className="grid-3">
        <div>
          <label htmlFor="old-passphrase">Current passphrase</label>
          <input id="old-passphrase" type="password" autoComplete="off" value={oldPassphrase} onChange={(e) => setOld(e.target.value)} />
        </div>
        <div>
          <label htmlFor="new-passphrase">New passphrase (12+ characters)</label>
          <input id="new-passphrase" type="password" autoComplete="off" value={newPassphrase} onChange={(e) => setNew(e.target.value)} />
        </div>
      </div>
      <button
        type="button"
        disabled={!oldPassphrase || newPassphrase.length < 12}
        onClick={() => void run(async () => (await call('accounts.changePassphrase', { oldPassphrase, newPassphrase }), setOld(''), setNew(''), 'Passphrase changed.'))}
      >
        Change passphrase
      </button>
      {message && <p aria-live="polite">{message}</p>}
    </section>
  );
}

type PolicyView = CallResult<'accounts.policy'>;
type PolicyKey = keyof PolicyView;

function Policy() {
  const [policy, reload] = useCall('accounts.policy', {});
  const [message, run] = useAction();
  if (policy.state !== 'ready') return null;
  // Keyed on the saved values, so the form starts again from them after a save.
  return <PolicyForm key={JSON.stringify(policy.value)} saved={policy.value} onSaved={reload} message={message} run={run} />;
}

/** The login policy as a form: nothing is saved until Save, and unsaved changes say so. */
function PolicyForm({ saved, onSaved, message, run }: { saved: PolicyView; onSaved: () => void; message: string; run: ReturnType<typeof useAction>[1] }) {
  const [draft, setDraft] = useState<Record<PolicyKey, string>>(() => Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, String(v)])) as Record<PolicyKey, string>);
  const changed = (Object.keys(saved) as PolicyKey[]).filter((k) => draft[k] !== String(saved[k]));
  const field = (key: PolicyKey, label: string) => (
    <div>
      <label htmlFor={`policy-${key}`}>{label}</label>
      <input id={`policy-${key}`} type="number" value={draft[key]} onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))} />
    </div>
  );
  const save = () =>
    void run(async () => {
      await call('accounts.setPolicy', Object.fromEntries(changed.map((k) => [k, Number(draft[k])])));
      onSaved();
      return 'Policy saved.';
    });
  return (
    <section className="card" aria-labelledby="policy-title">
      <h2 id="policy-title">Logins and sessions</h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <div className="grid-3">
          {field('maxFailures', 'Failed logins before lock-out')}
          {field('lockBaseMinutes', 'First lock-out (minutes, doubling)')}
          {field('lockMaxMinutes', 'Longest lock-out (minutes)')}
          {field('sessionIdleMinutes', 'Idle time-out (minutes)')}
          {field('sessionMaxHours', 'Longest session (hours)')}
        </div>
        <div className="row">
          <button type="submit" className="primary" disabled={changed.length === 0}>
            Save
          </button>
          <button type="button" disabled={changed.length === 0} onClick={() => setDraft(Object.fromEntries(Object.entries(saved).map(([k, v]) => [k, String(v)])) as Record<PolicyKey, string>)}>
            Discard changes
          </button>
          {changed.length > 0 ? <span className="muted" data-testid="policy-unsaved">Not saved yet: {changed.length} change{changed.length === 1 ? '' : 's'}.</span> : null}
        </div>
      </form>
      {message && <p aria-live="polite">{message}</p>}
    </section>
  );
}

function Backups() {
  const [status, reload] = useCall('backups.status', {});
  const [folder, setFolder] = useState('');
  const [includeMedia, setIncludeMedia] = useState(true);
  const [everyHours, setEveryHours] = useState(6);
  const [message, run] = useAction();
  const [busy, setBusy] = useState(false);
  const followed = useFollowedTask(busy && includeMedia);
  if (status.state !== 'ready') return null;
  const s = status.value;
  return (
    <section className="card" aria-labelledby="backups-title">
      <h2 id="backups-title">Backups</h2>
      <p>
        {s.schedule ? `Every ${s.schedule.everyHours} h into ${s.schedule.folder}${s.nextAt ? `; next ${localTime(s.nextAt)}` : ''}.` : 'No schedule.'}
        {s.lastError && <span className="error"> Last scheduled backup failed: {s.lastError.message}</span>}
      </p>
      <PathField id="backup-folder" label="Backup folder (another drive or a network share)" kind="folder" value={folder} onChange={setFolder} />
      <label className="choice">
        <input type="checkbox" checked={includeMedia} onChange={(e) => setIncludeMedia(e.target.checked)} /> Copy the de-identified media too
      </label>
      <div className="row">
        <button type="button" className="primary" disabled={!folder || busy} onClick={() => void run(async () => {
          setBusy(true);
          try {
            const r = await call('backups.now', { folder, includeMedia });
            reload();
            return `Backed up to ${r.file} (${Math.round(r.bytes / 1024)} KiB), checked.`;
          } finally {
            setBusy(false);
          }
        })}>
          Back up now
        </button>
        <label htmlFor="every-hours">Every (hours)</label>
        <input id="every-hours" type="number" min={0.25} value={everyHours} onChange={(e) => setEveryHours(Number(e.target.value))} />
        <button type="button" disabled={!folder} onClick={() => void run(async () => (await call('backups.setSchedule', { schedule: { folder, everyHours, includeMedia, keep: 60 } }), reload(), 'Schedule saved.'))}>
          Schedule
        </button>
        {s.schedule && (
          <button type="button" onClick={() => void run(async () => (await call('backups.setSchedule', { schedule: null }), reload(), 'Schedule stopped.'))}>
            Stop schedule
          </button>
        )}
      </div>
      {busy && followed && followed.progress.task === 'Copying media' ? <TaskProgress followed={followed} label="Media checked and copied" unit="clips" /> : null}
      {message && <p aria-live="polite">{message}</p>}
      {s.backups.length > 0 && (
        <table className="preview">
          <caption>Backups taken</caption>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">When</th>
              <th scope="col">By</th>
              <th scope="col">Size</th>
              <th scope="col">Media</th>
            </tr>
          </thead>
          <tbody>
            {s.backups.map((b) => (
              <tr key={b.fileName + b.finishedAt}>
                <td>{b.fileName}</td>
                <td>
                  <Time iso={b.finishedAt} />
                </td>
                <td>{b.trigger === 'scheduled' ? 'schedule' : b.actor}</td>
                <td>{Math.round(b.bytes / 1024)} KiB</td>
                <td>{b.mediaFiles ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function AccountsPanel() {
  return (
    <div className="wizard">
      <Accounts />
      <Passphrase />
      <Policy />
      <Backups />
    </div>
  );
}
