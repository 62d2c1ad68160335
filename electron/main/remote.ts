// Client mode: the desktop app as a study server's client. Every contract call from the window goes
// to the server (POST /api/<call>, the bearer token of the window's session) through the shared
// HTTPS invoke of electron/common/http.ts — so a write carries an idempotency key and is resent with
// it when its answer is lost, and a submission is shown as done only once the server committed it.
// Media come through the app's media scheme, as in the embedded app: the server's relative
// /media/<token> URLs in a result become blindfold-media://clip/<token>, and the scheme's handler
// fetches them from the server with the window's Range header — the CSP is the embedded app's,
// naming nothing remote.
//
// The server's certificate is pinned: every connection must present the certificate whose SHA-256
// fingerprint the user confirmed (or the administrator configured) — a CA-signed certificate too —
// so neither a rogue CA nor a swapped server can read a coder's session.
import https from 'node:https';
import tls from 'node:tls';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { CallName } from '../common/contract';
import { httpInvoke } from '../common/http';
import { fail, type Result } from '../common/result';
import type { DraftVault } from './drafts';

const SERVER_MEDIA = /^\/media\/([A-Za-z0-9_-]{43})$/;

/** The server's `mediaUrl` fields, rewritten onto the app's media scheme; nothing else changes. */
export function onMediaScheme(value: unknown, mediaBase: string): unknown {
  if (Array.isArray(value)) return value.map((v) => onMediaScheme(v, mediaBase));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const media = k === 'mediaUrl' && typeof v === 'string' ? SERVER_MEDIA.exec(v) : null;
    out[k] = media ? `${mediaBase}${media[1]}` : onMediaScheme(v, mediaBase);
  }
  return out;
}

export interface RemoteCore {
  invoke(sessionKey: string, name: CallName | string, input: unknown): Promise<Result<unknown>>;
  handleMedia(request: Request): Promise<Response>;
  endSession(sessionKey: string): void;
  close(): Promise<void>;
}

/** "AB:CD:…" upper case, as Node and browsers print SHA-256 fingerprints. */
export function normaliseFingerprint(value: string): string | null {
  const hex = value.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.length === 64 ? hex.match(/../g)!.join(':') : null;
}

export interface PinnedCertificate {
  /** SHA-256, "AB:CD:…". */
  readonly fingerprint: string;
  readonly pem: string;
  readonly subject: string;
  readonly validTo: string;
}

const isAddress = (host: string) => /^[\d.]+$/.test(host) || host.includes(':');

/** Reads the certificate a server presents (without trusting it or sending anything), to show its fingerprint once. */
export function probeCertificate(origin: string, timeoutMs = 10_000): Promise<PinnedCertificate> {
  const url = new URL(origin);
  return new Promise((resolve, reject) => {
    const socket = tls.connect(
      { host: url.hostname, port: Number(url.port || 443), ...(isAddress(url.hostname) ? {} : { servername: url.hostname }), rejectUnauthorized: false, timeout: timeoutMs },
      () => {
        const cert = socket.getPeerX509Certificate();
        socket.destroy();
        if (!cert) return reject(new Error('the server presented no certificate'));
        resolve({ fingerprint: cert.fingerprint256, pem: cert.toString(), subject: cert.subject.replace(/\n/g, ', '), validTo: cert.validTo });
      },
    );
    socket.on('timeout', () => socket.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    socket.on('error', reject);
  });
}

/**
 * node:https whose only trust is the pin: the pinned certificate is a trust anchor (beside the usual
 * roots, for a CA-signed one), and the handshake fails — before a byte of the request is sent — unless
 * the server presents exactly that certificate.
 */
function pinnedRequest(origin: string, pin: PinnedCertificate) {
  const base = new URL(origin);
  const agent = new https.Agent({
    keepAlive: true,
    ca: [...tls.rootCertificates, pin.pem],
    rejectUnauthorized: true,
    ...(isAddress(base.hostname) ? {} : { servername: base.hostname }),
    checkServerIdentity: (_host, cert) =>
      cert.fingerprint256 === pin.fingerprint ? undefined : new Error(`the server's certificate (SHA-256 ${cert.fingerprint256}) is not the one this app trusts (${pin.fingerprint})`),
  });
  return (path: string, init: { method: string; headers: Record<string, string>; body?: string }): Promise<{ status: number; headers: Headers; body: Readable }> =>
    new Promise((resolve, reject) => {
      const req = https.request({ host: base.hostname, port: Number(base.port || 443), path, method: init.method, headers: init.headers, agent });
      req.on('response', (res) => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers.set(k, v);
        resolve({ status: res.statusCode ?? 0, headers, body: res });
      });
      req.on('error', reject);
      req.end(init.body);
    });
}

export const KEPT_OFFLINE =
  "The study server cannot be reached. This clip's scores are kept, encrypted, on this computer and sent when the server is back (notes only when you save again then).";

const UNREACHABLE = /^The study server cannot be reached/;

export function connectRemote(options: { origin: string; pin: PinnedCertificate; mediaBase: string; vault?: DraftVault }): RemoteCore {
  const request = pinnedRequest(options.origin, options.pin);
  const tokens = new Map<string, string>();
  let lastToken: string | null = null;
  const fetchFor = (sessionKey: string) =>
    (async (input: string, init: RequestInit) => {
      const path = new URL(input, options.origin).pathname;
      const answer = await request(path, { method: 'POST', headers: { ...(init.headers as Record<string, string>) }, body: init.body as string });
      const chunks: Buffer[] = [];
      for await (const chunk of answer.body) chunks.push(chunk as Buffer);
      const token = answer.headers.get('x-blindfold-session');
      if (token && /^[A-Za-z0-9_-]{43}$/.test(token)) {
        tokens.set(sessionKey, token);
        lastToken = token;
      }
      return new Response(Buffer.concat(chunks), { status: answer.status, headers: answer.headers });
    }) as unknown as typeof fetch;
  const invokers = new Map<string, ReturnType<typeof httpInvoke>>();
  const invokerFor = (sessionKey: string) => {
    let invoke = invokers.get(sessionKey);
    if (!invoke) {
      invoke = httpInvoke({
        base: '/api/',
        fetch: fetchFor(sessionKey),
        headers: (): Record<string, string> => {
          const token = tokens.get(sessionKey);
          return token ? { Authorization: `Bearer ${token}` } : { 'X-Blindfold-Client': 'desktop' };
        },
      });
      invokers.set(sessionKey, invoke);
    }
    return invoke;
  };
  const users = new Map<string, string>();
  let flushing: Promise<void> | null = null;
  /** Sends the drafts kept while the server was away, merged into what the server holds, once it answers. */
  const flush = (sessionKey: string, user: string): Promise<void> => {
    const vault = options.vault;
    if (!vault || flushing) return flushing ?? Promise.resolve();
    const kept = vault.of(user);
    if (kept.length === 0) return Promise.resolve();
    const invoke = invokerFor(sessionKey);
    flushing = (async () => {
      for (const draft of kept) {
        const clip = await invoke('coding.clip', { code: draft.code });
        if (!clip.ok) {
          if (clip.error.code === 'not_found' || clip.error.code === 'forbidden') vault.remove(user, draft.code);
          if (UNREACHABLE.test(clip.error.message) || clip.error.code === 'unauthenticated') return;
          continue;
        }
        const view = clip.value as { status?: string; draft: { scores: Record<string, number | null>; notes: Record<string, string>; overallNote: string; unscorable: unknown } | null; history: unknown[] };
        if (view.history.length > 0) {
          vault.remove(user, draft.code); // submitted since: the submission is the coder's word
          continue;
        }
        const base = view.draft ?? { scores: {}, notes: {}, overallNote: '', unscorable: null, markers: [] };
        const saved = await invoke('coding.saveDraft', { code: draft.code, draft: { ...base, scores: { ...base.scores, ...draft.scores } }, secondsSpent: 0 });
        if (saved.ok) vault.remove(user, draft.code);
        else if (UNREACHABLE.test(saved.error.message)) return;
      }
    })().finally(() => (flushing = null));
    return flushing;
  };
  return {
    invoke: async (sessionKey, name, input) => {
      if (name === 'auth.login') tokens.delete(sessionKey);
      const result = await invokerFor(sessionKey)(name as CallName, input);
      if (name === 'auth.logout' || (!result.ok && result.error.code === 'unauthenticated')) tokens.delete(sessionKey);
      if (name === 'auth.login' && result.ok) users.set(sessionKey, (result.value as { name: string }).name);
      if (name === 'auth.logout') users.delete(sessionKey);
      const user = users.get(sessionKey);
      const vault = options.vault;
      if (vault && user && (name === 'coding.saveDraft' || name === 'coding.submit')) {
        const { code, draft } = input as { code: string; draft?: { scores: Record<string, number | null> } };
        if (!result.ok && UNREACHABLE.test(result.error.message) && name === 'coding.saveDraft' && draft && vault.available) {
          vault.put({ user, code, scores: draft.scores });
          return fail('internal', KEPT_OFFLINE);
        }
        if (result.ok) vault.remove(user, code);
      }
      if (result.ok && vault && user) void flush(sessionKey, user);
      return result.ok ? { ok: true, value: onMediaScheme(result.value, options.mediaBase) } : result;
    },
    handleMedia: async (req) => {
      const token = lastToken;
      const tokenOfClip = /^([A-Za-z0-9_-]{43})$/.exec(new URL(req.url).pathname.replace(/^\/+/, ''));
      if (!token || !tokenOfClip || (req.method !== 'GET' && req.method !== 'HEAD')) return new Response(null, { status: 404 });
      const path = `/media/${tokenOfClip[1]}`;
      const range = req.headers.get('range');
      try {
        const answer = await request(path, { method: req.method, headers: { Authorization: `Bearer ${token}`, ...(range ? { Range: range } : {}) } });
        const headers = new Headers();
        for (const name of ['content-type', 'content-length', 'content-range', 'accept-ranges']) {
          const v = answer.headers.get(name);
          if (v) headers.set(name, v);
        }
        headers.set('Cache-Control', 'no-store');
        headers.set('X-Content-Type-Options', 'nosniff');
        const body = req.method === 'HEAD' || answer.status === 404 || answer.status === 416 ? null : (Readable.toWeb(answer.body) as WebReadableStream<Uint8Array> as unknown as ReadableStream<Uint8Array>);
        if (!body) answer.body.resume();
        return new Response(body, { status: answer.status, headers });
      } catch {
        return new Response(null, { status: 503, headers: { 'Cache-Control': 'no-store' } });
      }
    },
    endSession: (sessionKey) => {
      const token = tokens.get(sessionKey);
      tokens.delete(sessionKey);
      invokers.delete(sessionKey);
      if (token) void request('/api/auth.logout', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Blindfold-Request': '1', Authorization: `Bearer ${token}` }, body: '{}' }).then((a) => a.body.resume(), () => undefined);
    },
    close: async () => undefined,
  };
}

