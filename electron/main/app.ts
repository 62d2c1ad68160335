// App lifecycle: one instance, the privileged schemes before ready, then the study (the demo made
// on first start behind a progress page), IPC, and the one secure window. A failure to start says
// what failed in a dialog, never only on a console nobody sees.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, safeStorage, session, type BrowserWindow } from 'electron';
import { createCore, type Core } from '../core/app/core';
import { electronHost } from './host';
import { registerIpc } from './ipc';
import { installMinimalMenu } from './menu';
import { APP_URL, MEDIA_BASE_URL, STARTUP_URL } from './origins';
import { handleSchemes, registerSchemes } from './protocols';
import { hardenSession, hardenWebContents } from './security';
import { installDemoStudy } from '../core/app/demo';
import { trustServer } from './client';
import { DraftVault } from './drafts';
import { connectRemote } from './remote';
import { chooseStudy, demoFailureMessage } from './startup';
import { createMainWindow } from './window';

const here = path.dirname(fileURLToPath(import.meta.url));

let mainWindow: BrowserWindow | null = null;

function fail(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  app.exit(1);
}

function focusMainWindow(): void {
  if (!mainWindow || mainWindow.isDestroyed()) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.show();
  mainWindow.focus();
}

async function start(): Promise<void> {
  if (app.isPackaged) installMinimalMenu();
  hardenSession(session.defaultSession);
  const choice = chooseStudy(process.env, app.getPath('userData'));
  if (choice.kind === 'refused') return fail('Blindfold cannot open that study', choice.message);
  if (choice.kind === 'server') return startClient(choice.origin, choice.fingerprint);
  const schemes = handleSchemes(protocol, path.join(here, '../renderer'));

  let core: Core | null = null;
  const window = createMainWindow({
    preloadPath: path.join(here, '../preload/index.cjs'),
    packaged: app.isPackaged,
    endSession: (key) => core?.endSession(key),
  });
  mainWindow = window;
  window.on('closed', () => (mainWindow = null));

  if (choice.kind === 'demo') {
    schemes.setStartupProgress({ done: 0, total: 1, step: 'Preparing the demo study' });
    void window.loadURL(STARTUP_URL);
    try {
      await installDemoStudy(choice.dir, { onProgress: (progress) => schemes.setStartupProgress(progress) });
    } catch (error) {
      return fail('Blindfold could not start', demoFailureMessage(error));
    }
    schemes.setStartupProgress(null);
  }

  const opened = createCore({ studyDir: choice.dir, mediaBaseUrl: MEDIA_BASE_URL, host: electronHost(dialog, () => mainWindow) });
  core = opened;
  schemes.setMediaHandler(opened.handleMedia);
  registerIpc(ipcMain, opened);
  // Let a running backup finish and the database close before the process ends.
  let closed = false;
  app.on('before-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void opened.close().finally(() => {
      closed = true;
      app.quit();
    });
  });
  if (!window.isDestroyed()) await window.loadURL(APP_URL);
}

/** Client mode: the window's contract calls and media go to a study server (./remote.ts). */
async function startClient(origin: string, fingerprint: string | null): Promise<void> {
  const trust = await trustServer(origin, fingerprint, app.getPath('userData'), dialog);
  if (!trust.ok) return fail('Blindfold cannot connect to the study server', trust.message);
  const vault = new DraftVault(path.join(app.getPath('userData'), 'offline-drafts'), safeStorage, origin);
  const remote = connectRemote({ origin, pin: trust.pin, mediaBase: MEDIA_BASE_URL, vault });
  handleSchemes(protocol, path.join(here, '../renderer')).setMediaHandler(remote.handleMedia);
  const window = createMainWindow({
    preloadPath: path.join(here, '../preload/index.cjs'),
    packaged: app.isPackaged,
    endSession: (key) => remote.endSession(key),
  });
  mainWindow = window;
  window.on('closed', () => (mainWindow = null));
  registerIpc(ipcMain, remote);
  await window.loadURL(APP_URL);
}

export function startApp(): void {
  // A second launch hands over to the first (its window comes to the front) and ends: two
  // instances would race on the study's migrations and keep separate sessions and backups.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerSchemes(protocol);
  app.on('second-instance', focusMainWindow);
  app.on('window-all-closed', () => app.quit());
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents));
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => fail('Blindfold could not start', `${error instanceof Error ? error.message : String(error)}\n\nStart Blindfold again; if this keeps happening, see README.md, "Troubleshooting".`));
}
