// Session time-outs: idle and absolute, changeable while sessions run, and audited when they fire.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { auditSessionEnds } from '../../../electron/core/auth/sessionAudit';
import { SessionStore, type SessionEndReason } from '../../../electron/core/auth/sessions';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

const MIN = 60_000;
let now = 0;
let ended: [string, SessionEndReason][];
let store: SessionStore;

beforeEach(() => {
  now = 1_000_000;
  ended = [];
  store = new SessionStore({ now: () => now, idleTimeoutMs: 30 * MIN, maxAgeMs: 12 * 60 * MIN });
  store.onEnd((s, reason) => ended.push([s.name, reason]));
});

const ann = { id: 1, name: 'ann', role: 'coder' as const };
const bob = { id: 2, name: 'bob', role: 'manager' as const };

describe('time-outs', () => {
  it('ends a session idle for longer than the idle time-out, and keeps an active one', () => {
    store.start('a', ann);
    now += 29 * MIN;
    expect(store.touch('a')).toBeDefined();
    now += 29 * MIN;
    expect(store.touch('a')).toBeDefined();
    now += 31 * MIN;
    expect(store.touch('a')).toBeUndefined();
    expect(ended).toEqual([['ann', 'idle']]);
  });

  it('ends any session at its maximum age, however active', () => {
    store.start('a', ann);
    for (let t = 0; t <= 13 * 60; t += 10) {
      now += 10 * MIN;
      if (!store.touch('a')) break;
    }
    expect(store.peek('a')).toBeUndefined();
    expect(ended).toEqual([['ann', 'max_age']]);
    expect(now - 1_000_000).toBeLessThanOrEqual(12 * 60 * MIN + 10 * MIN);
  });

  it('applies changed limits to running sessions', () => {
    store.start('a', ann);
    now += 10 * MIN;
    store.setLimits({ idleTimeoutMs: 5 * MIN });
    expect(store.limits()).toEqual({ idleTimeoutMs: 5 * MIN, maxAgeMs: 12 * 60 * MIN });
    expect(store.touch('a')).toBeUndefined();
  });

  it('media requests (peek) do not keep a session alive; sweep ends the expired ones', () => {
    store.start('a', ann);
    store.start('b', bob);
    now += 20 * MIN;
    store.peek('a');
    store.touch('b');
    now += 15 * MIN;
    expect(store.sweep()).toBe(1);
    expect(ended).toEqual([['ann', 'idle']]);
    expect(store.peek('b')).toBeDefined();
  });
});

describe('ending sessions', () => {
  it('ends all sessions of a user but the caller’s own, with the reason', () => {
    store.start('a1', ann);
    store.start('a2', ann);
    store.start('b', bob);
    expect(store.endUser(1, 'account_changed', 'a1')).toBe(1);
    expect(store.peek('a1')).toBeDefined();
    expect(store.peek('a2')).toBeUndefined();
    expect(store.endUser(1)).toBe(1);
    expect(ended).toEqual([
      ['ann', 'account_changed'],
      ['ann', 'account_changed'],
    ]);
    expect(store.peek('b')).toBeDefined();
  });

  it('a new login on the same key replaces the old session', () => {
    store.start('k', ann);
    store.start('k', bob);
    expect(ended).toEqual([['ann', 'replaced']]);
    expect(store.peek('k')?.name).toBe('bob');
  });
});

describe('auditing', () => {
  let study: Study;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    study = createStudy(t.dir, 'Sessions trial');
  });
  afterEach(() => {
    study.close();
    cleanup();
  });

  it('records time-outs and revocations, not logouts (the logout call records those)', () => {
    auditSessionEnds(store, study.db);
    store.start('a', ann);
    store.start('b', bob);
    store.start('c', { id: 3, name: 'cem', role: 'coder' });
    store.end('c');
    store.endUser(2);
    now += 31 * MIN;
    store.touch('a');
    const rows = study.db.prepare("SELECT actor, action, detail FROM audit_log WHERE action LIKE 'auth.%' ORDER BY seq").all();
    expect(rows).toEqual([
      { actor: 'bob', action: 'auth.session_revoked', detail: '{"reason":"account_changed"}' },
      { actor: 'ann', action: 'auth.session_timeout', detail: '{"reason":"idle"}' },
    ]);
  });
});
