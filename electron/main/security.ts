// The secure window: what a BrowserWindow may do, and everything it may not.
import type { Session, WebContents, WebPreferences } from 'electron';
import { isAppUrl } from './origins';

export function secureWebPreferences(preload: string, options: { readonly packaged: boolean }): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    // A packaged app offers no DevTools: they would let anyone at the window read every result.
    devTools: !options.packaged,
  };
}

/** No navigation away from the app, no new windows, no webviews. */
export function hardenWebContents(contents: WebContents): void {
  // Read the URL from the event's details: the positional argument is deprecated (Electron 25+).
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

/** The only permission Blindfold grants: full screen for the player, to the app's own pages. */
export function permitted(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'fullscreen' && isAppUrl(requestingUrl);
}

/** Camera, microphone, notifications, geolocation…: Blindfold needs none of them. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(permitted(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    permitted(permission, details.requestingUrl ?? requestingOrigin),
  );
  session.setDevicePermissionHandler(() => false);
}
