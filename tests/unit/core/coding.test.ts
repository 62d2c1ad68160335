// The coding calls through core's dispatch, as any transport makes them.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import type { CoderQueue, ClipView, SubmitReceipt } from '../../../electron/common/contract';
import { createDemoStudy } from '../../../electron/core/app/demo';
import { tempDir } from '../../support/tempStudy';

let core: Core;
let cleanup: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
});
afterAll(() => {
  core.close();
  cleanup();
});

const rating = (scores: Record<string, number>, extra: Record<string, unknown> = {}) => ({
  rating: { scores, notes: {}, overallNote: '', unscorable: null, ...extra },
  secondsSpent: 30,
});
const draft = (scores: Record<string, number | null>) => ({ draft: { scores, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 10 });

async function value<T>(key: string, name: string, input: unknown): Promise<T> {
  const r = await core.invoke(key, name, input);
  if (!r.ok) throw new Error(`${name} failed: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

describe('logging in', () => {
  it('refuses a wrong password without saying which part was wrong, and logs the failure', async () => {
    const r = await core.invoke('k0', 'auth.login', { name: 'coder1', password: 'wrong-password' });
    expect(r).toEqual({ ok: false, error: { code: 'bad_credentials', message: expect.not.stringMatching(/password is wrong|no such user/i) } });
    const unknown = await core.invoke('k0', 'auth.login', { name: 'nobody', password: 'whatever1' });
    expect(unknown.ok || unknown.error.message).toBe(r.ok || r.error.message);
    const actions = core.context.study.db.prepare("SELECT action FROM audit_log WHERE action LIKE 'auth.%'").all();
    expect(actions).toContainEqual({ action: 'auth.login_failed' });
  });

  it('refuses unknown calls and malformed input with codes, never throwing', async () => {
    expect(await core.invoke('k0', 'fs.readFile', {})).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await core.invoke('k0', 'auth.login', null)).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await core.invoke('k0', 'auth.login', { name: '', password: 'x' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
  });
});

describe('a coder', () => {
  it('sees their own queue and codes a clip: draft, submit, locked', async () => {
    await value('c1', 'auth.login', { name: 'coder1', password: 'demo-coder1' });
    const queue = await value<CoderQueue>('c1', 'coding.queue', {});
    expect(queue).toMatchObject({ done: 0, total: 4 });
    const code = queue.resumeCode!;
    const clip = await value<ClipView>('c1', 'coding.clip', { code });
    expect(clip.mediaUrl).toMatch(/^blindfold-media:\/\/clip\/[A-Za-z0-9_-]{43}$/);
    expect(clip.dimensions.map((d) => d.id)).toEqual(['sensitivity', 'non_intrusiveness']);

    await value('c1', 'coding.saveDraft', { code, ...draft({ sensitivity: 3.5, non_intrusiveness: null }) });
    expect((await value<ClipView>('c1', 'coding.clip', { code })).draft?.scores).toEqual({ sensitivity: 3.5, non_intrusiveness: null });
    expect((await value<CoderQueue>('c1', 'coding.queue', {})).items.find((i) => i.code === code)?.status).toBe('draft');

    expect(await core.invoke('c1', 'coding.submit', { code, ...rating({ sensitivity: 3.5 }) })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringMatching(/non-intrusiveness has no score/) },
    });
    expect(await core.invoke('c1', 'coding.submit', { code, ...rating({ sensitivity: 3.25, non_intrusiveness: 2 }) })).toMatchObject({
      ok: false,
      error: { code: 'bad_input', message: expect.stringMatching(/not on the scale/) },
    });
    expect(await core.invoke('c1', 'coding.submit', { code, ...rating({ sensitivity: 7.5, non_intrusiveness: 2 }) })).toMatchObject({ ok: false });

    const receipt = await value<SubmitReceipt>('c1', 'coding.submit', { code, ...rating({ sensitivity: 3.5, non_intrusiveness: 6 }) });
    expect(receipt.nextCode).not.toBe(code);
    expect(await core.invoke('c1', 'coding.submit', { code, ...rating({ sensitivity: 4, non_intrusiveness: 6 }) })).toMatchObject({
      ok: false,
      error: { code: 'locked' },
    });
    expect(await core.invoke('c1', 'coding.saveDraft', { code, ...draft({ sensitivity: 4 }) })).toMatchObject({ ok: false, error: { code: 'locked' } });
    const after = await value<CoderQueue>('c1', 'coding.queue', {});
    expect(after.done).toBe(1);
    expect(verifyAuditChain(core.context.study.db).ok).toBe(true);
  });

  it('amends with a reason: a new version, the original kept, history visible, time recorded', async () => {
    const queue = await value<CoderQueue>('c1', 'coding.queue', {});
    const code = queue.items.find((i) => i.status === 'submitted')!.code;
    expect(await core.invoke('c1', 'coding.amend', { code, ...rating({ sensitivity: 4, non_intrusiveness: 6 }), reason: '' })).toMatchObject({
      ok: false,
      error: { code: 'bad_input' },
    });
    await value('c1', 'coding.amend', { code, ...rating({ sensitivity: 4, non_intrusiveness: 6 }), reason: 'Re-watched the second half' });
    const view = await value<ClipView>('c1', 'coding.clip', { code });
    expect(view.history.map((h) => [h.version, h.scores['sensitivity'], h.amendmentReason])).toEqual([
      [1, 3.5, null],
      [2, 4, 'Re-watched the second half'],
    ]);
    const rows = core.context.study.db.prepare('SELECT version, seconds_spent FROM ratings ORDER BY id').all();
    expect(rows).toEqual([
      { version: 1, seconds_spent: 30 },
      { version: 2, seconds_spent: 30 },
    ]);
  });

  it('accepts "unscorable" with a reason instead of scores, and refuses "other" without a description', async () => {
    const queue = await value<CoderQueue>('c1', 'coding.queue', {});
    const code = queue.resumeCode!;
    expect(await core.invoke('c1', 'coding.submit', { code, ...rating({}, { unscorable: { reason: 'other', detail: ' ' } }) })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/why the clip is unscorable/) },
    });
    await value('c1', 'coding.submit', { code, ...rating({}, { unscorable: { reason: 'too_short', detail: '' } }) });
    const view = await value<ClipView>('c1', 'coding.clip', { code });
    expect(view.history[0]?.unscorable).toEqual({ reason: 'too_short', detail: '' });
  });

  it("cannot open or rate another coder's clip: it is simply not found", async () => {
    await value('c2', 'auth.login', { name: 'coder2', password: 'demo-coder2' });
    const mine = new Set((await value<CoderQueue>('c2', 'coding.queue', {})).items.map((i) => i.code));
    const theirs = (await value<CoderQueue>('c1', 'coding.queue', {})).items.map((i) => i.code).find((c) => !mine.has(c))!;
    expect(await core.invoke('c2', 'coding.clip', { code: theirs })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await core.invoke('c2', 'coding.submit', { code: theirs, ...rating({ sensitivity: 4, non_intrusiveness: 4 }) })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('may not call manager entries, and a manager may not code', async () => {
    expect(await core.invoke('c1', 'manager.progress', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await value('m', 'auth.login', { name: 'manager', password: 'demo-manager' });
    expect(await core.invoke('m', 'coding.queue', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const progress = await value<{ coders: { name: string; done: number; total: number }[] }>('m', 'manager.progress', {});
    expect(progress.coders).toEqual([
      { name: 'coder1', done: 2, total: 4 },
      { name: 'coder2', done: 0, total: 4 },
    ]);
  });

  it('asks for blinding guesses only once the manager turns the check on; a guess needs a submitted rating and is final', async () => {
    await value('m2', 'auth.login', { name: 'manager', password: 'demo-manager' });
    expect(await core.invoke('m2', 'study.setBlindingCheck', { enabled: true, timepoints: ['pre'] })).toMatchObject({
      ok: false,
      error: { message: expect.stringMatching(/at least two/) },
    });
    await value('m2', 'study.setBlindingCheck', { enabled: true, timepoints: ['pretest', 'posttest'] });
    const queue = await value<CoderQueue>('c1', 'coding.queue', {});
    const submitted = queue.items.find((i) => i.status === 'submitted')!.code;
    const open = queue.items.find((i) => i.status !== 'submitted')!.code;
    const view = await value<ClipView>('c1', 'coding.clip', { code: submitted });
    expect(view.blindingCheck).toEqual({ enabled: true, timepoints: ['pretest', 'posttest'], answered: false });
    expect(await core.invoke('c1', 'coding.blindingGuess', { code: open, arm: 'control', timepoint: 'pretest' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await core.invoke('c1', 'coding.blindingGuess', { code: submitted, arm: 'control', timepoint: 'week 9' })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    await value('c1', 'coding.blindingGuess', { code: submitted, arm: 'control', timepoint: 'dont_know' });
    expect(await core.invoke('c1', 'coding.blindingGuess', { code: submitted, arm: 'intervention', timepoint: 'pretest' })).toMatchObject({ ok: false, error: { code: 'locked' } });
    expect((await value<ClipView>('c1', 'coding.clip', { code: submitted })).blindingCheck.answered).toBe(true);
    await value('m2', 'study.setBlindingCheck', { enabled: false, timepoints: ['pretest', 'posttest'] });
  });

  it('loses the session and its media links on logout', async () => {
    await value('c3', 'auth.login', { name: 'coder1', password: 'demo-coder1' });
    const queue = await value<CoderQueue>('c3', 'coding.queue', {});
    const clip = await value<ClipView>('c3', 'coding.clip', { code: queue.items[0]!.code });
    const before = await core.handleMedia(new Request(clip.mediaUrl, { headers: { Range: 'bytes=0-99' } }));
    expect(before.status).toBe(206);
    await value('c3', 'auth.logout', {});
    expect((await core.handleMedia(new Request(clip.mediaUrl))).status).toBe(404);
    expect(await core.invoke('c3', 'coding.queue', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('stays logged in through heartbeats while watching; media requests alone let the session end, and the end is audited', async () => {
    const start = Date.now();
    let offset = 0;
    const clock = vi.spyOn(Date, 'now').mockImplementation(() => start + offset);
    try {
      const idle = core.context.sessions.limits().idleTimeoutMs;
      await value('c4', 'auth.login', { name: 'coder1', password: 'demo-coder1' });
      const queue = await value<CoderQueue>('c4', 'coding.queue', {});
      const clip = await value<ClipView>('c4', 'coding.clip', { code: queue.items[0]!.code });
      // Two and a half idle limits of watching, a heartbeat every quarter limit: still logged in.
      for (let t = 0; t < 10; t++) {
        offset += idle / 4;
        expect((await core.handleMedia(new Request(clip.mediaUrl, { headers: { Range: 'bytes=0-99' } }))).status).toBe(206);
        expect(await core.invoke('c4', 'auth.heartbeat', {})).toEqual({ ok: true, value: null });
      }
      expect(await core.invoke('c4', 'coding.queue', {})).toMatchObject({ ok: true });
      // Media requests only, for longer than the limit: the session ends (peek never refreshes it).
      for (let t = 0; t < 5; t++) {
        offset += idle / 4;
        await core.handleMedia(new Request(clip.mediaUrl, { headers: { Range: 'bytes=0-99' } }));
      }
      expect(await core.invoke('c4', 'auth.heartbeat', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
      const ends = core.context.study.db.prepare("SELECT actor, detail FROM audit_log WHERE action = 'auth.session_timeout' ORDER BY seq DESC LIMIT 1").all();
      expect(ends).toEqual([{ actor: 'coder1', detail: '{"reason":"idle"}' }]);
    } finally {
      clock.mockRestore();
    }
  });
});
