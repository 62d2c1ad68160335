// `blindfold serve`: the study's core behind HTTPS, for coders, leads and auditors at other sites.
// No domain logic here: every contract entry is POST /api/<name> through core's one dispatch (roles,
// zod in and out, audit), media is GET /media/<token> through core's media handler, and the built
// renderer is served to browsers with the app's CSP. This file adds only what a network needs:
// sessions as cookies or bearer tokens, CSRF and origin checks, per-address login back-off, body
// and time limits, TLS (1.2 at least) and HSTS, and logs that hold no study data.
//
// fastify: a well-kept HTTP server (OpenJS Foundation) whose body limits, content-type parsing,
// request and connection timeouts and TLS options are tested and documented, so none of that is
// ours to get wrong; routes and hooks are small enough to read in one screen.
import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { CALL_NAMES } from '../common/contract';
import { fail, type ErrorCode, type Result } from '../common/result';
import { createCore, type Core } from '../core/app/core';
import { SERVER_HOST } from '../core/app/host';
import { contentSecurityPolicy } from '../core/app/csp';
import { createStaticHandler } from '../core/app/static';
import { getStudy } from '../../db/repositories/study';
import { AddressThrottle, type AddressThrottleOptions } from './addressThrottle';
import {
  anonymousKey,
  CLIENT_HEADER,
  clearedCookie,
  cookieNameFor,
  DESKTOP_CLIENT,
  newToken,
  REQUEST_HEADER,
  SESSION_HEADER,
  sessionCookie,
  sessionKeyOf,
  tokenFrom,
} from './clients';
import type { ServeConfig } from './config';

export const BODY_LIMIT_BYTES = 1024 * 1024;
const MEDIA_BASE = '/media/';
const KNOWN = new Set<string>(CALL_NAMES);

export interface StudyServer {
  /** The origin clients use, e.g. https://127.0.0.1:8443. */
  readonly url: string;
  readonly port: number;
  readonly core: Core;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** One line per request and per internal error: never a body, token, file name or study value. */
  readonly log?: (line: string) => void;
  readonly sessionIdleMs?: number;
  readonly addressThrottle?: AddressThrottleOptions;
  /** Time allowed to receive a whole request (headers and body): slow clients are cut off. */
  readonly requestTimeoutMs?: number;
}

function resultBody(code: ErrorCode, message: string): Result<never> {
  return fail(code, message);
}

/** Internal errors are logged by kind only: an error's message or stack may carry a path. */
function errorKind(error: unknown): string {
  if (error instanceof Error) return `${error.name}${(error as NodeJS.ErrnoException).code ? ` ${(error as NodeJS.ErrnoException).code}` : ''}`;
  return typeof error;
}

export async function startStudyServer(config: ServeConfig, options: ServerOptions = {}): Promise<StudyServer> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const core = createCore({
    studyDir: config.studyDir,
    ...(config.database ? { database: config.database } : {}),
    mediaBaseUrl: MEDIA_BASE,
    host: SERVER_HOST,
    ...(options.sessionIdleMs === undefined ? {} : { sessionIdleMs: options.sessionIdleMs }),
    log: (message, error) => log(`core: ${message}${error === undefined ? '' : ` (${errorKind(error)})`}`),
  });
  const study = getStudy(core.context.study.db);
  const cookieName = cookieNameFor(study?.name ?? '', study?.createdAt ?? '');
  const secure = config.tls !== null;
  const throttle = new AddressThrottle(options.addressThrottle);
  const csp = contentSecurityPolicy("'self'");
  const serveStatic = createStaticHandler(config.rendererDir, csp);

  // Node's own server, so that slow clients are checked for often (Node looks every 30 s by default):
  // a request's headers and body must arrive within requestTimeout.
  const requestTimeout = options.requestTimeoutMs ?? 30_000;
  const limits = { requestTimeout, headersTimeout: requestTimeout, connectionsCheckingInterval: Math.min(1_000, requestTimeout), keepAliveTimeout: 10_000 };
  const tlsOptions = config.tls;
  const app = Fastify({
    serverFactory: (handler) =>
      tlsOptions
        ? https.createServer({ cert: tlsOptions.cert, key: tlsOptions.key, minVersion: 'TLSv1.2', ...limits }, handler)
        : http.createServer(limits, handler),
    bodyLimit: BODY_LIMIT_BYTES,
    requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    connectionTimeout: 120_000,
    logger: false,
    return503OnClosing: true,
    exposeHeadRoutes: false,
    routerOptions: { maxParamLength: 100 },
  });

  // JSON only: fastify also parses text/plain, which a cross-site form could send without a preflight.
  app.removeContentTypeParser('text/plain');

  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('X-Content-Type-Options', 'nosniff');
    reply.header('Referrer-Policy', 'no-referrer');
    reply.header('X-Frame-Options', 'DENY');
    reply.header('Cross-Origin-Opener-Policy', 'same-origin');
    reply.header('Cross-Origin-Resource-Policy', 'same-origin');
    if (secure) reply.header('Strict-Transport-Security', 'max-age=31536000');
    if (!reply.hasHeader('Cache-Control')) reply.header('Cache-Control', 'no-store');
    return payload;
  });

  app.addHook('onResponse', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    const route = url.startsWith('/api/') ? (KNOWN.has(url.slice(5)) ? url : '/api/(unknown)') : url.startsWith(MEDIA_BASE) ? '/media/…' : 'static';
    log(`${request.method} ${route} ${reply.statusCode} ${Math.round(reply.elapsedTime)}ms`);
  });

  app.setErrorHandler(async (error: { statusCode?: number; code?: string }, _request, reply) => {
    const status = error.statusCode ?? 500;
    const message =
      error.code === 'FST_ERR_CTP_BODY_TOO_LARGE'
        ? `The request is too large (at most ${BODY_LIMIT_BYTES / 1024} KiB)`
        : error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? 'Send the call as JSON (Content-Type: application/json)'
          : error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY' || (status === 400 && /JSON/i.test(String((error as Error).message)))
            ? 'The request body is not valid JSON'
            : status < 500
              ? 'The request was refused'
              : 'Something went wrong inside the server; nothing was changed';
    if (status >= 500) log(`server: ${errorKind(error)}`);
    return reply.code(status).type('application/json').send(resultBody(status < 500 ? 'bad_input' : 'internal', message));
  });

  app.setNotFoundHandler(async (_request, reply) => reply.code(404).send());

  const addressOf = (request: FastifyRequest): string => request.socket.remoteAddress ?? 'unknown';
  const keyOf = (request: FastifyRequest): string | null => {
    const token = tokenFrom(request.headers as { authorization?: string; cookie?: string }, cookieName);
    return token ? sessionKeyOf(token) : null;
  };

  /** CSRF and origin: the custom header a cross-site form cannot send, and no foreign Origin. */
  function refusedAsCrossSite(request: FastifyRequest): boolean {
    if (request.headers[REQUEST_HEADER] !== '1') return true;
    if (request.headers['sec-fetch-site'] === 'cross-site') return true;
    const origin = request.headers.origin;
    if (origin !== undefined) {
      let host: string;
      try {
        host = new URL(origin).host;
      } catch {
        return true;
      }
      if (host !== request.headers.host) return true;
    }
    return false;
  }

  app.post<{ Params: { name: string } }>('/api/:name', async (request, reply) => {
    reply.header('Cache-Control', 'no-store');
    if (refusedAsCrossSite(request)) {
      return reply.code(403).send(resultBody('foreign_origin', 'This call is only answered for Blindfold pages of this server'));
    }
    const name = request.params.name;
    const input = request.body ?? {};
    const oldKey = keyOf(request);
    if (name === 'auth.login') {
      const address = addressOf(request);
      const wait = throttle.waitMs(address);
      if (wait > 0) {
        const seconds = Math.ceil(wait / 1000);
        reply.header('Retry-After', String(seconds));
        return reply.code(429).send(resultBody('locked', `Too many failed logins from this address: try again in ${seconds} s`));
      }
      const token = newToken();
      const result = await core.invoke(sessionKeyOf(token), name, input);
      if (result.ok) {
        throttle.succeed(address);
        if (oldKey) core.endSession(oldKey);
        reply.header('Set-Cookie', sessionCookie(cookieName, token, secure));
        if (request.headers[CLIENT_HEADER] === DESKTOP_CLIENT) reply.header(SESSION_HEADER, token);
      } else if (result.error.code === 'bad_credentials' || result.error.code === 'locked') {
        throttle.fail(address);
      }
      return reply.type('application/json').send(result);
    }
    const idempotencyKey = request.headers['idempotency-key'];
    const result = await core.invoke(oldKey ?? anonymousKey(), name, input, typeof idempotencyKey === 'string' ? { idempotencyKey } : {});
    if (name === 'auth.logout' || (!result.ok && result.error.code === 'unauthenticated' && oldKey)) {
      reply.header('Set-Cookie', clearedCookie(cookieName, secure));
    }
    return reply.type('application/json').send(result);
  });

  const toWeb = (request: FastifyRequest): Request => {
    const headers = new Headers();
    const range = request.headers.range;
    if (typeof range === 'string') headers.set('range', range);
    return new Request(`https://server${request.url}`, { method: request.method, headers });
  };

  async function sendWeb(reply: FastifyReply, response: Response): Promise<FastifyReply> {
    reply.code(response.status);
    response.headers.forEach((value, key) => void reply.header(key, value));
    if (!response.body) return reply.send();
    return reply.send(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>));
  }

  const media = async (request: FastifyRequest, reply: FastifyReply) => {
    const key = keyOf(request);
    // A token is honoured only for the session it was issued to: anyone else gets a bare 404.
    if (!key) return reply.code(404).send();
    return sendWeb(reply, await core.handleMedia(toWeb(request), { sessionKey: key }));
  };
  app.get('/media/:token', media);
  app.head('/media/:token', media);

  const files = async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.url.startsWith('/api/') || request.url.startsWith(MEDIA_BASE)) return reply.code(404).send();
    return sendWeb(reply, await serveStatic(toWeb(request)));
  };
  app.get('/*', files);
  app.head('/*', files);

  try {
    await app.listen({ host: config.host, port: config.port });
  } catch (error) {
    await core.close();
    throw error;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const shownHost = config.host.includes(':') ? `[${config.host}]` : config.host === '0.0.0.0' ? '127.0.0.1' : config.host;
  return {
    url: `${secure ? 'https' : 'http'}://${shownHost}:${port}`,
    port,
    core,
    close: async () => {
      // Calls in flight finish; a media stream (a video element keeps one open) is cut after a grace
      // period, and the player asks again once the server is back.
      const grace = setTimeout(() => app.server.closeAllConnections(), 2_000);
      try {
        await app.close();
      } finally {
        clearTimeout(grace);
      }
      await core.close();
    },
  };
}
