// State shared by every module of the stand-in, whichever copy of a module a loader made: the
// launches by id and the single-instance locks by user-data folder (as Electron's lock is per folder).
import type { Launch } from './launch';

interface Registry {
  readonly launches: Map<number, Launch>;
  readonly instanceLocks: Map<string, Launch>;
  nextLaunch: number;
  nextWebContents: number;
  hooked: boolean;
}

const KEY = Symbol.for('blindfold.electron-stand-in');
const holder = globalThis as unknown as Record<symbol, Registry | undefined>;

export const registry: Registry = (holder[KEY] ??= {
  launches: new Map(),
  instanceLocks: new Map(),
  nextLaunch: 1,
  nextWebContents: 1,
  hooked: false,
});

/** The launch a module URL belongs to: `…?launch=N`. */
export function launchOf(moduleUrl: string): Launch {
  const id = Number(new URL(moduleUrl).searchParams.get('launch'));
  const launch = registry.launches.get(id);
  if (!launch) throw new Error(`electron stand-in: no launch ${id} for ${moduleUrl}`);
  return launch;
}
