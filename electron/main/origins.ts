// The app's own schemes. The renderer is served from blindfold://app, media from
// blindfold-media://clip; IPC is answered only for frames on the app's origin.
export const APP_SCHEME = 'blindfold';
export const APP_HOST = 'app';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;
/** The page the window shows while the demo study is made on first start. */
export const STARTUP_URL = `${APP_SCHEME}://${APP_HOST}/starting.html`;
export const STARTUP_PROGRESS_PATH = '/startup-progress.json';
/** The first screen, when no study is named: a study on this computer or a study server. */
export const CHOOSER_URL = `${APP_SCHEME}://${APP_HOST}/choose.html`;
/** Its routes (./chooser.ts), answered only until the choice is made. */
export const START_ROUTES_PREFIX = '/start/';
export const MEDIA_SCHEME = 'blindfold-media';
export const MEDIA_BASE_URL = `${MEDIA_SCHEME}://clip/`;

/** Node's URL gives custom schemes an opaque "null" origin, so compare scheme and host instead. */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST;
  } catch {
    return false;
  }
}
