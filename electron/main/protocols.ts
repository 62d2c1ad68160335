// The app and media schemes. Registered as privileged before the app is ready (Electron requires
// it); their handlers are core's plain (Request) => Promise<Response> functions. Both are handled
// from the moment the app is ready, before the study is open, so the window can show the start-up
// progress; media is answered once core is there.
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../core/app/csp';
import { createStaticHandler } from '../core/app/static';
import { APP_SCHEME, MEDIA_SCHEME, START_ROUTES_PREFIX, STARTUP_PROGRESS_PATH } from './origins';

export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
] as const;

export interface StartupProgress {
  readonly done: number;
  readonly total: number;
  readonly step: string;
}

export interface SchemeHandlers {
  /** Media goes to core once the study is open; until then every media request is a 503. */
  setMediaHandler(handler: (request: Request) => Promise<Response>): void;
  /** What the start-up page shows; null once start-up is over. */
  setStartupProgress(progress: StartupProgress | null): void;
  /** The first screen's routes under /start/ (./chooser.ts); null once the choice is made. */
  setStartRoutes(handler: ((request: Request) => Promise<Response>) | null): void;
}

export function registerSchemes(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
}

export function handleSchemes(protocol: Protocol, rendererDir: string): SchemeHandlers {
  const csp = contentSecurityPolicy(`${MEDIA_SCHEME}:`);
  const serveRenderer = createStaticHandler(rendererDir, csp);
  let media: ((request: Request) => Promise<Response>) | null = null;
  let progress: StartupProgress | null = null;
  let start: ((request: Request) => Promise<Response>) | null = null;
  protocol.handle(APP_SCHEME, async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname.startsWith(START_ROUTES_PREFIX)) {
      if (!start) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
      const answer = await start(request);
      answer.headers.set('Content-Security-Policy', csp);
      return answer;
    }
    if (pathname === STARTUP_PROGRESS_PATH) {
      if (!progress) return new Response(null, { status: 404, headers: { 'Cache-Control': 'no-store' } });
      return new Response(JSON.stringify(progress), {
        headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Content-Security-Policy': csp, 'X-Content-Type-Options': 'nosniff' },
      });
    }
    return serveRenderer(request);
  });
  protocol.handle(MEDIA_SCHEME, (request) => (media ? media(request) : Promise.resolve(new Response(null, { status: 503 }))));
  return {
    setMediaHandler: (handler) => (media = handler),
    setStartupProgress: (next) => (progress = next),
    setStartRoutes: (handler) => (start = handler),
  };
}
