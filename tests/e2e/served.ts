// The e2e specs' view of a study served by a real `blindfold serve` (bin/blindfold.mjs, the CLI a
// user runs) over HTTPS on loopback, opened by Chromium as a coder at another site would open it:
// no preload, no stand-in, nothing between the page and the server but TLS. What the browser
// received — every response's status, headers and body, the API's results, the media bytes — is
// recorded from the browser's side, for the same assertions the desktop specs make.
import Database from 'better-sqlite3';
import type { SqliteDb } from '../../db/engine';
import { asSqliteDb } from '../../db/open';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ResponseRecord } from './electron/launch';
import type { CallRecord, E2eApp } from './app';
import { startServer, type RunningServer } from '../support/serve';

type Recorded = { -readonly [K in keyof ResponseRecord]: ResponseRecord[K] };

export class ServedApp implements E2eApp {
  readonly mode = 'server' as const;
  private readonly records: Recorded[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly consoleLines: string[] = [];
  private current: Page | null = null;
  private database: SqliteDb | null = null;

  private constructor(
    readonly studyDir: string,
    private readonly context: BrowserContext,
    private server: RunningServer,
    private readonly env: Readonly<Record<string, string>>,
  ) {
    context.on('response', (response) => {
      const url = new URL(response.url());
      const request = response.request();
      const record: Recorded = {
        url: url.origin === new URL(this.server.url).origin ? `${url.pathname}${url.search}` : response.url(),
        method: request.method(),
        resourceType: request.resourceType(),
        status: response.status(),
        headers: response.headers(),
        requestHeaders: request.headers(),
        body: Buffer.alloc(0),
      };
      this.records.push(record);
      const read = response
        .body()
        .then((body) => void (record.body = body))
        .catch(() => undefined)
        .finally(() => this.pending.delete(read));
      this.pending.add(read);
    });
  }

  static async open(browser: Browser, studyDir: string, options: { viewport?: { width: number; height: number }; env?: Readonly<Record<string, string>> } = {}): Promise<ServedApp> {
    const env = options.env ?? {};
    const server = await startServer(studyDir, { env });
    // The certificate is self-signed, as a trial unit's test server may be: the browser is told to
    // accept it (a coder's browser would show the warning once, or trust the unit's own CA).
    const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: options.viewport ?? { width: 1280, height: 860 } });
    return new ServedApp(studyDir, context, server, env);
  }

  get url(): string {
    return this.server.url;
  }

  serverLog(): string[] {
    return [...this.server.log];
  }

  async page(): Promise<Page> {
    if (this.current && !this.current.isClosed()) return this.current;
    const page = await this.context.newPage();
    page.on('console', (m) => this.consoleLines.push(`${m.type()} ${m.location().url} ${m.text()}`));
    page.on('pageerror', (e) => this.consoleLines.push(`pageerror ${e.message}`));
    await page.goto(`${this.server.url}/`);
    this.current = page;
    return page;
  }

  get calls(): CallRecord[] {
    return this.records
      .filter((r) => r.url.startsWith('/api/') && r.method === 'POST')
      .map((r) => {
        let result: CallRecord['result'] = { ok: false, error: { code: 'unread', message: 'body not read' } };
        try {
          result = JSON.parse(r.body.toString('utf8')) as CallRecord['result'];
        } catch {
          /* recorded as unread */
        }
        return { name: r.url.slice('/api/'.length), input: null, result };
      });
  }

  get media(): ResponseRecord[] {
    return this.records.filter((r) => r.url.startsWith('/media/'));
  }

  get responses(): ResponseRecord[] {
    return [...this.records];
  }

  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  transcript(): string {
    return JSON.stringify(this.records.map((r) => ({ url: r.url, status: r.status, headers: r.headers, requestHeaders: r.requestHeaders })));
  }

  consoleText(): string[] {
    return [...this.consoleLines];
  }

  async windowTitle(): Promise<string> {
    return (await this.page()).title();
  }

  async fetch(url: string, init: { headers?: Record<string, string> } = {}): Promise<Response> {
    const response = await this.context.request.get(new URL(url, this.server.url).toString(), { headers: init.headers ?? {} });
    return new Response(response.status() === 204 || response.status() === 304 ? null : new Uint8Array(await response.body()), { status: response.status(), headers: response.headers() });
  }

  async restart(): Promise<Page> {
    const port = Number(new URL(this.server.url).port);
    await this.server.stop();
    this.server = await startServer(this.studyDir, { port, env: this.env });
    const page = await this.page();
    await page.reload();
    return page;
  }

  db(): SqliteDb {
    this.database ??= asSqliteDb(new Database(`${this.studyDir}/study.sqlite`, { readonly: true, fileMustExist: true }));
    return this.database;
  }

  async close(): Promise<void> {
    this.database?.close();
    this.database = null;
    await this.context.close();
    await this.server.stop();
  }
}
