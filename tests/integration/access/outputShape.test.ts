// Results leave core only through their entry's declared output schema (issue 12, point 2). For each
// role — and for a caller with no session — one of its calls is made to return a database-row-like
// extra `participant` field, a missing key and a wrong type: dispatch refuses each as an internal
// error, logs where the shape broke (never the value), and nothing of it reaches the caller. Every
// entry of the contract declares a strict output schema.
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createCore, type Core } from '../../../electron/core/app/core';
import { handlers } from '../../../electron/core/app/handlers';
import { CALL_NAMES, contract, type CallName, type Role } from '../../../electron/common/contract';
import { createDemoStudy, DEMO_USERS } from '../../../electron/core/app/demo';
import { tempDir } from '../../support/tempStudy';

const PLANTED = 'LEAKP-4107';
let core: Core;
let cleanup: () => void;
const logged: string[] = [];
const mutable = handlers as unknown as Record<string, (...args: unknown[]) => unknown>;
const originals = new Map<string, (...args: unknown[]) => unknown>();

function replace(name: CallName, change: (value: Record<string, unknown>) => unknown): void {
  const original = mutable[name]!;
  originals.set(name, original);
  mutable[name] = async (...args: unknown[]) => change({ ...((await original(...args)) as Record<string, unknown>) });
}

async function as(role: Role | null): Promise<string> {
  const key = `shape:${role ?? 'nobody'}`;
  core.endSession(key);
  if (role === null) return key;
  const user = DEMO_USERS.find((u) => u.role === role)!;
  const r = await core.invoke(key, 'auth.login', { name: user.name, password: user.password });
  if (!r.ok) throw new Error(`login as ${role}: ${r.error.message}`);
  return key;
}

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: (message, error) => logged.push(`${message} ${String(error ?? '')}`) });
}, 120_000);

afterEach(() => {
  for (const [name, original] of originals) mutable[name] = original;
  originals.clear();
  logged.length = 0;
});

afterAll(() => {
  core.close();
  cleanup();
});

const CASES: readonly { role: Role | null; name: CallName; input: unknown }[] = [
  { role: null, name: 'study.info', input: {} },
  { role: 'coder', name: 'coding.queue', input: {} },
  { role: 'manager', name: 'manager.progress', input: {} },
  { role: 'reliability', name: 'reliability.overview', input: {} },
  { role: 'auditor', name: 'fidelity.queue', input: {} },
];

describe('every result passes its output schema before it leaves core', () => {
  it('every entry declares a strict output schema', () => {
    for (const name of CALL_NAMES) expect(contract[name].output, name).toBeInstanceOf(z.ZodType);
  });

  for (const { role, name, input } of CASES) {
    describe(`${role ?? 'no session'}: ${name}`, () => {
      it('is answered as declared', async () => {
        const r = await core.invoke(await as(role), name, input);
        expect(r.ok, JSON.stringify(r)).toBe(true);
        expect(contract[name].output.safeParse(r.ok ? r.value : undefined).success).toBe(true);
      });

      it('an extra `participant` field is refused; nothing of it reaches the caller, or the log', async () => {
        const key = await as(role);
        replace(name, (value) => ({ ...value, participant: PLANTED }));
        const r = await core.invoke(key, name, input);
        expect(r).toEqual({ ok: false, error: { code: 'internal', message: expect.any(String) } });
        expect(JSON.stringify(r)).not.toContain(PLANTED);
        expect(logged.join('\n')).toContain('undeclared key(s) participant');
        expect(logged.join('\n')).not.toContain(PLANTED);
      });

      it('a missing key or a wrong type is refused too', async () => {
        const key = await as(role);
        const [first] = Object.keys(((await core.invoke(key, name, input)) as { value: Record<string, unknown> }).value);
        replace(name, (value) => {
          delete value[first!];
          return value;
        });
        expect(await core.invoke(key, name, input)).toMatchObject({ ok: false, error: { code: 'internal' } });
        mutable[name] = originals.get(name)!;
        // An object where the view has a string, a number or a list — or an undeclared key inside a view.
        replace(name, (value) => ({ ...value, [first!]: { participant: PLANTED } }));
        const wrong = await core.invoke(key, name, input);
        expect(wrong).toMatchObject({ ok: false, error: { code: 'internal' } });
        expect(JSON.stringify(wrong)).not.toContain(PLANTED);
      });
    });
  }
});
