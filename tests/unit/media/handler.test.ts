import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SessionStore } from '../../../electron/core/auth/sessions';
import { createMediaHandler, parseRange } from '../../../electron/core/media/handler';
import { MediaTokens } from '../../../electron/core/media/tokens';
import { tempDir } from '../../support/tempStudy';

const SIZE = 10_000;
const bytes = randomBytes(SIZE);
let dir: string;
let cleanup: () => void;
let file: string;
let now: number;
let sessions: SessionStore;
let tokens: MediaTokens;
let handle: (r: Request) => Promise<Response>;

beforeAll(() => {
  ({ dir, cleanup } = tempDir());
  file = path.join(dir, 'ABCD-EFGH.mp4');
  writeFileSync(file, bytes);
});
afterAll(() => cleanup());
beforeEach(() => {
  now = 1_000_000;
  sessions = new SessionStore({ now: () => now, idleTimeoutMs: 60_000 });
  tokens = new MediaTokens(sessions, 10_000, () => now);
  handle = createMediaHandler(tokens);
  sessions.start('window:1', { id: 7, name: 'coder1', role: 'coder' });
});

const url = (token: string) => `blindfold-media://clip/${token}`;
const get = (token: string, range?: string) => handle(new Request(url(token), range ? { headers: { Range: range } } : {}));
const issue = () => tokens.issue({ sessionKey: 'window:1', userId: 7, file, contentType: 'video/mp4' });
const body = async (r: Response) => Buffer.from(await r.arrayBuffer());

describe('parseRange', () => {
  it.each([
    ['bytes=0-', { start: 0, end: 99 }],
    ['bytes=10-19', { start: 10, end: 19 }],
    ['bytes=90-500', { start: 90, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=-500', { start: 0, end: 99 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=20-10', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['items=0-1', null],
    ['bytes=0-1,5-6', null],
  ] as const)('%s of 100 bytes', (header, expected) => {
    expect(parseRange(header, 100)).toEqual(expected);
  });
});

describe('the media handler', () => {
  it('serves the whole file with 200 and the protective headers', async () => {
    const r = await get(issue());
    expect(r.status).toBe(200);
    expect(r.headers.get('accept-ranges')).toBe('bytes');
    expect(r.headers.get('cache-control')).toBe('no-store');
    expect(r.headers.get('x-content-type-options')).toBe('nosniff');
    expect(r.headers.get('content-type')).toBe('video/mp4');
    expect(r.headers.get('content-length')).toBe(String(SIZE));
    expect((await body(r)).equals(bytes)).toBe(true);
  });

  it('answers an open-ended range with 206 and Content-Range', async () => {
    const r = await get(issue(), 'bytes=9000-');
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 9000-9999/${SIZE}`);
    expect(r.headers.get('content-length')).toBe('1000');
    expect((await body(r)).equals(bytes.subarray(9000))).toBe(true);
  });

  it('answers a bounded range', async () => {
    const r = await get(issue(), 'bytes=100-199');
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes 100-199/${SIZE}`);
    expect((await body(r)).equals(bytes.subarray(100, 200))).toBe(true);
  });

  it('answers a suffix range', async () => {
    const r = await get(issue(), 'bytes=-256');
    expect(r.status).toBe(206);
    expect(r.headers.get('content-range')).toBe(`bytes ${SIZE - 256}-${SIZE - 1}/${SIZE}`);
    expect((await body(r)).equals(bytes.subarray(SIZE - 256))).toBe(true);
  });

  it('answers an unsatisfiable range with 416 and the size', async () => {
    const r = await get(issue(), `bytes=${SIZE}-`);
    expect(r.status).toBe(416);
    expect(r.headers.get('content-range')).toBe(`bytes */${SIZE}`);
  });

  it('gives a bare 404 for an unknown or malformed token', async () => {
    for (const token of [randomBytes(32).toString('base64url'), 'short', '../../etc/passwd']) {
      const r = await get(token);
      expect(r.status).toBe(404);
      expect(r.headers.get('content-type')).toBeNull();
      expect(await r.text()).toBe('');
    }
  });

  it("gives 404 for another user's token once that user's session is gone", async () => {
    const token = issue();
    sessions.start('window:1', { id: 8, name: 'coder2', role: 'coder' });
    expect((await get(token)).status).toBe(404);
  });

  it('gives 404 for a token whose session belongs to another user even if the key is reused', async () => {
    const foreign = tokens.issue({ sessionKey: 'window:1', userId: 99, file, contentType: 'video/mp4' });
    expect((await get(foreign)).status).toBe(404);
  });

  it('gives 404 after expiry, after logout and after an idle timeout', async () => {
    const t1 = issue();
    now += 10_001;
    expect((await get(t1)).status).toBe(404);

    now = 1_000_000;
    sessions.start('window:1', { id: 7, name: 'coder1', role: 'coder' });
    const t2 = issue();
    sessions.end('window:1');
    expect((await get(t2)).status).toBe(404);

    sessions.start('window:1', { id: 7, name: 'coder1', role: 'coder' });
    const t3 = issue();
    now += 60_001;
    expect((await get(t3)).status).toBe(404);
  });

  it('refuses methods other than GET and HEAD', async () => {
    const r = await handle(new Request(url(issue()), { method: 'POST', body: 'x' }));
    expect(r.status).toBe(404);
  });
});
