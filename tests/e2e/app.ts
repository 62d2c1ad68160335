// The e2e specs' view of the shipped app: the built main and preload launched under the electron
// stand-in on a study folder, its window's page, and what crossed the boundary as the specs read
// it — contract calls by name, media responses — kept across restarts of the app. In the
// Playwright project "server" the same specs get a ServedApp instead (./served.ts): the study
// behind a real `blindfold serve` over HTTPS, opened in Chromium with no preload at all.
import Database from 'better-sqlite3';
import type { SqliteDb } from '../../db/engine';
import { asSqliteDb } from '../../db/open';
import { test, type Browser, type Page } from '@playwright/test';
import { launchApp, type LaunchedApp, type LaunchOptions, type ResponseRecord } from './electron/launch';
import { ServedApp } from './served';

const CHANNEL_PREFIX = 'blindfold:';
export const MEDIA_SCHEME = 'blindfold-media:';

export interface CallRecord {
  readonly name: string;
  readonly input: unknown;
  readonly result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

export type AppOptions = Omit<LaunchOptions, 'browser' | 'env'> & { readonly env?: LaunchOptions['env'] };

/** What a spec may ask of the app, whichever way it runs. */
export interface E2eApp {
  readonly mode: 'electron' | 'server';
  readonly studyDir: string;
  page(): Promise<Page>;
  readonly calls: CallRecord[];
  readonly media: ResponseRecord[];
  readonly responses: ResponseRecord[];
  /** Waits until every response recorded so far has its body (the server's are read from the browser). */
  settle(): Promise<void>;
  /** Everything else that crossed the transport, as text: IPC records, or the HTTP exchanges' headers. */
  transcript(): string;
  /** The window's console messages and page errors. */
  consoleText(): string[];
  windowTitle(): Promise<string>;
  /** What the study server logged (nothing in the desktop app). */
  serverLog(): string[];
  /** Requests a URL as the app's window would, in its session. */
  fetch(url: string, init?: RequestInit): Promise<Response>;
  restart(): Promise<Page>;
  db(): SqliteDb;
  close(): Promise<void>;
}

export type TestApp = E2eApp;

/** The project the running spec belongs to decides how the app runs. */
export const serverMode = (): boolean => test.info().project.name === 'server';

export const TestApp = {
  async open(browser: Browser, studyDir: string, options: AppOptions = {}): Promise<E2eApp> {
    if (serverMode()) {
      // A served study has no native dialogs or printer (core's Host is NO_HOST there): a spec's
      // dialog answers go unused, and its steps that save files are desktop-only (test.skip).
      return ServedApp.open(browser, studyDir, { ...(options.viewport ? { viewport: options.viewport } : {}), ...(options.env ? { env: options.env as Record<string, string> } : {}) });
    }
    return ElectronApp.open(browser, studyDir, options);
  },
};

export class ElectronApp implements E2eApp {
  readonly mode = 'electron' as const;
  private readonly earlier: LaunchedApp[] = [];
  private database: SqliteDb | null = null;

  private constructor(
    private readonly browser: Browser,
    readonly studyDir: string,
    private readonly options: AppOptions,
    private current: LaunchedApp,
  ) {}

  static async open(browser: Browser, studyDir: string, options: AppOptions = {}): Promise<ElectronApp> {
    return new ElectronApp(browser, studyDir, options, await launchApp(ElectronApp.launchOptions(browser, studyDir, options)));
  }

  private static launchOptions(browser: Browser, studyDir: string, options: AppOptions): LaunchOptions {
    return { viewport: { width: 1280, height: 860 }, ...options, browser, env: { BLINDFOLD_STUDY: studyDir, ...options.env } };
  }

  get launched(): LaunchedApp {
    return this.current;
  }

  /** The app window's page, once the app has loaded. */
  page(): Promise<Page> {
    return this.current.window();
  }

  /** Every contract call the window made, in order, with the result main sent back. */
  get calls(): CallRecord[] {
    return [...this.earlier, this.current].flatMap((l) =>
      l.launch.record.ipc
        .filter((r) => r.channel.startsWith(CHANNEL_PREFIX))
        .map((r) => ({ name: r.channel.slice(CHANNEL_PREFIX.length), input: r.args[0], result: r.result as CallRecord['result'] })),
    );
  }

  /** Every response of the media scheme's handler. */
  get media(): ResponseRecord[] {
    return this.responses.filter((r) => r.url.startsWith(MEDIA_SCHEME));
  }

  get responses(): ResponseRecord[] {
    return [...this.earlier, this.current].flatMap((l) => l.launch.record.responses);
  }

  async settle(): Promise<void> {}

  transcript(): string {
    return JSON.stringify([...this.earlier, this.current].flatMap((l) => l.launch.record.ipc));
  }

  consoleText(): string[] {
    return [...this.earlier, this.current].flatMap((l) => l.launch.record.console.map((m) => `${m.type} ${m.url} ${m.text}`));
  }

  async windowTitle(): Promise<string> {
    return this.current.launch.windows[0]?.getTitle() ?? '';
  }

  serverLog(): string[] {
    return [];
  }

  fetch(url: string, init?: RequestInit): Promise<Response> {
    return this.current.fetch(url, init);
  }

  /** Quits the app and starts it again on the same study: sessions and media links are gone. */
  async restart(): Promise<Page> {
    await this.current.quit();
    this.earlier.push(this.current);
    this.current = await launchApp(ElectronApp.launchOptions(this.browser, this.studyDir, { ...this.options, userData: this.current.launch.userData }));
    return this.page();
  }

  /** The study's database, read-only, beside the running app (WAL lets both read). */
  db(): SqliteDb {
    this.database ??= asSqliteDb(new Database(`${this.studyDir}/study.sqlite`, { readonly: true, fileMustExist: true }));
    return this.database;
  }

  async close(): Promise<void> {
    this.database?.close();
    this.database = null;
    if (!this.current.launch.ended) await this.current.quit();
  }
}
