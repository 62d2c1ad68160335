// The app and media schemes. Registered as privileged before the app is ready (Electron requires
// it); their handlers are core's plain (Request) => Promise<Response> functions.
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../core/app/csp';
import { createStaticHandler } from '../core/app/static';
import { APP_SCHEME, MEDIA_SCHEME } from './origins';

export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  { scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
] as const;

export function registerSchemes(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES.map((s) => ({ scheme: s.scheme, privileges: { ...s.privileges } })));
}

export function handleSchemes(
  protocol: Protocol,
  rendererDir: string,
  handleMedia: (request: Request) => Promise<Response>,
): void {
  protocol.handle(APP_SCHEME, createStaticHandler(rendererDir, contentSecurityPolicy(`${MEDIA_SCHEME}:`)));
  protocol.handle(MEDIA_SCHEME, handleMedia);
}
