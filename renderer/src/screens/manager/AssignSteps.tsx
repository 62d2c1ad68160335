import { useState } from 'react';
import type { Role, SetupStatus } from '../../../../electron/common/contract';
import { call, messageOf } from '../../api';
import { localTime } from '../../time';

export function UsersStep({ status, onDone }: { status: SetupStatus; onDone: () => void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('coder');
  const [password, setPassword] = useState('');
  const [message, setMessage] = useState('');
  const add = async () => {
    try {
      const user = await call('setup.addUser', { name, role, password });
      setMessage(`Added ${user.role} ${user.name}.`);
      setName('');
      setPassword('');
      onDone();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="step-body">
      <ul className="users">
        {status.users.map((u) => (
          <li key={u.name}>
            {u.name} <span className="muted">({u.role})</span>
          </li>
        ))}
      </ul>
      <div className="grid-3">
        <div>
          <label htmlFor="new-user">Name</label>
          <input id="new-user" value={name} onChange={(e) => setName(e.target.value)} />
        </div>
        <div>
          <label htmlFor="new-role">Role</label>
          <select id="new-role" value={role} onChange={(e) => setRole(e.target.value as Role)}>
            <option value="coder">coder</option>
            <option value="reliability">reliability lead</option>
            <option value="auditor">fidelity auditor</option>
            <option value="manager">manager</option>
          </select>
        </div>
        <div>
          <label htmlFor="new-password">Password (8+ characters)</label>
          <input id="new-password" type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="new-password" />
        </div>
      </div>
      <button type="button" disabled={!name || password.length < 8} onClick={() => void add()}>
        Add user
      </button>
      {message && <p aria-live="polite">{message}</p>}
    </div>
  );
}

export function AssignStep({ status, onDone }: { status: SetupStatus; onDone: () => void }) {
  const coders = status.users.filter((u) => u.role === 'coder').map((u) => u.name);
  // Every coder takes part unless unticked, including coders added after this step first showed.
  const [excluded, setExcluded] = useState<readonly string[]>([]);
  const chosen = coders.filter((c) => !excluded.includes(c));
  const [fraction, setFraction] = useState(20);
  const [seed, setSeed] = useState('');
  const [message, setMessage] = useState('');
  const run = async () => {
    try {
      const r = await call('setup.assign', { coders: [...chosen], doubleFraction: fraction / 100, ...(seed ? { seed } : {}) });
      setMessage(
        `Round ${r.round}: ${r.clips} clips. ${Object.entries(r.perCoder)
          .map(([c, n]) => `${c} ${n.primary + n.reliability}`)
          .join(', ')}.`,
      );
      onDone();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="step-body">
      <p>
        {status.assigned} clips assigned, {status.unassigned} waiting. Each clip gets one primary coder, balanced over arm × timepoint; a fraction also goes to a second
        coder as concealed reliability clips. The seed is kept in the sealed key.
      </p>
      <fieldset className="inline">
        <legend>Coders</legend>
        {coders.map((c) => (
          <label key={c} className="choice">
            <input
              type="checkbox"
              checked={chosen.includes(c)}
              onChange={(e) => setExcluded(e.target.checked ? excluded.filter((x) => x !== c) : [...excluded, c])}
            />{' '}
            {c}
          </label>
        ))}
      </fieldset>
      <div className="grid-3">
        <div>
          <label htmlFor="double-fraction">Double-coded (%)</label>
          <input id="double-fraction" type="number" min={0} max={100} value={fraction} onChange={(e) => setFraction(Number(e.target.value))} />
        </div>
        <div>
          <label htmlFor="assign-seed">Seed (optional)</label>
          <input id="assign-seed" value={seed} onChange={(e) => setSeed(e.target.value)} placeholder="random" />
        </div>
      </div>
      <button type="button" className="primary" disabled={chosen.length === 0 || status.unassigned === 0} onClick={() => void run()}>
        Assign {status.unassigned} clips
      </button>
      {message && <p aria-live="polite">{message}</p>}
    </div>
  );
}

export function SealStep({ status, onDone }: { status: SetupStatus; onDone: () => void }) {
  const [message, setMessage] = useState('');
  const run = async () => {
    try {
      const r = await call('setup.seal', {});
      setMessage(`Sealed ${r.clips} clips. Commitment ${r.commitment}`);
      onDone();
    } catch (e) {
      setMessage(messageOf(e));
    }
  };
  return (
    <div className="step-body">
      {status.seals.length > 0 && (
        <ul className="seals">
          {status.seals.map((s) => (
            <li key={s.commitment}>
              {localTime(s.sealedAt)}: {s.clips} clips — SHA-256 <code>{s.commitment}</code>
            </li>
          ))}
        </ul>
      )}
      <p>Sealing publishes a SHA-256 commitment to the key (every code with its participant, arm, timepoint and source); keep it with the trial's records.</p>
      <button type="button" className="primary" onClick={() => void run()}>
        Seal the key
      </button>
      {message && <p aria-live="polite" className="commitment">{message}</p>}
    </div>
  );
}
