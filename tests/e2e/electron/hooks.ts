// Points `electron` at the stand-in for the built main bundle, and only for it: a module hook
// (node:module registerHooks) resolves the bare specifier `electron` imported by
// out/main/index.js?launch=N to this folder's electron.ts?launch=N. The bundle runs unchanged.
import { registerHooks } from 'node:module';
import { registry } from './registry';

const STAND_IN = new URL('./electron.ts', import.meta.url).href;

export function hookElectron(): void {
  if (registry.hooked) return;
  registry.hooked = true;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      if (specifier === 'electron' || specifier.startsWith('electron/')) {
        const parent = context.parentURL ? new URL(context.parentURL) : null;
        const launch = parent?.searchParams.get('launch');
        if (!parent || !launch || !parent.pathname.endsWith('/out/main/index.js')) {
          throw new Error(`electron stand-in: '${specifier}' imported from ${context.parentURL ?? 'nowhere'}, not from a launched main bundle`);
        }
        if (specifier !== 'electron') throw new Error(`electron stand-in: '${specifier}' is not implemented (main imports 'electron' only)`);
        return { url: `${STAND_IN}?launch=${launch}`, shortCircuit: true };
      }
      return nextResolve(specifier, context);
    },
  });
}
