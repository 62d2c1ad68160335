// Idempotency keys: a write sent again with its key (a retry after a lost answer) gets the first
// call's result back and changes nothing; the key is kept in the write's own transaction, scoped to
// its user; a refused write keeps no key. And the HTTPS client retries a write with the same key.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { createDemoStudy, DEMO_USERS } from '../../../electron/core/app/demo';
import { httpInvoke } from '../../../electron/common/http';
import { IDEMPOTENT_CALLS, type CoderQueue } from '../../../electron/common/contract';
import { tempDir } from '../../support/tempStudy';

let core: Core;
let cleanup: () => void;
let codes: string[] = [];
const coders = DEMO_USERS.filter((u) => u.role === 'coder');

const rating = (sensitivity: number) => ({ rating: { scores: { sensitivity, non_intrusiveness: 5 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 30 });
const count = (sql: string, ...args: unknown[]) => (core.context.study.db.prepare(sql).get(...args) as { n: number }).n;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
  for (const c of coders) {
    const r = await core.invoke(c.name, 'auth.login', { name: c.name, password: c.password });
    if (!r.ok) throw new Error(r.error.message);
  }
  const queue = await core.invoke(coders[0]!.name, 'coding.queue', {});
  codes = (queue as { value: CoderQueue }).value.items.map((i) => i.code);
}, 120_000);

afterAll(async () => {
  await core.close();
  cleanup();
});

describe('idempotency keys', () => {
  it('a repeated submit with its key returns the first result and records one rating', async () => {
    const me = coders[0]!.name;
    const key = 'submit-key-0000000001';
    const first = await core.invoke(me, 'coding.submit', { code: codes[0], ...rating(5) }, { idempotencyKey: key });
    expect(first).toMatchObject({ ok: true });
    const audits = count('SELECT count(*) AS n FROM audit_log');
    const again = await core.invoke(me, 'coding.submit', { code: codes[0], ...rating(5) }, { idempotencyKey: key });
    expect(again).toEqual(first);
    expect(count('SELECT count(*) AS n FROM audit_log')).toBe(audits);
    // Without the key the same submit is a second attempt, and the rating is already submitted.
    expect(await core.invoke(me, 'coding.submit', { code: codes[0], ...rating(5) })).toMatchObject({ ok: false });
  });

  it('a repeated amendment is one new version, not two', async () => {
    const me = coders[0]!.name;
    const key = 'amend-key-00000000001';
    const versions = () => count('SELECT count(*) AS n FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?', codes[0]);
    const before = versions();
    const input = { code: codes[0], ...rating(6), reason: 'watched again' };
    const first = await core.invoke(me, 'coding.amend', input, { idempotencyKey: key });
    expect(first).toMatchObject({ ok: true });
    for (let i = 0; i < 3; i++) expect(await core.invoke(me, 'coding.amend', input, { idempotencyKey: key })).toEqual(first);
    expect(versions()).toBe(before + 1);
  });

  it('a key is its user’s, for one call; a refused write keeps none; a malformed key is refused', async () => {
    const [a, b] = coders.map((c) => c.name) as [string, string];
    const key = 'shared-key-0000000001';
    expect(await core.invoke(a, 'coding.saveDraft', { code: codes[1], draft: { scores: { sensitivity: 4 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 1 }, { idempotencyKey: key })).toMatchObject({ ok: true });
    // Another call with the same key: a conflict, nothing done.
    expect(await core.invoke(a, 'coding.submit', { code: codes[1], ...rating(4) }, { idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // Another user's same key is theirs: their own write runs (refused here: a clip not in their queue).
    const theirs = ((await core.invoke(b, 'coding.queue', {})) as { value: CoderQueue }).value.items.map((i) => i.code);
    const notTheirs = codes.find((c) => !theirs.includes(c))!;
    expect(await core.invoke(b, 'coding.submit', { code: notTheirs, ...rating(4) }, { idempotencyKey: key })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const refusedKey = 'refused-key-000000001';
    expect(await core.invoke(a, 'coding.submit', { code: codes[1], ...rating(9) }, { idempotencyKey: refusedKey })).toMatchObject({ ok: false });
    expect(count('SELECT count(*) AS n FROM idempotency_keys WHERE key = ?', refusedKey)).toBe(0);
    expect(await core.invoke(a, 'coding.submit', { code: codes[1], ...rating(4) }, { idempotencyKey: refusedKey })).toMatchObject({ ok: true });
    expect(await core.invoke(a, 'coding.submit', { code: codes[2], ...rating(4) }, { idempotencyKey: 'short' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(() => core.context.study.db.prepare("UPDATE idempotency_keys SET result = '{}'").run()).toThrow(/cannot change/);
  });
});

describe('the HTTPS client', () => {
  type Sent = { url: string; key: string | null };
  const fakeFetch = (answers: (number | 'down')[], sent: Sent[]) =>
    (async (url: string, init: RequestInit) => {
      sent.push({ url, key: (init.headers as Record<string, string>)['Idempotency-Key'] ?? null });
      const next = answers.shift() ?? 200;
      if (next === 'down') throw new TypeError('fetch failed');
      return new Response(next === 200 ? JSON.stringify({ ok: true, value: null }) : 'Bad gateway', { status: next });
    }) as unknown as typeof fetch;

  it('sends a key with every idempotent write and retries a lost answer with the same key', async () => {
    const sent: Sent[] = [];
    const invoke = httpInvoke({ base: '/api/', fetch: fakeFetch(['down', 503, 'down', 200], sent), sleep: async () => undefined });
    expect(await invoke('coding.submit', {})).toEqual({ ok: true, value: null });
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((s) => s.key)).size).toBe(1);
    expect(sent[0]!.key).toMatch(/^[A-Za-z0-9_-]{16,128}$/);
    const next: Sent[] = [];
    await httpInvoke({ base: '/api/', fetch: fakeFetch([], next) })('coding.submit', {});
    expect(next[0]!.key).not.toBe(sent[0]!.key);
    for (const name of IDEMPOTENT_CALLS) expect(name).toMatch(/saveDraft|submit|amend|blindingGuess|recordConsensus/);
  });

  it('never resends a call it cannot make idempotent, and says the server cannot be reached', async () => {
    const sent: Sent[] = [];
    const result = await httpInvoke({ base: '/api/', fetch: fakeFetch(['down', 200], sent), sleep: async () => undefined })('closeout.lock', {});
    expect(sent).toHaveLength(1);
    expect(sent[0]!.key).toBeNull();
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/cannot be reached/) } });
    const gaveUp: Sent[] = [];
    const lost = await httpInvoke({ base: '/api/', fetch: fakeFetch(Array(10).fill('down'), gaveUp), sleep: async () => undefined })('coding.saveDraft', {});
    expect(gaveUp.length).toBe(6);
    expect(lost).toMatchObject({ ok: false, error: { message: expect.stringMatching(/kept on this page/) } });
  });
});
