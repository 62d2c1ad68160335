// Launching the built app under the stand-in: `launchApp` imports out/main/index.js unchanged (a
// fresh copy per launch), its `electron` resolved to this folder, with a Chromium context from
// Playwright as the app's session. What main does is recorded for the tests: every IPC call and its
// result, every response of its protocol handlers, dialogs, permission requests, navigations.
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import { createApp } from './app';
import { StandInEvent } from './events';
import { hookElectron } from './hooks';
import { installPermissions } from './permissions';
import { registry } from './registry';
import { routeRequest } from './routing';
import { SchemeMap, type SchemePrivileges } from './schemes';
import { createSafeStorage } from './safeStorage';
import { createDialog, createIpcMain, createMenu, createProtocol, createSession, type IpcHandler, type MenuItemRecord, type OpenDialogOptions, type ProtocolHandler, type SaveDialogOptions, type MessageBoxOptions } from './services';
import { createBrowserWindowClass, StandInWindow } from './window';

export const MAIN_BUNDLE = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../../out/main/index.js');

export interface LaunchOptions {
  readonly browser: Browser;
  /** The user-data folder; a new temporary one by default. */
  readonly userData?: string;
  /** Environment variables for this launch (BLINDFOLD_STUDY, say), restored when it ends. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly packaged?: boolean;
  readonly viewport?: { width: number; height: number };
  /** Called with the page about to be printed by printToPDF (a test's screenshot of it, say). */
  readonly onPrint?: (page: Page) => Promise<void>;
  /** Answers to native dialogs; a dialog with no script throws. null is "cancelled". */
  readonly dialogs?: {
    readonly open?: (options: OpenDialogOptions) => string | null | Promise<string | null>;
    readonly save?: (options: SaveDialogOptions) => string | null | Promise<string | null>;
    /** The index of the button the user clicks. */
    readonly message?: (options: MessageBoxOptions) => number | Promise<number>;
  };
}

export interface IpcRecord {
  readonly channel: string;
  readonly args: readonly unknown[];
  readonly frameUrl: string;
  readonly result?: unknown;
  readonly error?: string;
}

export interface ResponseRecord {
  readonly url: string;
  readonly method: string;
  readonly resourceType: string;
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly requestHeaders: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

export class Launch {
  readonly id = registry.nextLaunch++;
  readonly userData: string;
  readonly schemes: SchemeMap;
  ready = false;
  ended = false;
  exitCode: number | null = null;
  readonly readyPromise: Promise<void>;
  private markReady!: () => void;
  readonly endedPromise: Promise<number>;
  private markEnded!: (code: number) => void;
  privileged: Map<string, SchemePrivileges> | null = null;
  readonly protocolHandlers = new Map<string, ProtocolHandler>();
  readonly ipcHandlers = new Map<string, IpcHandler>();
  permissionRequestHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void, details: object) => void) | null = null;
  permissionCheckHandler: unknown = null;
  devicePermissionHandler: unknown = null;
  readonly windows: StandInWindow[] = [];
  windowAllClosed: () => void = () => undefined;
  context!: BrowserContext;
  private savedEnv: Record<string, string | undefined> = {};
  readonly record = {
    ipc: [] as IpcRecord[],
    responses: [] as ResponseRecord[],
    errorBoxes: [] as { title: string; content: string }[],
    dialogs: [] as { kind: 'open' | 'save' | 'message'; parent: boolean; options: object }[],
    permissions: [] as { permission: string; requestingUrl: string; granted: boolean }[],
    navigations: [] as { url: string; prevented: boolean }[],
    blocked: [] as { url: string; reason: string }[],
    external: [] as { url: string }[],
    files: [] as { url: string }[],
    errors: [] as string[],
    /** Every window's console messages and uncaught page errors (type 'pageerror'), from its first document on. */
    console: [] as { type: string; text: string; url: string }[],
    applicationMenu: undefined as readonly MenuItemRecord[] | null | undefined,
  };
  readonly electron: {
    app: ReturnType<typeof createApp>;
    BrowserWindow: ReturnType<typeof createBrowserWindowClass>;
    dialog: ReturnType<typeof createDialog>;
    ipcMain: ReturnType<typeof createIpcMain>;
    Menu: ReturnType<typeof createMenu>;
    protocol: ReturnType<typeof createProtocol>;
    session: ReturnType<typeof createSession>;
    safeStorage: ReturnType<typeof createSafeStorage>;
  };

  constructor(readonly options: LaunchOptions) {
    this.userData = options.userData ?? mkdtempSync(path.join(os.tmpdir(), 'blindfold-userdata-'));
    this.schemes = new SchemeMap(() => this.privileged ?? new Map());
    this.readyPromise = new Promise((resolve) => (this.markReady = resolve));
    this.endedPromise = new Promise((resolve) => (this.markEnded = resolve));
    this.electron = {
      app: createApp(this),
      BrowserWindow: createBrowserWindowClass(this),
      dialog: createDialog(this),
      ipcMain: createIpcMain(this),
      Menu: createMenu(this),
      protocol: createProtocol(this),
      session: createSession(this),
      safeStorage: createSafeStorage(this),
    };
  }

  /** A window of this launch as main holds it (the object `new BrowserWindow` returned). */
  isWindow(value: unknown): value is StandInWindow {
    return value instanceof StandInWindow && this.windows.some((w) => w.handle === value);
  }

  /** ipcRenderer.invoke from a window's preload: arguments and result structured-cloned, as Electron's IPC does. */
  async invokeFromRenderer(window: StandInWindow, channel: string, args: readonly unknown[]): Promise<unknown> {
    const cloned = structuredClone([...args]);
    const frameUrl = window.webContents.mainFrame.url;
    const handler = this.ipcHandlers.get(channel);
    if (!handler) {
      this.record.ipc.push({ channel, args: cloned, frameUrl, error: 'no handler' });
      throw new Error(`Error invoking remote method '${channel}': Error: No handler registered for '${channel}'`);
    }
    const event = new StandInEvent({ sender: window.webContents, senderFrame: window.webContents.mainFrame, frameId: 1, processId: 1, type: 'frame' });
    try {
      const result = structuredClone(await handler(event, ...cloned));
      this.record.ipc.push({ channel, args: cloned, frameUrl, result });
      return result;
    } catch (error) {
      this.record.ipc.push({ channel, args: cloned, frameUrl, error: String(error) });
      throw new Error(`Error invoking remote method '${channel}': ${String(error)}`, { cause: error });
    }
  }

  async start(): Promise<void> {
    hookElectron();
    registry.launches.set(this.id, this);
    this.context = await this.options.browser.newContext({ serviceWorkers: 'block', acceptDownloads: false });
    await this.context.route('**/*', (route, request) => routeRequest(this, route, request));
    await installPermissions(this, this.context);
    this.context.on('page', (page) => void this.popup(page));
    for (const [name, value] of Object.entries(this.options.env ?? {})) {
      this.savedEnv[name] = process.env[name];
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    // The main script runs to its end; then, as in Electron, the app becomes ready.
    await import(`${pathToFileURL(MAIN_BUNDLE).href}?launch=${this.id}`);
    this.ready = true;
    this.electron.app.emit('ready', new StandInEvent(), {});
    this.markReady();
  }

  /** A new page that did not come through window.open (a target=_blank link, say): not implemented. */
  private async popup(page: Page): Promise<void> {
    const opener = await page.opener();
    if (!opener || !this.windows.some((w) => w.page === opener)) return;
    this.record.errors.push(`a new window opened without window.open (${page.url()}): the stand-in does not implement it`);
    console.error(this.record.errors.at(-1));
    await page.close();
  }

  async end(code: number): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.exitCode = code;
    for (const window of [...this.windows]) await window.closeForQuit();
    if (registry.instanceLocks.get(this.userData) === this) registry.instanceLocks.delete(this.userData);
    for (const [name, value] of Object.entries(this.savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await this.context?.close().catch(() => undefined);
    this.markEnded(code);
  }
}

export interface LaunchedApp {
  readonly launch: Launch;
  /** The first window's page once it has loaded `url` (the app's index page by default, in its page form). */
  window(url?: string): Promise<Page>;
  /** Quits as the user would (before-quit, windows closed) and waits for the app to end. */
  quit(): Promise<number>;
  /** A request through main's protocol handlers, as the window's session would make it. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  /**
   * Navigates the window as a compromised renderer or a redirect could, bypassing will-navigate:
   * the preload runs there too, so main's own origin check is what stands between it and the study.
   */
  forceNavigate(url: string, window?: number): Promise<Page>;
  /** Makes the window's renderer crash (CDP Page.crash). */
  crash(window?: number): Promise<void>;
}

export async function launchApp(options: LaunchOptions): Promise<LaunchedApp> {
  const launch = new Launch(options);
  await launch.start();
  return {
    launch,
    async window(url = 'blindfold://app/index.html') {
      const deadline = Date.now() + 60_000;
      const target = launch.schemes.toPage(url);
      for (;;) {
        const page = launch.windows[0]?.page;
        if (page && !page.isClosed() && page.url() === target) {
          await page.waitForLoadState('load');
          return page;
        }
        if (launch.ended) throw new Error(`the app ended (exit code ${launch.exitCode}) before its window loaded ${url}: ${JSON.stringify(launch.record.errorBoxes)}`);
        if (Date.now() > deadline) throw new Error(`the app's window did not load ${url} within 60 s (it shows ${page?.url() ?? 'nothing'})`);
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    async quit() {
      launch.electron.app.quit();
      const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('the app did not quit within 30 s')), 30_000).unref());
      return Promise.race([launch.endedPromise, timeout]);
    },
    async fetch(url, init) {
      const target = new URL(url);
      const handler = launch.protocolHandlers.get(target.protocol.slice(0, -1));
      if (!handler) throw new Error(`no protocol handler for ${url}`);
      return handler(new Request(url, init));
    },
    async forceNavigate(url, index = 0) {
      const window = launch.windows[index];
      if (!window?.page) throw new Error(`no window ${index}`);
      const target = launch.schemes.toPage(url);
      window.webContents.programmatic.add(target);
      await window.page.goto(target);
      return window.page;
    },
    async crash(index = 0) {
      const page = launch.windows[index]?.page;
      if (!page) throw new Error(`no window ${index}`);
      const crashed = new Promise((resolve) => page.once('crash', resolve));
      const cdp = await launch.context.newCDPSession(page);
      // The renderer dies before it can answer: the command fails or never returns.
      void cdp.send('Page.crash').catch(() => undefined);
      const late = new Promise((_, reject) => setTimeout(() => reject(new Error('the renderer did not crash within 10 s')), 10_000).unref());
      await Promise.race([crashed, late]);
    },
  };
}
