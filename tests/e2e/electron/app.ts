// `app`: ready after the main script has run, the single-instance lock per user-data folder, the
// quit sequence (before-quit, preventable; windows closed; will-quit; quit) and exit.
import { EventEmitter } from 'node:events';
import os from 'node:os';
import { StandInEvent } from './events';
import { registry } from './registry';
import { NotImplemented, strict } from './strict';
import type { Launch } from './launch';

export function createApp(launch: Launch) {
  const emitter = new EventEmitter();
  let quitting = false;
  const app = {
    on: (event: string, listener: (...args: never[]) => void) => (emitter.on(event, listener as (...a: unknown[]) => void), app),
    once: (event: string, listener: (...args: never[]) => void) => (emitter.once(event, listener as (...a: unknown[]) => void), app),
    off: (event: string, listener: (...args: never[]) => void) => (emitter.off(event, listener as (...a: unknown[]) => void), app),
    emit: (event: string, ...args: unknown[]) => emitter.emit(event, ...args),
    listenerCount: (event: string) => emitter.listenerCount(event),
    whenReady: () => launch.readyPromise,
    isReady: () => launch.ready,
    get isPackaged() {
      return launch.options.packaged ?? false;
    },
    getPath(name: string): string {
      if (name === 'userData') return launch.userData;
      if (name === 'temp') return os.tmpdir();
      throw new NotImplemented(`app.getPath('${name}')`);
    },
    requestSingleInstanceLock(): boolean {
      const holder = registry.instanceLocks.get(launch.userData);
      if (holder && holder !== launch && !holder.ended) {
        // Electron tells the first instance, then the second's call returns false.
        holder.electron.app.emit('second-instance', new StandInEvent(), [], process.cwd(), {});
        return false;
      }
      registry.instanceLocks.set(launch.userData, launch);
      return true;
    },
    quit(): void {
      if (launch.ended || quitting) return;
      const event = new StandInEvent();
      emitter.emit('before-quit', event);
      if (event.defaultPrevented) return;
      quitting = true;
      void (async () => {
        for (const window of [...launch.windows]) await window.closeForQuit();
        emitter.emit('will-quit', new StandInEvent());
        emitter.emit('quit', new StandInEvent(), 0);
        await launch.end(0);
      })();
    },
    exit(code = 0): void {
      void launch.end(code);
    },
  };
  // Not on `app` (Electron has no such method): the last window closed outside a quit.
  launch.windowAllClosed = () => {
    if (quitting || launch.ended) return;
    if (emitter.listenerCount('window-all-closed') > 0) emitter.emit('window-all-closed');
    else app.quit();
  };
  return strict('app', app);
}
