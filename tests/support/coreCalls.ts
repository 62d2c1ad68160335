// Calling core as a window would, for integration tests: typed results, a throwing shortcut, and a
// dump of every table to check that a refused call changed nothing.
import type { Core } from '../../electron/core/app/core';
import type { CallName } from '../../electron/common/contract';
import type { Result } from '../../electron/common/result';
import { dumpDb } from './dumpStudy';

export function coreCalls(core: () => Core) {
  async function invoke<T>(key: string, name: CallName, input: unknown): Promise<Result<T>> {
    return (await core().invoke(key, name, input)) as Result<T>;
  }
  async function value<T>(key: string, name: CallName, input: unknown): Promise<T> {
    const r = await invoke<T>(key, name, input);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
    return r.value;
  }
  /** Every table, every row: what "changes nothing" is checked against. */
  function dump(): string {
    return dumpDb(core().context.study.db);
  }
  return { invoke, value, dump };
}
