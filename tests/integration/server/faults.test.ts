// The study server killed with SIGKILL mid-load and restarted (the real `blindfold serve`, over
// HTTPS): every write a coder saw acknowledged is there exactly once, no retry recorded anything
// twice, the clients carried on, and the audit chain is whole. The bench (tests/bench/server.ts)
// runs the same with 50 coders and 20 kills; here two coders and three kills keep it quick.
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDemoStudy, DEMO_USERS } from '../../../electron/core/app/demo';
import { runWithKills } from '../../support/faultRun';
import { tempDir } from '../../support/tempStudy';

let cleanup: () => void;
let studyDir: string;

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  studyDir = path.join(t.dir, 'study');
  (await createDemoStudy(studyDir, { clipSeconds: 1 })).close();
}, 120_000);

afterAll(() => cleanup());

it('SIGKILL mid-load three times: every acknowledged rating is there once, nothing twice, the chain whole', async () => {
  const coders = DEMO_USERS.filter((u) => u.role === 'coder');
  const run = await runWithKills(studyDir, coders, { kills: 3, amends: 30, seeks: 2 });
  expect(run.problems).toEqual([]);
  expect(run.kills).toBe(3);
  // Both coders finished their work across the restarts: every clip submitted and every amendment made.
  for (const client of run.clients) expect(client.acknowledged.filter((a) => a.call === 'coding.amend')).toHaveLength(30);
  expect(run.clients.reduce((n, c) => n + c.stats.logins, 0)).toBeGreaterThan(coders.length);
}, 180_000);
