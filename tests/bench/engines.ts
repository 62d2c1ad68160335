// `npm run bench engines`: the same study on SQLite and on PostgreSQL, side by side in one run.
// Builds one study of 8,400 outcome clips (2,800 families × 3 timepoints), 5 coders, 20% double-coded
// (10,080 assignments), with 10,020 submitted ratings, a tenth of them amended, drafts on what is
// left, consensus on a tenth of one pair's clips — once on each engine, from the same seeds, so both
// hold the same content. The PostgreSQL one lives on a throwaway cluster (tests/support/postgres.ts),
// stopped at the end whatever happens. Then both studies are opened as the app opens them
// (createCore follows the folder's study.postgres.json) and timed through Core.invoke, as the app's
// IPC calls them (roles, input checks and output shapes included):
//   - a coder's submit round trip: save a draft, then submit, on a fresh clip each run;
//   - the lead's reliability report for one pair, and the reliability overview (every pair);
//   - the coder's queue, for scale.
// Each run of a call goes to each engine in turn, in an order that alternates, so that the load of a
// shared machine falls on both alike. The figure is PostgreSQL's median ÷ SQLite's, never an absolute
// timed assertion. The figures also go to tests/.artifacts/bench-engines.json.
//
// The builder is compact and deliberately apart from scale.ts's: no media files (no call timed here
// reads them), and every write batched inside db.transaction — on PostgreSQL each statement is a
// round trip through the driver's worker thread, and each write outside a transaction would also
// take the writer lock in a transaction of its own.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/engine';
import { utcNow } from '../../db/open';
import { insertClip } from '../../db/repositories/clips';
import type { CallName } from '../../electron/common/contract';
import { createCore, type Core } from '../../electron/core/app/core';
import { NO_HOST } from '../../electron/core/app/host';
import { addUser } from '../../electron/core/auth/users';
import { newClipCode } from '../../electron/core/blinding/codes';
import { createStudyKey, putSealed } from '../../electron/core/blinding/sealedKey';
import { amendRating, coderQueue, saveDraft, submitRating } from '../../electron/core/coding/ratings';
import { createSeededRandomSource } from '../../electron/core/random';
import { loadPairs, recordConsensus } from '../../electron/core/reliability/study';
import { parseDateRange } from '../../electron/core/reliability/study/range';
import { assignClips, sealStudy } from '../../electron/core/setup';
import { createStudy } from '../../electron/core/study/study';
import { startCluster, type Cluster } from '../support/postgres';

/** Families (× 3 timepoints = clips); BENCH_ENGINES_FAMILIES makes a smaller study to try the bench out. */
const FAMILIES = Number(process.env['BENCH_ENGINES_FAMILIES'] ?? 2800);
const TIMEPOINTS = ['baseline', 'post', 'follow-up'] as const;
const CODERS = Array.from({ length: 5 }, (_, i) => ({ name: `coder${i + 1}`, password: `engines-coder-${i + 1}-pw` }));
const LEAD = { name: 'lead', password: 'engines-lead-pw' };
const PASSPHRASE = 'engines bench unblinding passphrase';
/** Clips each coder keeps unsubmitted: the submit round trips need a fresh one per run. */
const LEFT_PER_CODER = 12;
const BATCH = 500;
const SUBMIT_RUNS = 40;
const REPORT_RUNS = 11;
const ARTIFACT = fileURLToPath(new URL('../.artifacts/bench-engines.json', import.meta.url));

type Engine = 'sqlite' | 'postgres';
const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];

function seeded(seed: string): () => number {
  const source = createSeededRandomSource(`engines-bench-${seed}`);
  return () => source.nextUint32() / 0x1_0000_0000;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;

interface Built {
  readonly buildSeconds: number;
  /** Seconds per part of the build, to see where an engine spends it. */
  readonly phases: Record<string, number>;
  readonly submitted: number;
  readonly assignments: number;
}

const count = (db: Db, sql: string) => Number((db.prepare(sql).get() as { n: number | string }).n);

/** Builds the study in `dir` (on PostgreSQL when `database` is given): the same content on both engines. */
export async function buildStudy(dir: string, database: string | undefined): Promise<Built> {
  const t0 = performance.now();
  const study = createStudy(dir, 'Engines bench', 'bench', database ? { database } : {});
  const db = study.db;
  const rand = seeded('content');
  const phases: Record<string, number> = {};
  let mark = performance.now();
  const phase = (name: string) => {
    const now = performance.now();
    phases[name] = (now - mark) / 1000;
    mark = now;
  };
  try {
    const keyring = await createStudyKey(db, PASSPHRASE, { N: 2 ** 14, r: 8, p: 1 });
    for (const c of CODERS) await addUser(db, { ...c, role: 'coder' }, 'bench');
    await addUser(db, { ...LEAD, role: 'reliability' }, 'bench');
    phase('key and users');
    const participants = Array.from({ length: FAMILIES }, (_, i) => ({ participant: `P${String(i + 1).padStart(5, '0')}`, arm: i % 2 === 0 ? 'intervention' : 'control', stratum: null }));
    const codes: string[] = [];
    const taken = new Set<string>();
    const now = utcNow();
    db.transaction(() => putSealed(db, keyring, 'allocation', { rows: participants }))();
    for (let start = 0; start < participants.length; start += BATCH / TIMEPOINTS.length) {
      db.transaction(() => {
        for (const p of participants.slice(start, start + BATCH / TIMEPOINTS.length)) {
          for (const t of TIMEPOINTS) {
            const code = newClipCode(taken, (max) => Math.floor(rand() * max));
            taken.add(code);
            const sourceFile = `${p.participant}_${t}_freeplay.mp4`;
            const sourceSha256 = createHash('sha256').update(sourceFile).digest('hex');
            putSealed(db, keyring, 'recording', { code, participant: p.participant, timepoint: t, task: null, date: null, sourcePath: `/recordings/${sourceFile}`, sourceFile, sourceSha256 });
            insertClip(db, { code, kind: 'outcome', mediaFile: `${code}.mp4`, sha256: 'a'.repeat(64), durationSeconds: 1, frameRate: 25, width: 160, height: 120, createdAt: now });
            codes.push(code);
          }
        }
      })();
    }
    phase('clips');
    db.transaction(() => {
      assignClips(db, keyring, { coders: CODERS.map((c) => c.name), doubleFraction: 0.2, seed: 'engines' }, 'bench');
      sealStudy(db, keyring, 'bench');
    })();
    phase('assign and seal');

    // Each clip's "true" sensitivity and non-intrusiveness; coders agree within a point or so.
    const truth = new Map(codes.map((code) => [code, [2 + Math.floor(rand() * 9) / 2, 2 + Math.floor(rand() * 9) / 2] as const]));
    const score = (x: number) => Math.min(7, Math.max(1, x + (Math.floor(rand() * 5) - 2) / 2));
    const content = (code: string, note: string) => {
      const [s, ni] = truth.get(code)!;
      return { scores: { sensitivity: score(s), non_intrusiveness: score(ni) }, notes: { sensitivity: note }, overallNote: 'Free play, 10 minutes', unscorable: null };
    };
    const draft = { scores: { sensitivity: 4, non_intrusiveness: null }, notes: {}, overallNote: '', unscorable: null };
    for (const [i, c] of CODERS.entries()) {
      const coder = { id: i + 1, name: c.name };
      const items = coderQueue(db, coder.id).items;
      const cut = items.length - LEFT_PER_CODER;
      for (let start = 0; start < items.length; start += BATCH) {
        db.transaction(() => {
          for (const [k, item] of items.slice(start, start + BATCH).entries()) {
            const at = start + k;
            if (at >= cut) {
              if (at % 2 === 0) saveDraft(db, coder.id, item.code, draft, 60);
              continue;
            }
            submitRating(db, coder, item.code, content(item.code, 'Warm, follows the child'), 300 + (at % 200));
            if (rand() < 0.1) amendRating(db, coder, item.code, content(item.code, 'Re-watched'), 'Re-watched the second episode', 60);
          }
        })();
      }
    }
    phase('ratings');
    const lead = { id: CODERS.length + 1, name: LEAD.name };
    const pairs = loadPairs(db, { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' }, parseDateRange(null, null)).pairs;
    db.transaction(() => {
      for (const p of pairs.filter((_, i) => i % 10 === 0)) recordConsensus(db, lead, { clip: p.clip, dimension: 'sensitivity', score: p.a.score, reason: 'Both re-watched in the consensus meeting' });
    })();
    phase('consensus');
    return {
      phases,
      buildSeconds: (performance.now() - t0) / 1000,
      submitted: count(db, 'SELECT COUNT(*) AS n FROM ratings WHERE version = 1'),
      assignments: count(db, 'SELECT COUNT(*) AS n FROM assignments'),
    };
  } finally {
    study.close();
  }
}

async function must(core: Core, key: string, name: CallName, input: unknown): Promise<unknown> {
  const r = await core.invoke(key, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

interface Session {
  readonly engine: Engine;
  readonly core: Core;
  /** Per coder: the clips not yet submitted, taken one per submit run. */
  readonly fresh: string[][];
}

async function openSession(engine: Engine, studyDir: string): Promise<Session> {
  const core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', host: NO_HOST, scheduledBackups: false, log: () => undefined });
  if (core.context.study.db.engine !== engine) throw new Error(`${studyDir} opened on ${core.context.study.db.engine}, not ${engine}`);
  const fresh: string[][] = [];
  for (const [i, c] of CODERS.entries()) {
    await must(core, `coder-${i}`, 'auth.login', c);
    const queue = (await must(core, `coder-${i}`, 'coding.queue', {})) as { items: { code: string; status: string }[] };
    fresh.push(queue.items.filter((x) => x.status !== 'submitted').map((x) => x.code));
  }
  await must(core, 'lead', 'auth.login', LEAD);
  return { engine, core, fresh };
}

interface Step {
  readonly name: string;
  readonly runs: number;
  readonly call: (s: Session, i: number) => Promise<unknown>;
}

const pair = { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' };
const draft = { scores: { sensitivity: 5, non_intrusiveness: null }, notes: { sensitivity: 'so far' }, overallNote: '', unscorable: null };
const rating = { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null };

const STEPS: readonly Step[] = [
  {
    name: 'coder: submit round trip (save draft + submit)',
    runs: SUBMIT_RUNS,
    call: async (s, i) => {
      const c = i % CODERS.length;
      const code = s.fresh[c]!.shift();
      if (!code) throw new Error(`coder${c + 1} has no unsubmitted clip left`);
      await must(s.core, `coder-${c}`, 'coding.saveDraft', { code, draft, secondsSpent: 100 + i });
      await must(s.core, `coder-${c}`, 'coding.submit', { code, rating, secondsSpent: 200 });
    },
  },
  { name: 'coder: queue', runs: SUBMIT_RUNS, call: (s, i) => must(s.core, `coder-${i % CODERS.length}`, 'coding.queue', {}) },
  { name: 'lead: pair report (coder1 × coder2)', runs: REPORT_RUNS, call: (s) => must(s.core, 'lead', 'reliability.report', pair) },
  { name: 'lead: overview (every pair)', runs: REPORT_RUNS, call: (s) => must(s.core, 'lead', 'reliability.overview', {}) },
];

interface Figure {
  readonly name: string;
  readonly runs: number;
  readonly median: Record<Engine, number>;
  readonly p95: Record<Engine, number>;
  readonly ratio: number;
}

async function measure(sessions: readonly Session[]): Promise<Figure[]> {
  const figures: Figure[] = [];
  for (const step of STEPS) {
    const warm = Math.max(1, Math.floor(step.runs / 10));
    const ms = sessions.map((): number[] => []);
    for (let i = 0; i < warm + step.runs; i++) {
      for (let k = 0; k < sessions.length; k++) {
        const j = i % 2 === 0 ? k : sessions.length - 1 - k;
        const t0 = performance.now();
        await step.call(sessions[j]!, i);
        if (i >= warm) ms[j]!.push(performance.now() - t0);
      }
    }
    for (const times of ms) times.sort((a, b) => a - b);
    const median = Object.fromEntries(sessions.map((s, j) => [s.engine, quantile(ms[j]!, 0.5)])) as Record<Engine, number>;
    const p95 = Object.fromEntries(sessions.map((s, j) => [s.engine, quantile(ms[j]!, 0.95)])) as Record<Engine, number>;
    figures.push({ name: step.name, runs: step.runs, median, p95, ratio: median.postgres / median.sqlite });
  }
  return figures;
}

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

function printTable(rows: string[][]): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
}

export async function benchEngines(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-engines-'));
  let cluster: Cluster | null = null;
  const sessions: Session[] = [];
  try {
    cluster = startCluster();
    const databases: Record<Engine, string | undefined> = { sqlite: undefined, postgres: cluster.createDatabase('bench_engines') };
    const built = {} as Record<Engine, Built>;
    for (const engine of ENGINES) {
      built[engine] = await buildStudy(path.join(root, engine), databases[engine]);
      const b = built[engine];
      console.log(`${engine}: built in ${b.buildSeconds.toFixed(1)} s (${b.assignments} assignments, ${b.submitted} submitted ratings; ${Object.entries(b.phases).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`);
    }
    for (const engine of ENGINES) sessions.push(await openSession(engine, path.join(root, engine)));
    const figures = await measure(sessions);

    console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; PostgreSQL on a Unix socket, fsync off`);
    const rows = [['figure', 'runs', 'SQLite median', 'SQLite p95', 'PostgreSQL median', 'PostgreSQL p95', 'PG / SQLite']];
    rows.push(['build the study', '1', `${built.sqlite.buildSeconds.toFixed(1)} s`, '', `${built.postgres.buildSeconds.toFixed(1)} s`, '', (built.postgres.buildSeconds / built.sqlite.buildSeconds).toFixed(2)]);
    for (const f of figures) rows.push([f.name, String(f.runs), `${f1(f.median.sqlite)} ms`, `${f1(f.p95.sqlite)} ms`, `${f1(f.median.postgres)} ms`, `${f1(f.p95.postgres)} ms`, f.ratio.toFixed(2)]);
    printTable(rows);
    console.log('PG / SQLite: PostgreSQL\'s median ÷ SQLite\'s, both measured in this run, each run going to each engine in turn');

    mkdirSync(path.dirname(ARTIFACT), { recursive: true });
    const machine = { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? null, node: process.version };
    writeFileSync(ARTIFACT, `${JSON.stringify({ machine, built, figures }, null, 2)}\n`);
    console.log(`figures written to ${path.relative(process.cwd(), ARTIFACT)}`);
  } finally {
    for (const s of sessions) await s.core.close();
    cluster?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
