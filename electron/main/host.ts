// Core's Host in Electron: the native open and save dialogs, attached to the app's window.
import type { BrowserWindow, Dialog } from 'electron';
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
    async chooseSavePath(request) {
      const parent = window();
      const options = { title: request.title, defaultPath: request.defaultName };
      const result = parent ? await dialog.showSaveDialog(parent, options) : await dialog.showSaveDialog(options);
      return result.canceled ? null : (result.filePath ?? null);
    },
  };
}
