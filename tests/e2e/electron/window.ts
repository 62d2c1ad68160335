// BrowserWindow and its webContents over a Playwright page. The window's webPreferences are
// checked (sandbox, context isolation, no Node); loadURL maps the app's schemes to what Chromium can
// load and rejects as Electron does (a URL over 2 MiB, an aborted navigation); a renderer crash is
// render-process-gone; the preload runs in its sandbox (preload.ts) for every document.
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { StandInEvent } from './events';
import { registry } from './registry';
import { NotImplemented, onlyKnownKeys, strict } from './strict';
import type { Launch } from './launch';
import { installPreload } from './preload';

/** Chromium's url::kMaxURLChars. */
const MAX_URL_CHARS = 2 * 1024 * 1024;

const WINDOW_OPTIONS = ['width', 'height', 'minWidth', 'minHeight', 'title', 'show', 'backgroundColor', 'webPreferences'];
const WEB_PREFERENCES = [
  'preload', 'contextIsolation', 'sandbox', 'nodeIntegration', 'nodeIntegrationInWorker', 'nodeIntegrationInSubFrames',
  'webSecurity', 'allowRunningInsecureContent', 'webviewTag', 'spellcheck', 'navigateOnDragDrop', 'devTools', 'javascript',
];

export interface WebPreferencesRecord {
  readonly preload?: string;
  readonly contextIsolation?: boolean;
  readonly sandbox?: boolean;
  readonly nodeIntegration?: boolean;
  readonly devTools?: boolean;
  readonly javascript?: boolean;
  readonly [key: string]: unknown;
}

function checkWebPreferences(prefs: WebPreferencesRecord): void {
  onlyKnownKeys('webPreferences', prefs, WEB_PREFERENCES);
  if (prefs.sandbox !== true) throw new Error('electron stand-in: a window without sandbox: true (Blindfold never opens one)');
  if (prefs.contextIsolation === false) throw new Error('electron stand-in: a window without context isolation');
  if (prefs.nodeIntegration === true || prefs['nodeIntegrationInWorker'] === true || prefs['nodeIntegrationInSubFrames'] === true) {
    throw new Error('electron stand-in: a window with Node integration');
  }
  if (prefs.preload !== undefined) {
    if (!path.isAbsolute(prefs.preload)) throw new Error(`The preload path must be absolute: ${prefs.preload}`);
    if (!existsSync(prefs.preload)) throw new Error(`Unable to load preload script: ${prefs.preload}`);
  }
}

export class StandInWebContents extends EventEmitter {
  readonly id = registry.nextWebContents++;
  windowOpenHandler: ((details: object) => { action: string }) | null = null;
  destroyed = false;
  /** URLs (page form) that main itself is loading: no will-navigate for those. */
  readonly programmatic = new Set<string>();
  readonly mainFrame: { readonly url: string; readonly frameTreeNodeId: number };

  constructor(
    private readonly launch: Launch,
    readonly owner: StandInWindow,
  ) {
    super();
    this.mainFrame = strict('WebFrameMain', {
      get url() {
        return owner.page ? launch.schemes.mainUrl(owner.page.mainFrame().url()) : '';
      },
      frameTreeNodeId: 1,
    });
  }

  setWindowOpenHandler(handler: (details: object) => { action: string }): void {
    this.windowOpenHandler = handler;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  getURL(): string {
    return this.mainFrame.url;
  }

  async loadURL(url: string): Promise<void> {
    if (this.destroyed) throw new Error('Object has been destroyed');
    if (url.length > MAX_URL_CHARS) throw new Error(`ERR_INVALID_URL (-300) loading '${url.slice(0, 64)}…' (${url.length} characters; Chromium's limit is ${MAX_URL_CHARS})`);
    const page = await this.owner.pageReady;
    const target = this.launch.schemes.toPage(url);
    this.programmatic.add(target);
    try {
      await page.goto(target, { waitUntil: 'load' });
    } catch (error) {
      throw new Error(`ERR_ABORTED (-3) loading '${url}': ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
    } finally {
      this.programmatic.delete(target);
    }
    this.emit('did-finish-load', new StandInEvent());
    this.owner.firstLoaded();
  }

  reload(): void {
    if (this.destroyed) return;
    if (this.owner.crashed) {
      // A new renderer for the same webContents, as Electron starts one on reload after a crash.
      void this.owner.reopen().then(
        () => this.emit('did-finish-load', new StandInEvent()),
        (error: unknown) => this.launch.record.errors.push(`reload after crash: ${String(error)}`),
      );
      return;
    }
    const page = this.owner.page;
    if (!page) return;
    this.programmatic.add(page.url());
    void page.reload({ waitUntil: 'load' }).then(
      () => this.emit('did-finish-load', new StandInEvent()),
      (error: unknown) => this.launch.record.errors.push(`reload: ${String(error)}`),
    );
  }

  async printToPDF(options: { printBackground?: boolean; pageSize?: string; landscape?: boolean }): Promise<Buffer> {
    onlyKnownKeys('printToPDF', options, ['printBackground', 'pageSize', 'landscape']);
    const page = await this.owner.pageReady;
    await this.launch.options.onPrint?.(page);
    if (options.pageSize !== undefined && !['A3', 'A4', 'A5', 'Legal', 'Letter', 'Tabloid'].includes(options.pageSize)) {
      throw new NotImplemented(`printToPDF pageSize ${options.pageSize}`);
    }
    return page.pdf({ printBackground: options.printBackground ?? false, format: options.pageSize ?? 'Letter', landscape: options.landscape ?? false });
  }
}

export class StandInWindow extends EventEmitter {
  readonly webContents: StandInWebContents;
  pageReady: Promise<Page>;
  page: Page | null = null;
  /** The renderer died: Playwright closes a crashed page, so reload() opens a new one here. */
  crashed = false;
  private lastUrl: string | null = null;
  readonly webPreferences: WebPreferencesRecord;
  private destroyedFlag = false;
  private loadedOnce = false;
  private minimized = false;
  visible = false;
  focusCount = 0;
  title: string;
  /** The object main holds for this window (what `new BrowserWindow` returned: the strict proxy). */
  handle: StandInWindow = this;

  constructor(
    private readonly launch: Launch,
    readonly options: { width?: number; height?: number; title?: string; show?: boolean; webPreferences?: WebPreferencesRecord; [k: string]: unknown },
  ) {
    super();
    onlyKnownKeys('BrowserWindow', options, WINDOW_OPTIONS);
    if (!launch.ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.webPreferences = { ...options.webPreferences };
    checkWebPreferences(this.webPreferences);
    this.title = options.title ?? 'Electron';
    this.webContents = strict('webContents', new StandInWebContents(launch, this));
    launch.windows.push(this);
    this.pageReady = this.openPage();
    // Surface a page that could not be made through loadURL, not as an unhandled rejection.
    this.pageReady.catch(() => undefined);
    launch.electron.app.emit('web-contents-created', new StandInEvent(), this.webContents);
    if (options.show !== false) this.visible = true;
  }

  private async openPage(): Promise<Page> {
    const page = await this.launch.context.newPage();
    this.page = page;
    // Recorded before the first navigation, so nothing a document logs is missed.
    page.on('console', (m) => this.launch.record.console.push({ type: m.type(), text: m.text(), url: this.launch.schemes.mainUrl(m.location().url) }));
    page.on('pageerror', (e) => this.launch.record.console.push({ type: 'pageerror', text: e.stack ?? e.message, url: this.launch.schemes.mainUrl(page.url()) }));
    const viewport = this.launch.options.viewport ?? { width: this.options.width ?? 800, height: this.options.height ?? 600 };
    await page.setViewportSize(viewport);
    if (this.webPreferences.javascript === false) {
      const cdp = await this.launch.context.newCDPSession(page);
      await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
    }
    if (this.webPreferences.preload) await installPreload(this.launch, this, this.webPreferences.preload);
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) this.lastUrl = frame.url();
    });
    page.on('crash', () => {
      this.crashed = true;
      if (this.page === page) this.page = null;
      this.webContents.emit('render-process-gone', new StandInEvent(), { reason: 'crashed', exitCode: 139 });
    });
    page.on('close', () => {
      if (!this.crashed) this.closedByPage();
    });
    return page;
  }

  async reopen(): Promise<Page> {
    const url = this.lastUrl;
    this.crashed = false;
    this.pageReady = this.openPage();
    const page = await this.pageReady;
    if (url) {
      this.webContents.programmatic.add(url);
      await page.goto(url, { waitUntil: 'load' });
    }
    return page;
  }

  firstLoaded(): void {
    if (this.loadedOnce) return;
    this.loadedOnce = true;
    this.emit('ready-to-show', new StandInEvent());
  }

  loadURL(url: string): Promise<void> {
    return this.webContents.loadURL(url);
  }
  show(): void {
    this.visible = true;
    this.minimized = false;
  }
  hide(): void {
    this.visible = false;
  }
  focus(): void {
    this.focusCount++;
  }
  minimize(): void {
    this.minimized = true;
  }
  restore(): void {
    this.minimized = false;
  }
  isMinimized(): boolean {
    return this.minimized;
  }
  isVisible(): boolean {
    return this.visible;
  }
  isDestroyed(): boolean {
    return this.destroyedFlag;
  }
  getTitle(): string {
    return this.title;
  }
  setTitle(title: string): void {
    this.title = title;
  }

  /** The user closing the window: 'close' (preventable), then the page goes. */
  close(): void {
    if (this.destroyedFlag) return;
    const event = new StandInEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return;
    this.destroy();
  }

  destroy(): void {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    void this.pageReady.then((page) => page.close()).catch(() => undefined);
    this.finish();
  }

  async closeForQuit(): Promise<void> {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    await this.pageReady.then((page) => page.close()).catch(() => undefined);
    this.finish(true);
  }

  private closedByPage(): void {
    if (this.destroyedFlag) return;
    this.destroyedFlag = true;
    this.finish();
  }

  private finish(quitting = false): void {
    this.webContents.destroyed = true;
    this.webContents.emit('destroyed', new StandInEvent());
    const index = this.launch.windows.indexOf(this);
    if (index >= 0) this.launch.windows.splice(index, 1);
    this.emit('closed', new StandInEvent());
    if (!quitting && this.launch.windows.length === 0) this.launch.windowAllClosed();
  }
}

export interface BrowserWindowClass {
  new (options?: ConstructorParameters<typeof StandInWindow>[1]): StandInWindow;
  getAllWindows(): StandInWindow[];
}

export function createBrowserWindowClass(launch: Launch): BrowserWindowClass {
  return class BrowserWindow extends StandInWindow {
    constructor(options: ConstructorParameters<typeof StandInWindow>[1] = {}) {
      super(launch, options);
      this.handle = strict('BrowserWindow', this);
      return this.handle;
    }
    static getAllWindows(): StandInWindow[] {
      return launch.windows.map((w) => w.handle);
    }
  };
}
