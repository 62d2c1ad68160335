// The study server over real HTTPS on loopback: the access matrix through HTTP, sessions as
// cookies and bearer tokens, CSRF and origin refusals, bodies, traversal, media binding, TLS
// versions, the per-address back-off, and headers that say nothing about the server or the study.
import path from 'node:path';
import tls from 'node:tls';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_NAMES, contract, PUBLIC, ROLES, type ClipView, type CoderQueue, type Role } from '../../../electron/common/contract';
import { createDemoStudy, DEMO_USERS } from '../../../electron/core/app/demo';
import { resolveServeConfig } from '../../../electron/server/config';
import { startStudyServer, type StudyServer } from '../../../electron/server/server';
import { apiCall, cookieOf, httpsRequest } from '../../support/https';
import { tempDir } from '../../support/tempStudy';
import { testCertificate } from '../../support/tls';

let cleanup: () => void;
let studyA: string;
let studyB: string;
let server: StudyServer;
let other: StudyServer;
let rendererDir: string;
const log: string[] = [];

const userOf = (role: Role) => DEMO_USERS.find((u) => u.role === role)!;

function serve(studyDir: string, options: Parameters<typeof startStudyServer>[1] = {}): Promise<StudyServer> {
  const { cert, key } = testCertificate();
  return startStudyServer(resolveServeConfig({ studyDir, listen: '127.0.0.1:0', tlsCert: cert, tlsKey: key, rendererDir }), { log: (l) => log.push(l), ...options });
}

async function loginCookie(base: string, role: Role): Promise<string> {
  const user = userOf(role);
  const answer = await apiCall(base, 'auth.login', { name: user.name, password: user.password });
  expect(answer.json()).toMatchObject({ ok: true });
  return cookieOf(answer);
}

const auditCount = (s: StudyServer) => (s.core.context.study.db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  studyA = path.join(t.dir, 'a');
  studyB = path.join(t.dir, 'b');
  rendererDir = path.join(t.dir, 'renderer');
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Blindfold</title>');
  (await createDemoStudy(studyA, { clipSeconds: 1 })).close();
  (await createDemoStudy(studyB, { clipSeconds: 1 })).close();
  server = await serve(studyA, { requestTimeoutMs: 1_000 });
  other = await serve(studyB, { addressThrottle: { freeFailures: 3, baseWaitMs: 60_000 } });
}, 180_000);

afterAll(async () => {
  await server?.close();
  await other?.close();
  cleanup();
});

describe('the access matrix over HTTPS', () => {
  it('refuses every entry exactly as the contract says, for every role and without a session', async () => {
    const cookies = new Map<Role, string>();
    for (const role of ROLES) cookies.set(role, await loginCookie(server.url, role));
    let cases = 0;
    for (const name of CALL_NAMES) {
      if (name === 'auth.login' || name === 'auth.logout') continue; // they change the session itself: below
      const entry = contract[name];
      for (const role of [null, ...ROLES] as const) {
        const allowed = entry.roles === PUBLIC || (role !== null && entry.roles.includes(role));
        const answer = await apiCall(server.url, name, {}, role ? { cookie: cookies.get(role)! } : {});
        expect(answer.status, `${name} as ${role}`).toBe(200);
        const result = answer.json() as { ok: boolean; error?: { code: string } };
        if (allowed) {
          if (!result.ok) expect(['unauthenticated', 'forbidden', 'foreign_origin'], `${name} as ${role}`).not.toContain(result.error!.code);
        } else {
          expect(result, `${name} as ${role}`).toMatchObject({ ok: false, error: { code: role === null ? 'unauthenticated' : 'forbidden' } });
        }
        cases++;
      }
    }
    expect(cases).toBe((CALL_NAMES.length - 2) * (ROLES.length + 1));
  });

  it('an unknown call is not found, with nothing of the name echoed beyond 60 characters', async () => {
    const answer = await apiCall(server.url, 'x'.repeat(90), {});
    expect(answer.json()).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('sessions', () => {
  it('a login sets an HttpOnly, Secure, SameSite=Strict cookie and no token in the body; logout ends it on the server', async () => {
    const coder = userOf('coder');
    const answer = await apiCall(server.url, 'auth.login', { name: coder.name, password: coder.password });
    const set = String(answer.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/Secure/);
    expect(set).toMatch(/SameSite=Strict/);
    expect(answer.headers['x-blindfold-session']).toBeUndefined();
    const cookie = cookieOf(answer);
    expect(answer.body.toString()).not.toContain(cookie.split('=')[1]);
    expect((await apiCall(server.url, 'coding.queue', {}, { cookie })).json()).toMatchObject({ ok: true });
    const out = await apiCall(server.url, 'auth.logout', {}, { cookie });
    expect(out.json()).toMatchObject({ ok: true });
    expect(String(out.headers['set-cookie'])).toMatch(/Max-Age=0/);
    expect((await apiCall(server.url, 'coding.queue', {}, { cookie })).json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
  });

  it('the desktop client gets a bearer token, which works without a cookie', async () => {
    const coder = userOf('coder');
    const answer = await apiCall(server.url, 'auth.login', { name: coder.name, password: coder.password }, { headers: { 'X-Blindfold-Client': 'desktop' } });
    const bearer = String(answer.headers['x-blindfold-session']);
    expect(bearer).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await apiCall(server.url, 'auth.session', {}, { bearer })).json()).toEqual({ ok: true, value: { name: coder.name, role: 'coder' } });
  });

  it('a session is minted at login: a cookie planted before it never becomes the session', async () => {
    const planted = `${cookieOf(await apiCall(server.url, 'auth.login', { name: userOf('coder').name, password: userOf('coder').password })).split('=')[0]}=${'A'.repeat(43)}`;
    const coder = userOf('coder');
    const answer = await apiCall(server.url, 'auth.login', { name: coder.name, password: coder.password }, { cookie: planted });
    expect(cookieOf(answer)).not.toBe(planted);
    expect((await apiCall(server.url, 'auth.session', {}, { cookie: planted })).json()).toEqual({ ok: true, value: null });
  });

  it("one study's session cookie is refused by another study's server", async () => {
    const cookie = await loginCookie(server.url, 'coder');
    const [name, value] = cookie.split('=') as [string, string];
    const onOther = await loginCookie(other.url, 'coder');
    expect(onOther.split('=')[0]).not.toBe(name);
    // Sent under its own name and under the other study's name: neither opens a session there.
    for (const c of [cookie, `${onOther.split('=')[0]}=${value}`]) {
      expect((await apiCall(other.url, 'coding.queue', {}, { cookie: c })).json()).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    }
  });
});

describe('writes resent after a lost answer', () => {
  it('a submit sent again with its Idempotency-Key is answered with the first result and recorded once', async () => {
    const cookie = await loginCookie(server.url, 'coder');
    const queue = (await apiCall(server.url, 'coding.queue', {}, { cookie })).json() as { value: CoderQueue };
    const code = queue.value.items.find((i) => i.status !== 'submitted')!.code;
    const input = { code, rating: { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 20 };
    const headers = { 'Idempotency-Key': 'http-retry-key-000000001' };
    const first = (await apiCall(server.url, 'coding.submit', input, { cookie, headers })).json();
    expect(first).toMatchObject({ ok: true });
    const rows = () => (server.core.context.study.db.prepare('SELECT count(*) AS n FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?').get(code) as { n: number }).n;
    expect(rows()).toBe(1);
    for (let i = 0; i < 3; i++) expect((await apiCall(server.url, 'coding.submit', input, { cookie, headers })).json()).toEqual(first);
    expect(rows()).toBe(1);
  });
});

describe('CSRF and bodies', () => {
  it('refuses a call without the request header, from a foreign origin or cross-site, and changes nothing', async () => {
    const cookie = await loginCookie(server.url, 'manager');
    const before = auditCount(server);
    const body = JSON.stringify({ name: 'intruder', role: 'coder', password: 'x'.repeat(20) });
    const attempts = [
      { 'Content-Type': 'application/json', Cookie: cookie },
      { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Cookie: cookie, Origin: 'https://evil.example' },
      { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Cookie: cookie, 'Sec-Fetch-Site': 'cross-site' },
      { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Cookie: cookie, Origin: 'null' },
    ];
    for (const headers of attempts) {
      const answer = await httpsRequest(server.url, '/api/setup.addUser', { method: 'POST', headers, body });
      expect(answer.status).toBe(403);
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'foreign_origin' } });
    }
    // A form post (what a cross-site page can send without a preflight) is not JSON: refused before dispatch.
    for (const type of ['application/x-www-form-urlencoded', 'text/plain', 'multipart/form-data; boundary=x']) {
      const answer = await httpsRequest(server.url, '/api/setup.addUser', { method: 'POST', headers: { 'Content-Type': type, 'X-Blindfold-Request': '1', Cookie: cookie }, body: 'name=intruder' });
      expect(answer.status).toBe(415);
      expect((answer.json() as { error: { message: string } }).error.message).toMatch(/JSON/);
    }
    expect(auditCount(server)).toBe(before);
  });

  it('refuses an oversized or malformed body with a clear error and changes nothing', async () => {
    const cookie = await loginCookie(server.url, 'coder');
    const before = auditCount(server);
    const huge = JSON.stringify({ code: 'X', draft: { note: 'x'.repeat(2 * 1024 * 1024) } });
    const big = await httpsRequest(server.url, '/api/coding.saveDraft', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Cookie: cookie }, body: huge });
    expect(big.status).toBe(413);
    expect((big.json() as { error: { message: string } }).error.message).toMatch(/too large/);
    const bad = await httpsRequest(server.url, '/api/coding.saveDraft', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Cookie: cookie }, body: '{"code": ' });
    expect(bad.status).toBe(400);
    expect((bad.json() as { error: { message: string } }).error.message).toMatch(/not valid JSON/);
    expect(auditCount(server)).toBe(before);
  });
});

describe('media and files', () => {
  async function mediaUrl(cookie: string): Promise<string> {
    const queue = (await apiCall(server.url, 'coding.queue', {}, { cookie })).json() as { value: CoderQueue };
    const clip = (await apiCall(server.url, 'coding.clip', { code: queue.value.items[0]!.code }, { cookie })).json() as { value: ClipView };
    return clip.value.mediaUrl;
  }

  it('serves Range requests with 206/416, no-store and nosniff, only to the session the token was issued to', async () => {
    const cookie = await loginCookie(server.url, 'coder');
    const url = await mediaUrl(cookie);
    expect(url).toMatch(/^\/media\/[A-Za-z0-9_-]{43}$/);
    const part = await httpsRequest(server.url, url, { headers: { Cookie: cookie, Range: 'bytes=0-15' } });
    expect(part.status).toBe(206);
    expect(part.body).toHaveLength(16);
    expect(part.headers['cache-control']).toBe('no-store');
    expect(part.headers['x-content-type-options']).toBe('nosniff');
    expect((await httpsRequest(server.url, url, { headers: { Cookie: cookie, Range: 'bytes=99999999-' } })).status).toBe(416);
    // Without a session, with another coder's session, or another session of the same coder: a bare 404.
    const second = DEMO_USERS.find((u) => u.role === 'coder' && u.name !== userOf('coder').name)!;
    const otherCoder = cookieOf(await apiCall(server.url, 'auth.login', { name: second.name, password: second.password }));
    const sameCoderElsewhere = await loginCookie(server.url, 'coder');
    for (const headers of [{}, { Cookie: otherCoder }, { Cookie: sameCoderElsewhere }]) {
      const answer = await httpsRequest(server.url, url, { headers });
      expect(answer.status).toBe(404);
      expect(answer.body).toHaveLength(0);
    }
  });

  it('refuses path traversal and encoded tricks on /media and on the app files', async () => {
    const secret = readFileSync(path.join(studyA, 'study.sqlite')).subarray(0, 16);
    for (const p of [
      '/../study.sqlite',
      '/%2e%2e/study.sqlite',
      '/%2e%2e%2fstudy.sqlite',
      '/..%2f..%2fa%2fstudy.sqlite',
      '/%252e%252e/study.sqlite',
      '/..\\study.sqlite',
      '/media/../study.sqlite',
      '/media/%2e%2e%2f%2e%2e%2fstudy.sqlite',
      '/media/..%5c..%5cstudy.sqlite',
      `/${'..%2f'.repeat(12)}etc%2fpasswd`,
      '/index.html%00.png',
    ]) {
      const answer = await httpsRequest(server.url, p);
      expect([400, 404], p).toContain(answer.status);
      expect(answer.body.includes(secret), p).toBe(false);
      expect(answer.body.toString()).not.toMatch(/root:|SQLite format/);
    }
    expect((await httpsRequest(server.url, '/')).status).toBe(200);
  });
});

describe('the wire', () => {
  it('says nothing about the server: no version, no powered-by; HSTS and the protective headers on every answer', async () => {
    for (const answer of [await httpsRequest(server.url, '/'), await apiCall(server.url, 'study.info', {}), await httpsRequest(server.url, '/nothing-here')]) {
      expect(answer.headers['server']).toBeUndefined();
      expect(answer.headers['x-powered-by']).toBeUndefined();
      expect(answer.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
    }
    expect((await httpsRequest(server.url, '/')).headers['content-security-policy']).toMatch(/media-src 'self'/);
  });

  it('refuses TLS below 1.2 and speaks 1.2 and 1.3', async () => {
    const { port } = new URL(server.url);
    const handshake = (options: tls.ConnectionOptions) =>
      new Promise<string>((resolve) => {
        const socket = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false, ...options }, () => {
          resolve(socket.getProtocol() ?? 'none');
          socket.end();
        });
        socket.on('error', (e) => resolve(`refused: ${(e as NodeJS.ErrnoException).code ?? e.message}`));
      });
    expect(await handshake({ minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' })).toMatch(/^refused/);
    expect(await handshake({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })).toBe('TLSv1.2');
    expect(await handshake({ minVersion: 'TLSv1.3' })).toBe('TLSv1.3');
  });

  it('cuts off a client that sends its request too slowly', async () => {
    const { port } = new URL(server.url);
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      const socket = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false }, () => socket.write('POST /api/auth.login HTTP/1.1\r\nHost: x\r\n'));
      socket.resume();
      socket.on('close', () => resolve(Date.now() - started));
      socket.on('error', () => undefined);
      setTimeout(() => resolve(-1), 15_000).unref();
    });
    expect(closedAfter).toBeGreaterThan(0);
    expect(closedAfter).toBeLessThan(15_000);
  });

  it('logs one line per request by route and status: no token, password, name or file', async () => {
    const coder = userOf('coder');
    await apiCall(server.url, 'auth.login', { name: coder.name, password: coder.password });
    const text = log.join('\n');
    expect(text).toMatch(/POST \/api\/auth\.login 200/);
    expect(text).not.toContain(coder.password);
    expect(text).not.toMatch(/[A-Za-z0-9_-]{43}/);
    expect(text).not.toContain(studyA);
  });
});

describe('login back-off per address', () => {
  it('slows an address that fails too often, whatever names it tries, and says when to try again', async () => {
    for (let i = 0; i < 3; i++) {
      const answer = await apiCall(other.url, 'auth.login', { name: `someone-${i}`, password: 'wrong password' });
      expect(answer.json()).toMatchObject({ ok: false, error: { code: 'bad_credentials' } });
    }
    await apiCall(other.url, 'auth.login', { name: 'someone-else', password: 'wrong password' });
    const refused = await apiCall(other.url, 'auth.login', { name: userOf('coder').name, password: userOf('coder').password });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.json()).toMatchObject({ ok: false, error: { code: 'locked' } });
  });
});

