// `blindfold serve` on a study moved to PostgreSQL: the real CLI (bin/blindfold.mjs) over HTTPS on
// loopback, with --database, and a linked folder (study.postgres.json) without it. A coder logs in
// and submits a rating through the HTTP API; the rating is in PostgreSQL, the audit chain verifies
// there, and the folder's study.sqlite is not touched.
import path from 'node:path';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoderQueue } from '../../../electron/common/contract';
import { openPostgres } from '../../../db/postgres/open';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { readConfigFile, resolveServeConfig } from '../../../electron/server/config';
import { cliWith } from '../../support/cli';
import { apiCall, cookieOf } from '../../support/https';
import { startCluster, type Cluster } from '../../support/postgres';
import { startServer } from '../../support/serve';
import { tempDir } from '../../support/tempStudy';
import { codedDemoStudy, RATING, sha256Of, sqliteOfStudy } from './fixture';

let cluster: Cluster;
let root: string;
let cleanup: () => void;
let template: string;
let rendererDir: string;
const cli = cliWith({});

beforeAll(async () => {
  cluster = startCluster();
  ({ dir: root, cleanup } = tempDir('blindfold-pgserve-'));
  template = path.join(root, 'template');
  rendererDir = path.join(root, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>Blindfold</title>');
  await codedDemoStudy(template);
}, 120_000);

afterAll(() => {
  cluster?.stop();
  cleanup?.();
});

async function moved(name: string, link: boolean): Promise<{ dir: string; url: string }> {
  const dir = path.join(root, name);
  cpSync(template, dir, { recursive: true });
  const url = cluster.createDatabase(name);
  const run = await cli('move-to-postgres', dir, url, ...(link ? ['--link'] : []));
  expect(run.code, run.err).toBe(0);
  return { dir, url };
}

/** Logs coder1 in over HTTPS and submits a rating for the first clip not yet submitted. */
async function submitOverHttps(base: string): Promise<string> {
  const login = await apiCall(base, 'auth.login', { name: 'coder1', password: 'demo-coder1' });
  expect(login.json()).toMatchObject({ ok: true });
  const cookie = cookieOf(login);
  const queue = (await apiCall(base, 'coding.queue', {}, { cookie })).json() as { ok: true; value: CoderQueue };
  const code = queue.value.items.find((i) => i.status !== 'submitted')!.code;
  const submitted = (await apiCall(base, 'coding.submit', { code, rating: RATING, secondsSpent: 42 }, { cookie, headers: { 'Idempotency-Key': `pg-serve-${code}-000000` } })).json();
  expect(submitted).toMatchObject({ ok: true });
  return code;
}

function ratingInPostgres(url: string, code: string): { ratings: number; chainOk: boolean; lastActions: string[] } {
  const db = openPostgres(url);
  try {
    const ratings = (db.prepare('SELECT count(*) AS n FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?').get(code) as { n: number }).n;
    const lastActions = (db.prepare('SELECT action FROM audit_log ORDER BY seq DESC LIMIT 3').all() as { action: string }[]).map((r) => r.action);
    return { ratings, chainOk: verifyAuditChain(db).ok, lastActions };
  } finally {
    db.close();
  }
}

/** Serves the folder (with `args`), submits one rating over HTTPS, stops; what PostgreSQL then holds. */
async function serveAndSubmit(dir: string, url: string, args: string[]): Promise<ReturnType<typeof ratingInPostgres>> {
  const server = await startServer(dir, { args, env: { BLINDFOLD_RENDERER_DIR: rendererDir } });
  let code: string;
  try {
    code = await submitOverHttps(server.url);
  } finally {
    await server.stop();
  }
  return ratingInPostgres(url, code);
}

describe('blindfold serve on PostgreSQL', () => {
  it('serves a moved study with --database over HTTPS: a rating submitted by a coder lands in PostgreSQL, the chain verifies', async () => {
    const { dir, url } = await moved('served_flag', false);
    const before = sha256Of(sqliteOfStudy(dir));
    const after = await serveAndSubmit(dir, url, ['--database', url]);
    expect(after.ratings).toBe(1);
    expect(after.chainOk).toBe(true);
    expect(after.lastActions).toContain('rating.submit');
    expect(sha256Of(sqliteOfStudy(dir))).toBe(before);
  });

  it('serves a folder linked to PostgreSQL (study.postgres.json) without the flag', async () => {
    const { dir, url } = await moved('served_link', true);
    const after = await serveAndSubmit(dir, url, []);
    expect(after.ratings).toBe(1);
    expect(after.chainOk).toBe(true);
  });

  it('takes the database from a config file too (for a systemd unit)', () => {
    const file = path.join(root, 'serve.json');
    writeFileSync(file, JSON.stringify({ study: 'template', database: 'postgresql://blindfold@db.example.org/vipp', listen: '127.0.0.1:8443' }));
    const config = resolveServeConfig({ ...readConfigFile(file), rendererDir });
    expect(config).toMatchObject({ studyDir: template, database: 'postgresql://blindfold@db.example.org/vipp', port: 8443 });
    writeFileSync(file, JSON.stringify({ study: 'template', listen: '127.0.0.1:8443' }));
    expect(resolveServeConfig({ ...readConfigFile(file), rendererDir }).database).toBeNull();
  });

  it('refuses a --database that is not a PostgreSQL URL, with a clear message', async () => {
    const run = await cli('serve', template, '--database', 'mysql://x@y/z', '--listen', '127.0.0.1:0');
    expect(run.code).toBe(1);
    expect(run.err).toMatch(/--database must be a PostgreSQL URL/);
  });
});
