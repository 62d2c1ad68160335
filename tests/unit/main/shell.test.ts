// The Electron shell against a mocked 'electron' module: the secure window, the schemes, and IPC.
import type { EventEmitter } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CALL_NAMES, channelOf } from '../../../electron/core/contract';
import { createDemoStudy } from '../../../electron/core/study/demo';
import { tempDir } from '../../support/tempStudy';

const electron = vi.hoisted(() => {
  const handlers = new Map<string, (...args: unknown[]) => unknown>();
  const protocolHandlers = new Map<string, (r: Request) => Promise<Response>>();
  const windows: unknown[] = [];
  const state = {
    privileged: [] as { scheme: string; privileges: Record<string, boolean> }[],
    permissionRequest: undefined as undefined | ((...a: unknown[]) => void),
    permissionCheck: undefined as undefined | ((...a: unknown[]) => boolean),
    deviceCheck: undefined as undefined | ((...a: unknown[]) => boolean),
    readyBeforeSchemes: false,
  };
  return { handlers, protocolHandlers, windows, state };
});

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  class FakeWebContents extends EventEmitter {
    static next = 1;
    id = FakeWebContents.next++;
    mainFrame = { url: 'blindfold://app/index.html' };
    windowOpenHandler: ((d: unknown) => unknown) | undefined;
    setWindowOpenHandler(h: (d: unknown) => unknown) {
      this.windowOpenHandler = h;
    }
  }
  class BrowserWindow extends EventEmitter {
    webContents = new FakeWebContents();
    loadedUrl = '';
    constructor(public options: Record<string, unknown>) {
      super();
      electron.windows.push(this);
    }
    loadURL(url: string) {
      this.loadedUrl = url;
      return Promise.resolve();
    }
    show() {}
  }
  const app = Object.assign(new EventEmitter(), {
    whenReady: () => Promise.resolve(),
    getPath: () => '/nonexistent',
    quit: () => undefined,
    exit: () => undefined,
    isPackaged: false,
  });
  return {
    app,
    BrowserWindow,
    dialog: { showOpenDialog: async () => ({ canceled: true, filePaths: [] }), showSaveDialog: async () => ({ canceled: true }) },
    ipcMain: { handle: (channel: string, fn: (...a: unknown[]) => unknown) => electron.handlers.set(channel, fn) },
    protocol: {
      registerSchemesAsPrivileged: (s: { scheme: string; privileges: Record<string, boolean> }[]) => electron.state.privileged.push(...s),
      handle: (scheme: string, fn: (r: Request) => Promise<Response>) => electron.protocolHandlers.set(scheme, fn),
    },
    session: {
      defaultSession: {
        setPermissionRequestHandler: (fn: (...a: unknown[]) => void) => (electron.state.permissionRequest = fn),
        setPermissionCheckHandler: (fn: (...a: unknown[]) => boolean) => (electron.state.permissionCheck = fn),
        setDevicePermissionHandler: (fn: (...a: unknown[]) => boolean) => (electron.state.deviceCheck = fn),
      },
    },
  };
});

const { registerBeforeReady, whenReady } = await import('../../../electron/main/app');

interface FakeWindow extends EventEmitter {
  options: { webPreferences: Record<string, unknown> };
  loadedUrl: string;
  webContents: EventEmitter & { id: number; mainFrame: { url: string }; windowOpenHandler?: (d: unknown) => unknown };
}

let cleanup: () => void;
let win: FakeWindow;
let close: () => void;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  registerBeforeReady();
  const rendererDir = path.join(t.dir, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<p>renderer here</p>');
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  const started = await whenReady({ studyDir, rendererDir, preloadPath: '/preload.cjs' });
  close = () => started.core.close();
  win = electron.windows[0] as FakeWindow;
});
afterAll(() => {
  close();
  cleanup();
});

function invoke(name: string, input: unknown, frameUrl = 'blindfold://app/index.html') {
  const handler = electron.handlers.get(channelOf(name as never));
  if (!handler) throw new Error(`no handler for ${name}`);
  const frame = { url: frameUrl };
  const sender = { id: win.webContents.id, mainFrame: frame };
  return handler({ sender, senderFrame: frame }, input) as Promise<{ ok: boolean; error?: { code: string } }>;
}

describe('the secure window', () => {
  it('turns every protection on', () => {
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/preload.cjs',
    });
    expect(win.loadedUrl).toBe('blindfold://app/index.html');
  });

  it('blocks navigation away from the app', () => {
    const away = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', away, 'https://example.org/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    win.webContents.emit('will-navigate', inside, 'blindfold://app/index.html#x');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies window.open and webviews', () => {
    expect(win.webContents.windowOpenHandler?.({ url: 'https://example.org' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    win.webContents.emit('will-attach-webview', attach);
    expect(attach.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', () => {
    const callback = vi.fn();
    electron.state.permissionRequest?.({}, 'media', callback);
    expect(callback).toHaveBeenCalledWith(false);
    expect(electron.state.permissionCheck?.({}, 'geolocation')).toBe(false);
    expect(electron.state.deviceCheck?.({})).toBe(false);
  });
});

describe('the schemes', () => {
  it('registers the app and media schemes as privileged, media with streaming', () => {
    const media = electron.state.privileged.find((s) => s.scheme === 'blindfold-media');
    expect(media?.privileges).toEqual({ standard: true, secure: true, supportFetchAPI: true, stream: true });
    expect(electron.state.privileged.find((s) => s.scheme === 'blindfold')?.privileges).toMatchObject({ standard: true, secure: true });
  });

  it('serves the renderer with a strict CSP: no remote origins, media only from the clip scheme', async () => {
    const response = await electron.protocolHandlers.get('blindfold')!(new Request('blindfold://app/index.html'));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('renderer here');
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('media-src blindfold-media:');
    expect(csp).not.toMatch(/https?:|\*/);
  });

  it('answers the media scheme with core’s handler (unknown token: 404)', async () => {
    const r = await electron.protocolHandlers.get('blindfold-media')!(new Request(`blindfold-media://clip/${'A'.repeat(43)}`));
    expect(r.status).toBe(404);
  });
});

describe('IPC', () => {
  it('registers exactly one handler per contract entry and nothing else', () => {
    expect([...electron.handlers.keys()].sort()).toEqual(CALL_NAMES.map(channelOf).sort());
  });

  it('answers the app’s own frame', async () => {
    const r = await invoke('study.info', {});
    expect(r).toEqual({ ok: true, value: { name: 'Blindfold demo study' } });
  });

  it('refuses a call from a foreign frame origin', async () => {
    for (const url of ['https://evil.example/', 'file:///tmp/x.html', 'http://127.0.0.1:5173/', 'blindfold-media://clip/x', '']) {
      const r = await invoke('study.info', {}, url);
      expect(r).toMatchObject({ ok: false, error: { code: 'foreign_origin' } });
    }
  });

  it('checks the role and the input before calling core', async () => {
    expect(await invoke('coding.queue', {})).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });
    expect(await invoke('auth.login', { name: 'coder1', password: 'demo-coder1', extra: 1 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(await invoke('auth.login', { name: 'coder1', password: 'demo-coder1' })).toMatchObject({ ok: true, value: { role: 'coder' } });
    expect(await invoke('manager.progress', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await invoke('coding.queue', {})).toMatchObject({ ok: true });
  });
});
