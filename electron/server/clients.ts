// Who is calling, over HTTP: a session token from the browser's cookie (HttpOnly, Secure,
// SameSite=Strict) or the desktop client's bearer header. Core knows sessions by a key; the key of
// an HTTP session is a hash of its token, so neither core's memory nor a log line ever holds a token
// that would let someone in. A new token is minted at every login (no session fixation).
import { createHash, randomBytes } from 'node:crypto';

export const DESKTOP_CLIENT = 'desktop';
/** The header every API call must carry: a cross-site page cannot send it without a CORS preflight, which is refused. */
export const REQUEST_HEADER = 'x-blindfold-request';
export const CLIENT_HEADER = 'x-blindfold-client';
export const SESSION_HEADER = 'x-blindfold-session';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionKeyOf(token: string): string {
  return `http:${createHash('sha256').update(token).digest('hex')}`;
}

/** A key no one holds a token for: calls without a session run under it (and public calls only succeed). */
export function anonymousKey(): string {
  return `http:anonymous:${randomBytes(16).toString('hex')}`;
}

/** A cookie name per study, so two studies served from one host (another port) never see each other's session. */
export function cookieNameFor(studyName: string, createdAt: string): string {
  return `bf_${createHash('sha256').update(`${studyName}\n${createdAt}`).digest('hex').slice(0, 12)}`;
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

export function tokenFrom(headers: { authorization?: string | undefined; cookie?: string | undefined }, cookieName: string): string | null {
  const bearer = /^Bearer ([A-Za-z0-9_-]{43})$/.exec(headers.authorization ?? '');
  if (bearer) return bearer[1]!;
  for (const part of (headers.cookie ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() !== cookieName) continue;
    const value = part.slice(eq + 1).trim();
    if (TOKEN.test(value)) return value;
  }
  return null;
}

export function sessionCookie(name: string, token: string, secure: boolean): string {
  return `${name}=${token}; Path=/; HttpOnly; SameSite=Strict${secure ? '; Secure' : ''}`;
}

export function clearedCookie(name: string, secure: boolean): string {
  return `${name}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
