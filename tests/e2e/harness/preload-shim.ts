// The harness's preload: the same buildApi as electron/preload, over Playwright's exposeBinding.
import { buildApi } from '../../../electron/core/api';
import type { Result } from '../../../electron/core/result';

type Binding = (name: string, input: unknown) => Promise<Result<unknown>>;

Object.defineProperty(window, 'blindfold', {
  value: buildApi((name, input) => (window as unknown as { __blindfoldInvoke: Binding }).__blindfoldInvoke(name, input)),
  writable: false,
  configurable: false,
});
