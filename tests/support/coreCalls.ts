// Calling core as a window would, for integration tests: typed results, a throwing shortcut, and a
// dump of every table to check that a refused call changed nothing.
import type { Core } from '../../electron/core/app/core';
import type { CallName } from '../../electron/common/contract';
import type { Result } from '../../electron/common/result';

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
    const db = core().context.study.db;
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
    return JSON.stringify(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all()]), (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : v));
  }
  return { invoke, value, dump };
}
