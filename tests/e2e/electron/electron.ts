// What `import … from 'electron'` gives the built main bundle under the stand-in: one copy of this
// module per launch (its URL carries `?launch=N`), exporting only what the stand-in implements. A
// named import of anything else fails when the bundle is linked, as it should.
import { launchOf } from './registry';

const electron = launchOf(import.meta.url).electron;

export const app = electron.app;
export const BrowserWindow = electron.BrowserWindow;
export const dialog = electron.dialog;
export const ipcMain = electron.ipcMain;
export const Menu = electron.Menu;
export const protocol = electron.protocol;
export const session = electron.session;
export const safeStorage = electron.safeStorage;
