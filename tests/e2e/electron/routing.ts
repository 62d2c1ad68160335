// Every request of every window goes through here (Playwright routing on the app's session): a URL
// of a registered scheme is answered by the handler main gave protocol.handle — a real Request in,
// main's Response out, its headers (CSP included) as main wrote them, the CSP's scheme sources
// mapped for Chromium; the privileges are enforced (fetch needs supportFetchAPI, media needs
// stream); navigations main did not start are will-navigate events main may cancel. Requests to the
// test's own loopback servers pass, and a window's navigation to a file; anything else is blocked
// and recorded.
import type { Request as PlaywrightRequest, Route } from '@playwright/test';
import { StandInEvent } from './events';
import type { Launch } from './launch';

/** Request headers Chromium adds that a protocol handler in Electron does not see as such. */
const DROPPED_REQUEST_HEADERS = new Set(['host', 'connection', 'content-length', 'cookie']);

function isLoopback(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

export async function routeRequest(launch: Launch, route: Route, request: PlaywrightRequest): Promise<void> {
  const url = request.url();
  const frame = (() => {
    try {
      return request.frame();
    } catch {
      return null; // a service worker's request: the app has none
    }
  })();
  const window = frame ? launch.windows.find((w) => w.page === frame.page()) : undefined;
  if (!window) {
    launch.record.blocked.push({ url, reason: 'a request from no window of the app' });
    return route.abort('blockedbyclient');
  }
  if (request.isNavigationRequest() && frame === window.page!.mainFrame()) {
    if (window.webContents.programmatic.has(url)) {
      window.webContents.programmatic.delete(url);
    } else {
      // Electron 25+: the URL is on the event's details; the deprecated positional arguments are not passed.
      const event = new StandInEvent({ url: launch.schemes.mainUrl(url), isMainFrame: true, isSameDocument: false, frame: window.webContents.mainFrame });
      window.webContents.emit('will-navigate', event);
      launch.record.navigations.push({ url: launch.schemes.mainUrl(url), prevented: event.defaultPrevented });
      if (event.defaultPrevented) return route.abort('aborted');
    }
  }
  const target = launch.schemes.toMain(url);
  if (!target) {
    if (isLoopback(url)) {
      launch.record.external.push({ url });
      return route.continue();
    }
    // A window's own navigation to a file (main's printer window loads the report from one): the
    // default session's file: protocol, which is Chromium's own, loads it from disk. A file: request
    // that is not a window's navigation is not implemented.
    if (url.startsWith('file:') && request.isNavigationRequest() && frame === window.page!.mainFrame()) {
      launch.record.files.push({ url });
      return route.continue();
    }
    launch.record.blocked.push({ url, reason: 'not a scheme of the app and not loopback' });
    return route.abort('blockedbyclient');
  }
  const handler = launch.protocolHandlers.get(target.scheme);
  const privileges = launch.privileged?.get(target.scheme) ?? {};
  const type = request.resourceType();
  const refuse = (reason: string) => {
    launch.record.blocked.push({ url: target.url, reason });
    return route.abort('failed');
  };
  if (!handler) return refuse(`no protocol.handle for ${target.scheme}: (ERR_UNKNOWN_URL_SCHEME)`);
  if ((type === 'fetch' || type === 'xhr') && !privileges.supportFetchAPI) return refuse(`fetch of ${target.scheme}: without supportFetchAPI`);
  if (type === 'media' && !privileges.stream) return refuse(`media from ${target.scheme}: without stream`);

  const headers = new Headers();
  for (const [name, value] of Object.entries(await request.allHeaders())) {
    if (!name.startsWith(':') && !DROPPED_REQUEST_HEADERS.has(name)) headers.set(name, value);
  }
  const method = request.method();
  const posted = method === 'GET' || method === 'HEAD' ? null : request.postDataBuffer();
  const body = posted ? new Uint8Array(posted) : undefined;
  let response: unknown;
  try {
    response = await handler(new Request(target.url, { method, headers, ...(body ? { body } : {}) }));
  } catch (error) {
    launch.record.errors.push(`protocol handler for ${target.url} threw: ${String(error)}`);
    return route.abort('failed');
  }
  if (!(response instanceof Response)) {
    launch.record.errors.push(`protocol handler for ${target.url} returned ${String(response)}, not a Response`);
    return route.abort('failed');
  }
  if (response.status >= 300 && response.status < 400) {
    launch.record.errors.push(`protocol handler for ${target.url} redirected: the stand-in does not implement will-redirect for scheme responses`);
    return route.abort('failed');
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const sent: Record<string, string> = {};
  response.headers.forEach((value, name) => (sent[name] = value));
  launch.record.responses.push({ url: target.url, method, resourceType: type, status: response.status, headers: sent, requestHeaders: Object.fromEntries(headers), body: bytes });
  const forPage = { ...sent };
  if (forPage['content-security-policy']) forPage['content-security-policy'] = launch.schemes.csp(forPage['content-security-policy']);
  return route.fulfill({ status: response.status, headers: forPage, body: bytes });
}
