// The e2e harness: the built renderer and the media handler on one loopback server, core in this
// process, and window.blindfold in the page built by the same buildApi as the preload, over
// page.exposeBinding. Every result and every media response can be recorded for the leak test.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';
import type { Page } from '@playwright/test';
import { createCore, type Core } from '../../../electron/core/app/core';
import { contentSecurityPolicy } from '../../../electron/core/app/csp';
import type { Host } from '../../../electron/core/app/host';
import { createStaticHandler } from '../../../electron/core/app/static';
import { fail, type Result } from '../../../electron/core/result';
import { serveFetch } from './http';

const here = path.dirname(fileURLToPath(import.meta.url));
export const RENDERER_DIR = path.resolve(here, '../../../out/renderer');

export interface CallRecord {
  readonly name: string;
  readonly input: unknown;
  readonly result: Result<unknown>;
}

export interface MediaRecord {
  readonly url: string;
  readonly status: number;
  readonly headers: Record<string, string>;
}

export interface Harness {
  readonly origin: string;
  /** The current core; replaced by restartCore(). */
  readonly core: Core;
  /** Closes core and opens the study again, as after a crash: sessions and media links are gone. */
  restartCore(): void;
  readonly calls: CallRecord[];
  readonly media: MediaRecord[];
  attach(page: Page): Promise<void>;
  close(): Promise<void>;
}

let shimSource: string | undefined;
function preloadShim(): string {
  shimSource ??= buildSync({
    entryPoints: [path.join(here, 'preload-shim.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
  }).outputFiles[0]!.text;
  return shimSource;
}

export async function startHarness(studyDir: string, options: { host?: Host } = {}): Promise<Harness> {
  if (!existsSync(path.join(RENDERER_DIR, 'index.html'))) {
    throw new Error('The renderer is not built: run `npm run build` first');
  }
  const calls: CallRecord[] = [];
  const media: MediaRecord[] = [];
  // Filled in once the server knows its port (the media URLs and the CSP need the origin).
  const live: { core?: Core; static?: (r: Request) => Promise<Response> } = {};
  const served = await serveFetch(async (request) => {
    if (!live.core || !live.static) return new Response(null, { status: 503 });
    if (new URL(request.url).pathname.startsWith('/media/')) {
      const response = await live.core.handleMedia(request);
      media.push({ url: request.url, status: response.status, headers: Object.fromEntries(response.headers.entries()) });
      return response;
    }
    return live.static(request);
  });
  const open = () => createCore({ studyDir, mediaBaseUrl: `${served.origin}/media/`, log: () => undefined, ...(options.host ? { host: options.host } : {}) });
  live.core = open();
  live.static = createStaticHandler(RENDERER_DIR, contentSecurityPolicy(served.origin));
  let pages = 0;

  return {
    origin: served.origin,
    get core() {
      return live.core!;
    },
    restartCore() {
      void live.core?.close();
      live.core = open();
    },
    calls,
    media,
    async attach(page) {
      const sessionKey = `page:${++pages}`;
      await page.exposeBinding('__blindfoldInvoke', async (source, name: string, input: unknown) => {
        // The same rule as main's IPC handlers: only the app's own top frame is answered.
        const frameUrl = source.frame.url();
        const result =
          source.frame !== page.mainFrame() || !frameUrl.startsWith(`${served.origin}/`)
            ? fail('foreign_origin', 'This call is only answered for the Blindfold window')
            : await live.core!.invoke(sessionKey, name, input);
        calls.push({ name, input, result });
        return result;
      });
      await page.addInitScript({ content: preloadShim() });
    },
    async close() {
      await served.close();
      await live.core?.close();
    },
  };
}
