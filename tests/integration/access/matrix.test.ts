// The access matrix: every contract entry called as every role and with no session. An entry must
// be refused exactly when the contract says so — "unauthenticated" without a session, "forbidden"
// for a role not listed — and never refused for a role that is listed. Media tokens that are
// expired, another user's or guessed give 404.
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { CALL_NAMES, contract, PUBLIC, ROLES, type ClipView, type CoderQueue, type Role } from '../../../electron/common/contract';
import { createDemoStudy, DEMO_USERS } from '../../../electron/core/app/demo';
import { tempDir } from '../../support/tempStudy';

let core: Core;
let cleanup: () => void;
const checked: string[] = [];

const userOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!;

async function sessionAs(key: string, role: Role | null): Promise<void> {
  core.endSession(key);
  if (role === null) return;
  const user = userOf(role);
  const r = await core.invoke(key, 'auth.login', { name: user.name, password: user.password });
  if (!r.ok) throw new Error(`login as ${role} failed: ${r.error.message}`);
}

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
}, 120_000);
afterAll(() => {
  core.close();
  cleanup();
  console.log(`access matrix: ${checked.length} (entry × caller) cases checked`);
});

describe('the access matrix', () => {
  for (const name of CALL_NAMES) {
    const entry = contract[name];
    for (const role of [null, ...ROLES] as const) {
      const allowed = entry.roles === PUBLIC || (role !== null && entry.roles.includes(role));
      it(`${name} as ${role ?? 'no session'}: ${allowed ? 'allowed' : 'refused'}`, async () => {
        const key = `matrix:${name}:${role}`;
        await sessionAs(key, role);
        // An empty input: refusal by role must come before (and regardless of) input validation.
        const result = await core.invoke(key, name, {});
        checked.push(`${name}/${role}`);
        if (allowed) {
          if (!result.ok) expect(['unauthenticated', 'forbidden', 'foreign_origin']).not.toContain(result.error.code);
        } else {
          expect(result).toMatchObject({ ok: false, error: { code: role === null ? 'unauthenticated' : 'forbidden' } });
        }
        core.endSession(key);
      });
    }
  }
});

describe('media tokens', () => {
  async function mediaUrlFor(key: string, role: Role): Promise<string> {
    await sessionAs(key, role);
    const queue = await core.invoke(key, 'coding.queue', {});
    if (!queue.ok) throw new Error(queue.error.message);
    const code = (queue.value as CoderQueue).items[0]!.code;
    const clip = await core.invoke(key, 'coding.clip', { code });
    if (!clip.ok) throw new Error(clip.error.message);
    return (clip.value as ClipView).mediaUrl;
  }

  it('serves a live token, and 404s a guessed one', async () => {
    const url = await mediaUrlFor('media:1', 'coder');
    expect((await core.handleMedia(new Request(url, { headers: { Range: 'bytes=0-15' } }))).status).toBe(206);
    const guessed = `blindfold-media://clip/${randomBytes(32).toString('base64url')}`;
    expect((await core.handleMedia(new Request(guessed))).status).toBe(404);
    checked.push('media/live', 'media/guessed');
  });

  it("404s another user's token once its session is gone, and a token after logout", async () => {
    const url = await mediaUrlFor('media:2', 'coder');
    await sessionAs('media:2', 'manager'); // the same window, now another user
    expect((await core.handleMedia(new Request(url))).status).toBe(404);
    const url2 = await mediaUrlFor('media:3', 'coder');
    await core.invoke('media:3', 'auth.logout', {});
    expect((await core.handleMedia(new Request(url2))).status).toBe(404);
    checked.push('media/other-user', 'media/logged-out');
  });

  it('404s an expired token', async () => {
    const { MediaTokens } = await import('../../../electron/core/media/tokens');
    const { SessionStore } = await import('../../../electron/core/auth/sessions');
    const { createMediaHandler } = await import('../../../electron/core/media/handler');
    let now = 0;
    const sessions = new SessionStore({ now: () => now });
    sessions.start('k', { id: 1, name: 'x', role: 'coder' });
    const tokens = new MediaTokens(sessions, 1000, () => now);
    const token = tokens.issue({ sessionKey: 'k', userId: 1, file: __filename, contentType: 'video/mp4' });
    const handle = createMediaHandler(tokens);
    expect((await handle(new Request(`blindfold-media://clip/${token}`))).status).toBe(200);
    now = 1001;
    expect((await handle(new Request(`blindfold-media://clip/${token}`))).status).toBe(404);
    checked.push('media/expired');
  });
});
