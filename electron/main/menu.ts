// The application menu of a packaged build: nothing but what a user needs — no reload, no DevTools.
// Edit keeps copy and paste working on macOS, where shortcuts come from the menu.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function minimalMenuTemplate(platform: NodeJS.Platform): MenuItemConstructorOptions[] {
  const edit: MenuItemConstructorOptions = {
    label: 'Edit',
    submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }],
  };
  const window: MenuItemConstructorOptions = { label: 'Window', submenu: [{ role: 'minimize' }, { role: 'togglefullscreen' }, { role: 'close' }] };
  if (platform === 'darwin') {
    return [{ label: 'Blindfold', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'quit' }] }, edit, window];
  }
  return [{ label: 'File', submenu: [{ role: 'quit' }] }, edit, window];
}

export function installMinimalMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(minimalMenuTemplate(process.platform)));
}
