// Core's Host in Electron: the native open and save dialogs, attached to the app's window.
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
      // A hidden, sandboxed window with JavaScript off renders the report; it never sees the app.
      const printer = new BrowserWindow({
        show: false,
        webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false },
      });
      try {
        await printer.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(html, 'utf8').toString('base64')}`);
        return await printer.webContents.printToPDF({ printBackground: true, pageSize: 'A4' });
      } finally {
        printer.destroy();
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
