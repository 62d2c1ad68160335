// Studies to move to PostgreSQL, made once per test file: the demo study (real de-identified media,
// users, sealed key, assignments, a seal) with ratings submitted through core, a draft and a
// blinding-check guess — and, from a copy of it, the same study locked and unblinded, so that the
// lock's and the unblinding's rows (written only after the lock) are moved too.
import { cpSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { CoderQueue } from '../../../electron/common/contract';
import { createCore } from '../../../electron/core/app/core';
import { createDemoStudy, DEMO_PASSPHRASE } from '../../../electron/core/app/demo';
import { lockStudy, unblindStudy } from '../../../electron/core/closeout';
import { openStudy } from '../../../electron/core/study/study';
import { unsubmittedAssignments } from '../../../db/repositories/closeout';

export const RATING = { scores: { sensitivity: 5.5, non_intrusiveness: 6 }, notes: {}, overallNote: 'calm, responsive', unscorable: null } as const;

async function call<T>(core: ReturnType<typeof createCore>, key: string, name: Parameters<ReturnType<typeof createCore>['invoke']>[1], input: unknown): Promise<T> {
  const r = await core.invoke(key, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value as T;
}

/** The demo study with two submitted ratings and a draft by coder1. */
export async function codedDemoStudy(dir: string): Promise<void> {
  (await createDemoStudy(dir, { clipSeconds: 1 })).close();
  const core = createCore({ studyDir: dir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined, scheduledBackups: false });
  try {
    await call(core, 'k1', 'auth.login', { name: 'coder1', password: 'demo-coder1' });
    const queue = await call<CoderQueue>(core, 'k1', 'coding.queue', {});
    const [a, b, c] = queue.items.filter((i) => i.status !== 'submitted').map((i) => i.code);
    for (const code of [a!, b!]) await call(core, 'k1', 'coding.submit', { code, rating: RATING, secondsSpent: 30 });
    await call(core, 'k1', 'coding.saveDraft', { code: c!, draft: { scores: { sensitivity: 3 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 5 });
  } finally {
    await core.close();
  }
}

/** A copy of `from` in `dir`, locked (the unsubmitted work confirmed as exceptions) and unblinded. */
export async function lockedCopy(from: string, dir: string): Promise<void> {
  cpSync(from, dir, { recursive: true });
  const study = openStudy(dir);
  try {
    lockStudy(study.db, 'manager', {
      confirmedExceptions: unsubmittedAssignments(study.db).map((u) => ({ code: u.code, coder: u.coder })),
      reliabilityReason: 'The demo study has too few double-coded clips for reliability; not under test here',
    });
    await unblindStudy(study.db, { manager: 'manager', password: 'demo-manager', passphrase: DEMO_PASSPHRASE, reason: 'Primary analysis after database lock' });
  } finally {
    study.close();
  }
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

export const sqliteOfStudy = (dir: string): string => path.join(dir, 'study.sqlite');
