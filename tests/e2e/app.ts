// The e2e specs' view of the shipped app: the built main and preload launched under the electron
// stand-in on a study folder, its window's page, and what crossed the boundary as the specs read
// it — contract calls by name, media responses — kept across restarts of the app.
import Database from 'better-sqlite3';
import type { Browser, Page } from '@playwright/test';
import { launchApp, type LaunchedApp, type LaunchOptions, type ResponseRecord } from './electron/launch';

const CHANNEL_PREFIX = 'blindfold:';
export const MEDIA_SCHEME = 'blindfold-media:';

export interface CallRecord {
  readonly name: string;
  readonly input: unknown;
  readonly result: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

export type AppOptions = Omit<LaunchOptions, 'browser' | 'env'> & { readonly env?: LaunchOptions['env'] };

export class TestApp {
  private readonly earlier: LaunchedApp[] = [];
  private database: Database.Database | null = null;

  private constructor(
    private readonly browser: Browser,
    readonly studyDir: string,
    private readonly options: AppOptions,
    private current: LaunchedApp,
  ) {}

  static async open(browser: Browser, studyDir: string, options: AppOptions = {}): Promise<TestApp> {
    return new TestApp(browser, studyDir, options, await launchApp(TestApp.launchOptions(browser, studyDir, options)));
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

  /** Quits the app and starts it again on the same study: sessions and media links are gone. */
  async restart(): Promise<Page> {
    await this.current.quit();
    this.earlier.push(this.current);
    this.current = await launchApp(TestApp.launchOptions(this.browser, this.studyDir, { ...this.options, userData: this.current.launch.userData }));
    return this.page();
  }

  /** The study's database, read-only, beside the running app (WAL lets both read). */
  db(): Database.Database {
    this.database ??= new Database(`${this.studyDir}/study.sqlite`, { readonly: true, fileMustExist: true });
    return this.database;
  }

  async close(): Promise<void> {
    this.database?.close();
    this.database = null;
    if (!this.current.launch.ended) await this.current.quit();
  }
}
