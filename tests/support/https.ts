// A small HTTPS client for the study server's tests: node:https with the test certificate as the
// only trusted CA (so TLS is verified, not switched off), raw status, headers and body.
import https from 'node:https';
import { readFileSync } from 'node:fs';
import { testCertificate } from './tls';

export interface HttpAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: Buffer;
  json(): unknown;
}

export interface HttpRequest {
  readonly method?: string;
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string | Buffer;
}

let ca: string | null = null;

export function httpsRequest(base: string, path: string, request: HttpRequest = {}): Promise<HttpAnswer> {
  const trusted = (ca ??= readFileSync(testCertificate().cert, 'utf8'));
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = https.request(
      { host: url.hostname, port: url.port, path, method: request.method ?? 'GET', headers: Object.fromEntries(Object.entries(request.headers ?? {}).filter((e): e is [string, string] => e[1] !== undefined)), ca: trusted, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

/** A contract call as the browser client makes it: JSON, the request header, the session cookie or bearer. */
export function apiCall(base: string, name: string, input: unknown, auth: { cookie?: string; bearer?: string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  return httpsRequest(base, `/api/${name}`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Blindfold-Request': '1',
      ...(auth.cookie ? { Cookie: auth.cookie } : {}),
      ...(auth.bearer ? { Authorization: `Bearer ${auth.bearer}` } : {}),
      ...(auth.headers ?? {}),
    },
    body: JSON.stringify(input),
  });
}

/** The `name=value` part of a Set-Cookie header. */
export function cookieOf(answer: HttpAnswer): string {
  const set = answer.headers['set-cookie'];
  const first = Array.isArray(set) ? set[0] : set;
  if (!first) throw new Error('no Set-Cookie in the answer');
  return first.split(';')[0]!;
}
