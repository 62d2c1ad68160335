// Permission requests of a page reach main's session handler as Chromium in Electron sends them:
// full screen, camera and microphone, notifications, geolocation. The page's request waits for
// main's answer; a refusal fails it the way Chromium does. Without a handler Electron grants.
// window.open asks main's window-open handler; the stand-in implements its 'deny' (window.open
// returns null, as in Electron) and records an 'allow' as an error.
import { randomBytes } from 'node:crypto';
import type { BrowserContext } from '@playwright/test';
import type { Launch } from './launch';

function pageHooks(binding: string): string {
  return `(() => {
  const ask = window[${JSON.stringify(binding)}];
  delete window[${JSON.stringify(binding)}];
  window.open = (url) => {
    ask('window-open', new URL(String(url ?? ''), location.href).href, window.top === window);
    return null;
  };
  const requestFullscreen = Element.prototype.requestFullscreen;
  Element.prototype.requestFullscreen = function (options) {
    return ask('fullscreen', location.href, window.top === window).then((granted) => {
      if (!granted) throw new TypeError('Permissions check failed');
      return requestFullscreen.call(this, options);
    });
  };
  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    const getUserMedia = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
    navigator.mediaDevices.getUserMedia = (constraints) =>
      ask('media', location.href, window.top === window).then((granted) => {
        if (!granted) throw new DOMException('Permission denied', 'NotAllowedError');
        return getUserMedia(constraints);
      });
  }
  if (window.Notification) {
    window.Notification.requestPermission = () => ask('notifications', location.href, window.top === window).then((g) => (g ? 'granted' : 'denied'));
  }
  if (navigator.geolocation) {
    navigator.geolocation.getCurrentPosition = (ok, error) => {
      ask('geolocation', location.href, window.top === window).then((granted) => {
        if (!granted && error) error({ code: 1, message: 'User denied Geolocation' });
        if (granted) throw new Error('electron stand-in: granted geolocation is not implemented');
      });
    };
  }
})();`;
}

export async function installPermissions(launch: Launch, context: BrowserContext): Promise<void> {
  const binding = `__electronStandInPermission_${randomBytes(8).toString('hex')}`;
  await context.exposeBinding(binding, async (source, permission: string, frameUrl: string, isMainFrame: boolean) => {
    const window = launch.windows.find((w) => w.page === source.page);
    if (permission === 'window-open') {
      const url = launch.schemes.mainUrl(frameUrl);
      const decision = window?.webContents.windowOpenHandler?.({ url, frameName: '', features: '', disposition: 'new-window' });
      launch.record.navigations.push({ url, prevented: decision?.action === 'deny' });
      if (decision?.action !== 'deny') launch.record.errors.push(`window.open(${url}) allowed: the stand-in does not implement new windows`);
      return false;
    }
    const requestingUrl = launch.schemes.mainUrl(frameUrl);
    const handler = launch.permissionRequestHandler;
    const granted = handler
      ? await new Promise<boolean>((resolve) => handler(window?.webContents ?? null, permission, (ok) => resolve(ok === true), { requestingUrl, isMainFrame }))
      : true;
    launch.record.permissions.push({ permission, requestingUrl, granted });
    return granted;
  });
  await context.addInitScript({ content: pageHooks(binding) });
}
