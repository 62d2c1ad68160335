// The one app window: secure preferences, the app's own title, and what happens when its renderer
// dies — the session ends (media links and opened keys with it) and the window reloads to the login;
// after repeated crashes it stops and says so instead of looping.
import { BrowserWindow, dialog } from 'electron';
import { hardenWebContents, secureWebPreferences } from './security';

const CRASH_WINDOW_MS = 60_000;
const CRASHES_BEFORE_GIVING_UP = 3;

export interface WindowOptions {
  readonly preloadPath: string;
  readonly packaged: boolean;
  /** Ends the session of this window's renderer: on close, on a crash. */
  readonly endSession: (key: string) => void;
}

export function sessionKeyOfContents(id: number): string {
  return `webcontents:${id}`;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'Blindfold',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(options.preloadPath, { packaged: options.packaged }),
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  // The page title could carry text from the renderer; keep the window's own.
  window.on('page-title-updated', (event) => event.preventDefault());

  const key = sessionKeyOfContents(window.webContents.id);
  window.webContents.on('destroyed', () => options.endSession(key));
  const crashes: number[] = [];
  window.webContents.on('render-process-gone', (_event, details) => {
    options.endSession(key);
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && now - crashes[0]! > CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length >= CRASHES_BEFORE_GIVING_UP) {
      dialog.showErrorBox(
        'The Blindfold window keeps stopping',
        `Its page stopped ${crashes.length} times within a minute (${details.reason}). You have been logged out; ` +
          'submitted ratings and saved drafts are kept in the study. Quit Blindfold and start it again; if it happens again, ' +
          'restart the computer or ask your study manager.',
      );
      return;
    }
    // The session has ended, so the reloaded page asks for the password again.
    window.webContents.reload();
  });
  return window;
}
