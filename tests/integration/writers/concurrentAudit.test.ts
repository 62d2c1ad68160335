// Several writers on one study at once — four threads, each with its own connection, appending to
// the hash-chained audit log. On SQLite the file's lock queues them (IMMEDIATE transactions); on
// PostgreSQL (the `postgres` project) the writer advisory lock does. Either way no entry is lost,
// no two share a sequence number and the chain verifies end to end.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { afterEach, expect, it } from 'vitest';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { createStudy, openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

const require = createRequire(import.meta.url);
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

const WRITER = `
  const { workerData } = require('node:worker_threads');
  require(workerData.tsx);
  const { openStudy } = require(workerData.study);
  const { appendAudit } = require(workerData.chain);
  const study = openStudy(workerData.dir);
  try {
    for (let i = 0; i < workerData.entries; i++) {
      appendAudit(study.db, { actor: 'writer-' + workerData.writer, action: 'test.concurrent', detail: { i } });
    }
  } finally {
    study.close();
  }`;

it('four writers appending at once keep one unbroken chain', async () => {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const study = createStudy(t.dir, 'Concurrent writers');
  const engine = study.db.engine;
  study.close();
  const entries = 40;
  const workers = Array.from(
    { length: 4 },
    (_, writer) =>
      new Worker(WRITER, {
        eval: true,
        env: process.env,
        workerData: {
          dir: t.dir,
          writer,
          entries,
          tsx: require.resolve('tsx/cjs'),
          study: require.resolve('../../../electron/core/study/study.ts'),
          chain: require.resolve('../../../electron/core/audit/chain.ts'),
        },
      }),
  );
  await Promise.all(
    workers.map(
      (w) =>
        new Promise<void>((resolve, reject) => {
          w.on('error', reject);
          w.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited with ${code}`))));
        }),
    ),
  );
  const after = openStudy(t.dir);
  try {
    expect(after.db.engine).toBe(engine);
    const verdict = verifyAuditChain(after.db);
    expect(verdict).toMatchObject({ ok: true, rows: 1 + 4 * entries });
    const rows = after.db.prepare("SELECT actor, COUNT(*) AS n FROM audit_log WHERE action = 'test.concurrent' GROUP BY actor ORDER BY actor").all();
    expect(rows).toEqual([0, 1, 2, 3].map((w) => ({ actor: `writer-${w}`, n: entries })));
  } finally {
    after.close();
  }
});
