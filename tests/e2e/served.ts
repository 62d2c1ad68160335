// The e2e specs' view of a study served by a real `blindfold serve` (bin/blindfold.mjs, the CLI a
// user runs) over HTTPS on loopback, opened by Chromium as a coder at another site would open it:
// no preload, no stand-in, nothing between the page and the server but TLS. What the browser
// received — every response's status, headers and body, the API's results, the media bytes — is
// recorded from the browser's side, for the same assertions the desktop specs make.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { Browser, BrowserContext, Page } from '@playwright/test';
import type { ResponseRecord } from './electron/launch';
import type { CallRecord, E2eApp } from './app';
import { testCertificate } from '../support/tls';

export interface RunningServer {
  readonly url: string;
  readonly process: ChildProcess;
  readonly log: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `blindfold serve` on the study and resolves once it says where it listens. */
export function startServer(studyDir: string, options: { port?: number; env?: Readonly<Record<string, string>> } = {}): Promise<RunningServer> {
  const { cert, key } = testCertificate();
  const child = spawn(
    process.execPath,
    [path.resolve('bin/blindfold.mjs'), 'serve', studyDir, '--listen', `127.0.0.1:${options.port ?? 0}`, '--tls-cert', cert, '--tls-key', key],
    { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const log: string[] = [];
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => log.push(...chunk.split('\n').filter(Boolean)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`blindfold serve did not start within 30 s:\n${out}\n${log.join('\n')}`)), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`blindfold serve exited with ${code}:\n${out}\n${log.join('\n')}`));
    });
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /serving the study at (https:\/\/\S+)/.exec(out);
      if (!match) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      const exited = new Promise<void>((done) => child.once('exit', () => done()));
      resolve({
        url: match[1]!,
        process: child,
        log,
        stop: async (signal = 'SIGTERM') => {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          const gone = async () => {
            for (let i = 0; i < 200; i++) {
              try {
                process.kill(child.pid!, 0);
              } catch {
                return;
              }
              await new Promise((r) => setTimeout(r, 50));
            }
            child.kill('SIGKILL');
            throw new Error('blindfold serve did not stop within 10 s of ' + signal);
          };
          await Promise.race([exited, gone()]);
        },
      });
    });
  });
}

type Recorded = { -readonly [K in keyof ResponseRecord]: ResponseRecord[K] };

export class ServedApp implements E2eApp {
  readonly mode = 'server' as const;
  private readonly records: Recorded[] = [];
  private readonly pending = new Set<Promise<void>>();
  private readonly consoleLines: string[] = [];
  private current: Page | null = null;
  private database: Database.Database | null = null;

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

  db(): Database.Database {
    this.database ??= new Database(`${this.studyDir}/study.sqlite`, { readonly: true, fileMustExist: true });
    return this.database;
  }

  async close(): Promise<void> {
    this.database?.close();
    this.database = null;
    await this.context.close();
    await this.server.stop();
  }
}
