// App lifecycle: one instance, the privileged schemes before ready, the one secure window, then
// the study — named by BLINDFOLD_STUDY or BLINDFOLD_SERVER, or chosen on the first screen (a folder,
// the demo study made behind a progress page, or a study server) — and IPC to it. A failure to start says
// what failed in a dialog, never only on a console nobody sees.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { app, dialog, ipcMain, protocol, safeStorage, session, type BrowserWindow } from 'electron';
import { createCore } from '../core/app/core';
import { electronHost } from './host';
import { registerIpc } from './ipc';
import { installMinimalMenu } from './menu';
import { createChooser, type Chosen } from './chooser';
import { APP_URL, CHOOSER_URL, MEDIA_BASE_URL, STARTUP_URL } from './origins';
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
  const initial = chooseStudy(process.env);
  if (initial.kind === 'refused') return fail('Blindfold cannot open that study', initial.message);
  const userData = app.getPath('userData');
  const schemes = handleSchemes(protocol, path.join(here, '../renderer'));
  // The window's session ends through whichever face serves it (the study here, or a server).
  let endSession: (key: string) => void = () => undefined;
  const window = createMainWindow({ preloadPath: path.join(here, '../preload/index.cjs'), packaged: app.isPackaged, endSession: (key) => endSession(key) });
  mainWindow = window;
  window.on('closed', () => (mainWindow = null));

  let chosen: Chosen;
  if (initial.kind === 'choose') {
    const chooser = createChooser({ userData, dialog });
    schemes.setStartRoutes(chooser.handle);
    void window.loadURL(CHOOSER_URL);
    chosen = await chooser.chosen;
    schemes.setStartRoutes(null);
  } else if (initial.kind === 'server') {
    const trust = await trustServer(initial.origin, initial.fingerprint, userData, dialog);
    if (!trust.ok) return fail('Blindfold cannot connect to the study server', trust.message);
    chosen = { kind: 'server', origin: initial.origin, pin: trust.pin };
  } else {
    chosen = initial;
  }
  if (window.isDestroyed()) return;

  if (chosen.kind === 'server') {
    // Client mode: the window's contract calls and media go to the study server (./remote.ts).
    const vault = new DraftVault(path.join(userData, 'offline-drafts'), safeStorage, chosen.origin);
    const remote = connectRemote({ origin: chosen.origin, pin: chosen.pin, mediaBase: MEDIA_BASE_URL, vault });
    schemes.setMediaHandler(remote.handleMedia);
    endSession = (key) => remote.endSession(key);
    registerIpc(ipcMain, remote);
    await window.loadURL(APP_URL);
    return;
  }

  if (chosen.kind === 'demo') {
    schemes.setStartupProgress({ done: 0, total: 1, step: 'Preparing the demo study' });
    void window.loadURL(STARTUP_URL);
    try {
      await installDemoStudy(chosen.dir, { onProgress: (progress) => schemes.setStartupProgress(progress) });
    } catch (error) {
      return fail('Blindfold could not start', demoFailureMessage(error));
    }
    schemes.setStartupProgress(null);
  }

  const opened = createCore({ studyDir: chosen.dir, mediaBaseUrl: MEDIA_BASE_URL, host: electronHost(dialog, () => mainWindow) });
  endSession = (key) => opened.endSession(key);
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
