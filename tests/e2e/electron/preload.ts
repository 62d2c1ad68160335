// The preload as Electron runs it with sandbox and contextIsolation: one CommonJS file, run anew for
// every document of the window in its own context (node:vm), whose `require` has only what a
// sandboxed preload has — electron's contextBridge and ipcRenderer, events, timers, url. What it
// exposes with contextBridge.exposeInMainWorld reaches the page as Electron's bridge passes it:
// functions proxied (their arguments and results structured-cloned), other values cloned.
// ipcRenderer.invoke reaches the handler main registered with ipcMain.handle, with the window's
// webContents as sender and its main frame, whose URL is the page's, as senderFrame.
import { randomBytes } from 'node:crypto';
import events from 'node:events';
import { readFileSync } from 'node:fs';
import timers from 'node:timers';
import url from 'node:url';
import vm from 'node:vm';
import { NotImplemented, strict } from './strict';
import type { Launch } from './launch';
import type { StandInWindow } from './window';

type Shape = { kind: 'function' } | { kind: 'value'; value: unknown } | { kind: 'object'; entries: Record<string, Shape> };

interface World {
  readonly exposed: Map<string, unknown>;
}

function shapeOf(value: unknown, where: string): Shape {
  if (typeof value === 'function') return { kind: 'function' };
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries: Record<string, Shape> = {};
    for (const key of Reflect.ownKeys(value)) {
      if (typeof key === 'symbol') throw new NotImplemented(`a symbol key on the bridged object ${where}`);
      const descriptor = Object.getOwnPropertyDescriptor(value, key)!;
      if (descriptor.get || descriptor.set) throw new NotImplemented(`a getter on the bridged object ${where}.${key}`);
      entries[key] = shapeOf(descriptor.value, `${where}.${key}`);
    }
    return { kind: 'object', entries };
  }
  return { kind: 'value', value: structuredClone(value) };
}

function at(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

function runPreload(launch: Launch, window: StandInWindow, file: string, source: string): World {
  const exposed = new Map<string, unknown>();
  const contextBridge = strict('contextBridge', {
    exposeInMainWorld(key: string, api: unknown) {
      if (typeof key !== 'string' || key === '') throw new TypeError('contextBridge.exposeInMainWorld: key must be a string');
      if (exposed.has(key)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
      shapeOf(api, key);
      exposed.set(key, api);
    },
  });
  const ipcRenderer = strict('ipcRenderer', {
    invoke: (channel: string, ...args: unknown[]) => launch.invokeFromRenderer(window, channel, args),
  });
  const modules: Record<string, unknown> = {
    electron: strict('electron (sandboxed preload)', { contextBridge, ipcRenderer }),
    events,
    timers,
    url,
  };
  const sandboxProcess = strict('process (sandboxed preload)', {
    platform: process.platform,
    arch: process.arch,
    type: 'renderer',
    sandboxed: true,
    contextIsolated: true,
    versions: { ...process.versions },
    env: {},
    argv: [],
  });
  const context = vm.createContext({
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    setImmediate,
    clearImmediate,
    queueMicrotask,
    structuredClone,
    URL,
    URLSearchParams,
    TextEncoder,
    TextDecoder,
    atob,
    btoa,
    Buffer,
    process: sandboxProcess,
  });
  const require = (name: string) => {
    if (!(name in modules)) throw new Error(`module not found: ${name}`);
    return modules[name];
  };
  const module = { exports: {} };
  // A sandboxed preload is a script wrapped like a CommonJS module: an ES module's `import` is a SyntaxError here.
  const run = vm.compileFunction(source, ['exports', 'require', 'module', '__filename', '__dirname', 'global'], { parsingContext: context, filename: file });
  run(module.exports, require, module, file, '', vm.runInContext('globalThis', context));
  return { exposed };
}

/** The page's side of the bridge, as source: window[key] rebuilt from the shape, calls through one hidden binding. */
function pageBridge(binding: string, shapes: Record<string, Shape>): string {
  return `(() => {
  if (window.top !== window) return;
  const call = window[${JSON.stringify(binding)}];
  delete window[${JSON.stringify(binding)}];
  const doc = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + String(Date.now()));
  const build = (shape, path) => {
    if (shape.kind === 'function') return (...args) => call(doc, path, args);
    if (shape.kind === 'value') return shape.value;
    const object = {};
    for (const [key, entry] of Object.entries(shape.entries)) object[key] = build(entry, [...path, key]);
    return object;
  };
  const shapes = ${JSON.stringify(shapes)};
  for (const [key, shape] of Object.entries(shapes)) {
    Object.defineProperty(window, key, { value: build(shape, [key]), enumerable: true, writable: false, configurable: false });
  }
})();`;
}

export async function installPreload(launch: Launch, window: StandInWindow, file: string): Promise<void> {
  const source = readFileSync(file, 'utf8');
  // The shape the page is built with; every later document's preload must expose the same.
  const first = runPreload(launch, window, file, source);
  const shapes = Object.fromEntries([...first.exposed].map(([key, api]) => [key, shapeOf(api, key)]));
  const fingerprint = JSON.stringify(shapes);
  const worlds = new Map<string, World>();
  const binding = `__electronStandInBridge_${randomBytes(8).toString('hex')}`;
  const page = window.page!;
  await page.exposeBinding(binding, async (caller, doc: string, path: string[], args: unknown[]) => {
    if (caller.frame !== caller.page.mainFrame()) throw new Error('electron stand-in: the preload runs only in the main frame');
    let world = worlds.get(doc);
    if (!world) {
      // A new document: a fresh preload run, as Electron runs the preload for every page load.
      worlds.clear();
      world = runPreload(launch, window, file, source);
      const now = JSON.stringify(Object.fromEntries([...world.exposed].map(([key, api]) => [key, shapeOf(api, key)])));
      if (now !== fingerprint) throw new NotImplemented('a preload that exposes a different API from one document to the next');
      worlds.set(doc, world);
    }
    const fn = at(Object.fromEntries(world.exposed), path);
    if (typeof fn !== 'function') throw new Error(`electron stand-in: ${path.join('.')} is not a bridged function`);
    const cloned = launch.schemes.mapStrings(structuredClone(args), (s) => launch.schemes.mainUrl(s)) as unknown[];
    const result: unknown = fn(...cloned);
    // The result comes from the preload's realm: test for a thenable, not instanceof Promise.
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
      throw new NotImplemented('a synchronous function across the bridge (the stand-in bridges only promise-returning functions)');
    }
    const value = structuredClone(await result);
    return launch.schemes.mapStrings(value, (s) => launch.schemes.toPage(s));
  });
  await page.addInitScript({ content: pageBridge(binding, shapes) });
}
