// Core's Host in Electron: the native open and save dialogs, attached to the app's window, and
// Chromium's print engine for PDF reports.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, type Dialog } from 'electron';
import type { Host } from '../core/app/host';

export function electronHost(dialog: Dialog, window: () => BrowserWindow | null): Host {
  return {
    async choosePath(request) {
      const options = {
        title: request.title,
        properties: [request.kind === 'folder' ? ('openDirectory' as const) : ('openFile' as const)],
        ...(request.filters ? { filters: request.filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })) } : {}),
      };
      const parent = window();
      const result = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return result.canceled ? null : (result.filePaths[0] ?? null);
    },
    async renderPdf(html) {
      // From a temporary file, not a data: URL: Chromium refuses URLs over 2 MiB (electron#8317), and
      // a report with its plots passes that. The folder is private to this user and removed after.
      const folder = await mkdtemp(path.join(os.tmpdir(), 'blindfold-report-'));
      const file = path.join(folder, 'report.html');
      // A hidden, sandboxed window with JavaScript off renders the report; it never sees the app.
      const printer = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      });
      try {
        await writeFile(file, html, { encoding: 'utf8', mode: 0o600 });
        await printer.loadURL(pathToFileURL(file).href);
        return await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      } finally {
        printer.destroy();
        await rm(folder, { recursive: true, force: true });
      }
    },
    async chooseSavePath(request) {
      const parent = window();
      const options = { title: request.title, defaultPath: request.defaultName };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
