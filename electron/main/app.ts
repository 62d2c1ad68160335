// App lifecycle: open (or create) the study, wire protocols and IPC, open the one secure window.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, BrowserWindow, dialog, ipcMain, protocol, session } from 'electron';
import { createCore, type Core } from '../core/app/core';
import { createDemoStudy } from '../core/study/demo';
import { studyPaths } from '../core/study/paths';
import { electronHost } from './host';
import { registerIpc } from './ipc';
import { APP_URL, MEDIA_BASE_URL } from './origins';
import { handleSchemes, registerSchemes } from './protocols';
import { hardenSession, hardenWebContents, secureWebPreferences } from './security';

const here = path.dirname(fileURLToPath(import.meta.url));

export interface StartOptions {
  /** A study folder; defaults to BLINDFOLD_STUDY, then the demo study in the user-data folder. */
  readonly studyDir?: string;
  readonly rendererDir?: string;
  readonly preloadPath?: string;
}

/** Must run before `app` is ready: privileged schemes can only be registered then. */
export function registerBeforeReady(): void {
  registerSchemes(protocol);
}

let mainWindow: BrowserWindow | null = null;

export async function openOrCreateStudy(studyDir: string): Promise<Core> {
  if (!existsSync(studyPaths(studyDir).database)) (await createDemoStudy(studyDir)).close();
  return createCore({ studyDir, mediaBaseUrl: MEDIA_BASE_URL, host: electronHost(dialog, () => mainWindow) });
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    title: 'Blindfold',
    show: false,
    backgroundColor: '#f6f7f9',
    webPreferences: secureWebPreferences(preloadPath),
  });
  hardenWebContents(window.webContents);
  window.once('ready-to-show', () => window.show());
  // The page title could carry text from the renderer; keep the window's own.
  window.on('page-title-updated', (event) => event.preventDefault());
  void window.loadURL(APP_URL);
  return window;
}

export async function whenReady(options: StartOptions = {}): Promise<{ core: Core; window: BrowserWindow }> {
  const studyDir = options.studyDir ?? process.env['BLINDFOLD_STUDY'] ?? path.join(app.getPath('userData'), 'demo-study');
  const core = await openOrCreateStudy(studyDir);
  hardenSession(session.defaultSession);
  handleSchemes(protocol, options.rendererDir ?? path.join(here, '../renderer'), core.handleMedia);
  registerIpc(ipcMain, core);
  const window = createMainWindow(options.preloadPath ?? path.join(here, '../preload/index.cjs'));
  mainWindow = window;
  const key = `webcontents:${window.webContents.id}`;
  // A closed window or a crashed renderer ends the session, with its media links and opened keys.
  window.webContents.on('destroyed', () => core.endSession(key));
  window.webContents.on('render-process-gone', () => core.endSession(key));
  // Let a running backup finish and the database close before the process ends.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void core.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  return { core, window };
}

export function startApp(): void {
  registerBeforeReady();
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(() => whenReady())
    .catch((error: unknown) => {
      console.error('Blindfold could not start', error);
      app.exit(1);
    });
}
