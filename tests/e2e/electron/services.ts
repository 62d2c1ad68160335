// dialog, ipcMain, Menu, protocol and session as Electron enforces them: privileged schemes only
// before ready (and once), protocol.handle only after ready and only for a registered scheme, one
// handler per IPC channel, the default session only once ready, dialogs only when the test scripted
// an answer.
import { NotImplemented, onlyKnownKeys, strict } from './strict';
import { PRIVILEGE_KEYS, type SchemePrivileges } from './schemes';
import type { Launch } from './launch';
import type { StandInWindow } from './window';

export type ProtocolHandler = (request: Request) => Promise<Response> | Response;

export function createProtocol(launch: Launch) {
  return strict('protocol', {
    registerSchemesAsPrivileged(schemes: readonly { scheme: string; privileges?: SchemePrivileges }[]) {
      if (launch.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
      // Electron keeps only the last call's list; a second call would silently drop the first.
      if (launch.privileged) throw new Error('electron stand-in: registerSchemesAsPrivileged called twice; Electron keeps only the last call');
      const map = new Map<string, SchemePrivileges>();
      for (const entry of schemes) {
        onlyKnownKeys('registerSchemesAsPrivileged entry', entry, ['scheme', 'privileges']);
        onlyKnownKeys(`privileges of ${entry.scheme}`, entry.privileges, PRIVILEGE_KEYS);
        if (!/^[a-z][a-z0-9+.-]*$/.test(entry.scheme)) throw new Error(`Invalid scheme name: ${entry.scheme}`);
        map.set(entry.scheme, { ...entry.privileges });
      }
      launch.privileged = map;
    },
    handle(scheme: string, handler: ProtocolHandler) {
      if (!launch.ready) throw new Error('protocol.handle must be called after app is ready');
      if (typeof handler !== 'function') throw new TypeError('protocol.handle: handler must be a function');
      if (!launch.privileged?.has(scheme)) {
        throw new Error(`electron stand-in: protocol.handle('${scheme}') for a scheme not registered with registerSchemesAsPrivileged`);
      }
      if (launch.protocolHandlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
      launch.protocolHandlers.set(scheme, handler);
    },
  });
}

type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, origin: string, details: object) => boolean;

export function createSession(launch: Launch) {
  const defaultSession = strict('session.defaultSession', {
    setPermissionRequestHandler(handler: PermissionRequestHandler | null) {
      launch.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: PermissionCheckHandler | null) {
      launch.permissionCheckHandler = handler;
    },
    setDevicePermissionHandler(handler: ((details: object) => boolean) | null) {
      launch.devicePermissionHandler = handler;
    },
  });
  return strict('session', {
    get defaultSession() {
      if (!launch.ready) throw new Error('Session can only be received when app is ready');
      return defaultSession;
    },
  });
}

export type IpcHandler = (event: object, ...args: unknown[]) => unknown;

export function createIpcMain(launch: Launch) {
  return strict('ipcMain', {
    handle(channel: string, handler: IpcHandler) {
      if (typeof channel !== 'string') throw new TypeError('ipcMain.handle: channel must be a string');
      if (launch.ipcHandlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
      launch.ipcHandlers.set(channel, handler);
    },
    removeHandler(channel: string) {
      launch.ipcHandlers.delete(channel);
    },
  });
}

export interface OpenDialogOptions {
  readonly title?: string;
  readonly properties?: readonly string[];
  readonly filters?: readonly { name: string; extensions: readonly string[] }[];
  readonly defaultPath?: string;
}
export interface SaveDialogOptions {
  readonly title?: string;
  readonly defaultPath?: string;
  readonly filters?: readonly { name: string; extensions: readonly string[] }[];
}

export interface MessageBoxOptions {
  readonly type?: string;
  readonly title?: string;
  readonly message: string;
  readonly detail?: string;
  readonly buttons?: readonly string[];
  readonly defaultId?: number;
  readonly cancelId?: number;
  readonly noLink?: boolean;
}

const OPEN_PROPERTIES = ['openFile', 'openDirectory', 'multiSelections', 'showHiddenFiles', 'createDirectory', 'promptToCreate', 'noResolveAliases', 'treatPackageAsDirectory', 'dontAddToRecent'];

export function createDialog(launch: Launch) {
  const parentAndOptions = <O extends object>(what: string, a: unknown, b: unknown): [StandInWindow | null, O] => {
    if (b === undefined) return [null, a as O];
    if (!launch.isWindow(a)) throw new TypeError(`dialog.${what}: the first argument must be a BrowserWindow`);
    return [a, b as O];
  };
  return strict('dialog', {
    async showOpenDialog(a: unknown, b?: unknown) {
      const [parent, options] = parentAndOptions<OpenDialogOptions>('showOpenDialog', a, b);
      onlyKnownKeys('showOpenDialog', options, ['title', 'properties', 'filters', 'defaultPath']);
      for (const p of options.properties ?? []) if (!OPEN_PROPERTIES.includes(p)) throw new TypeError(`showOpenDialog: unknown property ${p}`);
      const answer = launch.options.dialogs?.open;
      if (!answer) throw new NotImplemented(`an open dialog ("${options.title ?? ''}") the test scripted no answer for`);
      launch.record.dialogs.push({ kind: 'open', parent: parent !== null, options });
      const filePath = await answer(options);
      return filePath === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [filePath] };
    },
    async showSaveDialog(a: unknown, b?: unknown) {
      const [parent, options] = parentAndOptions<SaveDialogOptions>('showSaveDialog', a, b);
      onlyKnownKeys('showSaveDialog', options, ['title', 'defaultPath', 'filters']);
      const answer = launch.options.dialogs?.save;
      if (!answer) throw new NotImplemented(`a save dialog ("${options.title ?? ''}") the test scripted no answer for`);
      launch.record.dialogs.push({ kind: 'save', parent: parent !== null, options });
      const filePath = await answer(options);
      return filePath === null ? { canceled: true, filePath: '' } : { canceled: false, filePath };
    },
    async showMessageBox(a: unknown, b?: unknown) {
      const [parent, options] = parentAndOptions<MessageBoxOptions>('showMessageBox', a, b);
      onlyKnownKeys('showMessageBox', options, ['type', 'title', 'message', 'detail', 'buttons', 'defaultId', 'cancelId', 'noLink']);
      if (typeof options.message !== 'string') throw new TypeError('showMessageBox: message must be a string');
      if (options.type !== undefined && !['none', 'info', 'error', 'question', 'warning'].includes(options.type)) throw new TypeError(`showMessageBox: unknown type ${options.type}`);
      const buttons = options.buttons ?? ['OK'];
      const answer = launch.options.dialogs?.message;
      if (!answer) throw new NotImplemented(`a message box ("${options.message}") the test scripted no answer for`);
      launch.record.dialogs.push({ kind: 'message', parent: parent !== null, options });
      const response = await answer(options);
      if (!Number.isInteger(response) || response < 0 || response >= buttons.length) throw new RangeError(`showMessageBox: answer ${response} is no button of ${buttons.length}`);
      return { response, checkboxChecked: false };
    },
    showErrorBox(title: string, content: string) {
      if (typeof title !== 'string' || typeof content !== 'string') throw new TypeError('showErrorBox: title and content must be strings');
      launch.record.errorBoxes.push({ title, content });
    },
  });
}

const ROLES = new Set([
  'undo', 'redo', 'cut', 'copy', 'paste', 'pasteAndMatchStyle', 'delete', 'selectAll', 'reload', 'forceReload', 'toggleDevTools',
  'resetZoom', 'zoomIn', 'zoomOut', 'toggleSpellChecker', 'togglefullscreen', 'window', 'minimize', 'close', 'help', 'about',
  'services', 'hide', 'hideOthers', 'unhide', 'quit', 'showSubstitutions', 'toggleSmartQuotes', 'toggleSmartDashes',
  'toggleTextReplacement', 'startSpeaking', 'stopSpeaking', 'zoom', 'front', 'appMenu', 'fileMenu', 'editMenu', 'viewMenu',
  'shareMenu', 'recentDocuments', 'toggleTabBar', 'selectNextTab', 'selectPreviousTab', 'showAllTabs', 'mergeAllWindows',
  'clearRecentDocuments', 'moveTabToNewWindow', 'windowMenu',
]);

export interface MenuItemRecord {
  readonly label?: string;
  readonly role?: string;
  readonly type?: string;
  readonly submenu?: readonly MenuItemRecord[];
}

function checkTemplate(items: readonly MenuItemRecord[], where: string): MenuItemRecord[] {
  return items.map((item, i) => {
    onlyKnownKeys(`menu item ${where}[${i}]`, item, ['label', 'role', 'type', 'submenu', 'accelerator', 'enabled', 'visible']);
    if (item.role !== undefined && !ROLES.has(item.role)) throw new TypeError(`Invalid menu role: ${item.role}`);
    if (item.type !== undefined && !['normal', 'separator', 'submenu', 'checkbox', 'radio'].includes(item.type)) throw new TypeError(`Invalid menu item type: ${item.type}`);
    return { ...item, ...(item.submenu ? { submenu: checkTemplate(item.submenu, `${where}[${i}].submenu`) } : {}) };
  });
}

export function createMenu(launch: Launch) {
  return strict('Menu', {
    buildFromTemplate(template: readonly MenuItemRecord[]) {
      if (!Array.isArray(template)) throw new TypeError('Menu.buildFromTemplate: template must be an array');
      return strict('Menu instance', { items: checkTemplate(template, 'template') });
    },
    setApplicationMenu(menu: { items: MenuItemRecord[] } | null) {
      launch.record.applicationMenu = menu ? menu.items : null;
    },
  });
}
