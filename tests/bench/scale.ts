// `npm run bench scale`: what a large trial does to the app. Builds a study of 600 clips and one of
// 6,000 (families × 3 timepoints), and times the calls users make at month 18 of a trial through
// Core.invoke, as the app's IPC does (roles, input validation, output shapes and all). Printed per
// call: median and p95 at each size, the growth factor 600 → 6,000 of the median (1.0 = constant,
// 10 = linear), and how far the call raised the process's peak RSS. The machine is shared, so both
// studies are timed in one process with every run of a call going to each in turn (the load of the
// moment falls on both alike); memory is measured apart, each study alone in a process of its own,
// and the builder is a process of its own too.
//
// How the studies are built: through core's own functions, except the de-identification —
//   - the sealed key (createStudyKey), the allocation and one sealed recording per clip (putSealed),
//     the users (addUser), the assignment (assignClips: 8 coders, 20% double-coded, balanced over
//     arm × timepoint, the seed sealed), the seal (sealStudy);
//   - clip rows are written through the clips repository (insertClip) instead of by ffmpeg, and
//     every clip's media file is a hard link to one tiny clip made here with ffmpeg (testsrc);
//   - ratings through core/coding (submitRating, amendRating, saveDraft), consensus through
//     core/reliability (recordConsensus), and the logins of a long trial through the audit chain
//     (appendAudit) — so the audit log has the size all that implies.
// Every coder keeps 10 clips unsubmitted (half with drafts) for the measured saves and submits;
// about 10% of ratings are amended once and 2% twice. The lock is timed inside a transaction that
// is rolled back (so it can be timed more than once), then taken for real before unblinding.
//
//   npm run bench scale                           both sizes, the table
//   npx tsx tests/bench/scale.ts build 6000 <dir>  build a study in <dir>/study and keep it (to profile)
//   npx tsx tests/bench/scale.ts measure <dir>…    time the calls on copies of them, interleaved (JSON)
//   npx tsx tests/bench/scale.ts memory <dir>      the same for one study alone, for its memory
import { spawn } from 'node:child_process';
import { cpSync, linkSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { utcNow } from '../../db/open';
import { lastAuditRow } from '../../db/repositories/audit';
import { insertClip } from '../../db/repositories/clips';
import { statusCommand } from '../../electron/cli/commands/study';
import { createCore, type Core } from '../../electron/core/app/core';
import type { Host } from '../../electron/core/app/host';
import { appendAudit } from '../../electron/core/audit/chain';
import { addUser } from '../../electron/core/auth/users';
import { newClipCode } from '../../electron/core/blinding/codes';
import { createStudyKey, putSealed } from '../../electron/core/blinding/sealedKey';
import { coderQueue, amendRating, saveDraft, submitRating } from '../../electron/core/coding/ratings';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { kappaDrift } from '../../electron/core/reliability/drift';
import { loadPairs, recordConsensus } from '../../electron/core/reliability/study';
import { parseDateRange } from '../../electron/core/reliability/study/range';
import { assignClips, sealStudy } from '../../electron/core/setup';
import { createStudy } from '../../electron/core/study/study';
import type { CallName } from '../../electron/common/contract';
import { createSeededRandomSource } from '../../electron/core/random';

const SIZES = [600, 6000] as const;
const TIMEPOINTS = ['baseline', 'post', 'follow-up'] as const;
const CODERS = Array.from({ length: 8 }, (_, i) => ({ name: `coder${i + 1}`, password: `scale-coder-${i + 1}-pw` }));
const MANAGER = { name: 'manager', password: 'scale-manager-pw' };
const LEAD = { name: 'lead', password: 'scale-lead-pw' };
const PASSPHRASE = 'scale bench unblinding passphrase';
const LEFT_PER_CODER = 10;
const FAST_RUNS = 40;
const SLOW_RUNS = 11;

// The project's seeded source (electron/core/random.ts), so both sizes are built alike on every run.
function seeded(seed: number): () => number {
  const source = createSeededRandomSource(`scale-bench-${seed}`);
  return () => source.nextUint32() / 0x1_0000_0000;
}

interface Figure {
  readonly name: string;
  readonly who: 'coder' | 'lead' | 'manager' | 'app';
  readonly runs: number;
  readonly median: number;
  readonly p95: number;
  /** How much this call raised the process's peak RSS (MiB). */
  readonly peakRiseMiB: number;
}

interface SizeResult {
  readonly clips: number;
  readonly assignments: number;
  readonly auditEntries: number;
  readonly databaseMiB: number;
  readonly buildSeconds: number;
  readonly buildPeakRssMiB: number;
  /** The peak RSS of the process that opened the study and made the calls (not the builder). */
  readonly peakRssMiB: number;
  readonly figures: readonly Figure[];
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN;
const maxRssMiB = () => process.resourceUsage().maxRSS / 1024;

async function buildStudy(dir: string, clipCount: number, media: string): Promise<{ codes: string[] }> {
  const study = createStudy(dir, `Scale bench ${clipCount}`, 'bench');
  const db = study.db;
  const rand = seeded(clipCount);
  try {
    const keyring = await createStudyKey(db, PASSPHRASE, { N: 2 ** 14, r: 8, p: 1 });
    for (const c of CODERS) await addUser(db, { ...c, role: 'coder' }, 'bench');
    await addUser(db, { ...MANAGER, role: 'manager' }, 'bench');
    await addUser(db, { ...LEAD, role: 'reliability' }, 'bench');
    const families = clipCount / TIMEPOINTS.length;
    const participants = Array.from({ length: families }, (_, i) => ({ participant: `P${String(i + 1).padStart(5, '0')}`, arm: i % 2 === 0 ? 'intervention' : 'control', stratum: null }));
    const codes: string[] = [];
    // Clip codes as the app makes them, from a seeded draw so that both sizes reproduce.
    const now = utcNow();
    db.transaction(() => {
      putSealed(db, keyring, 'allocation', { rows: participants });
      const taken = new Set<string>();
      for (const p of participants) {
        for (const t of TIMEPOINTS) {
          const code = newClipCode(taken, (max) => Math.floor(rand() * max));
          taken.add(code);
          const sourceFile = `${p.participant}_${t}_freeplay.mp4`;
          putSealed(db, keyring, 'recording', {
            code,
            participant: p.participant,
            timepoint: t,
            task: null,
            date: null,
            sourcePath: `/recordings/${sourceFile}`,
            sourceFile,
            sourceSha256: createHash('sha256').update(sourceFile).digest('hex'),
          });
          insertClip(db, { code, kind: 'outcome', mediaFile: `${code}.mp4`, sha256: 'a'.repeat(64), durationSeconds: 1, frameRate: 25, width: 160, height: 120, createdAt: now });
          linkSync(media, path.join(study.paths.blindedMedia, `${code}.mp4`));
          codes.push(code);
        }
      }
    })();
    assignClips(db, keyring, { coders: CODERS.map((c) => c.name), doubleFraction: 0.2, seed: `scale-${clipCount}` }, 'bench');
    sealStudy(db, keyring, 'bench');

    // Each clip's "true" sensitivity and non-intrusiveness; coders agree within a point or so.
    const truth = new Map(codes.map((code) => [code, [2 + Math.floor(rand() * 9) / 2, 2 + Math.floor(rand() * 9) / 2] as const]));
    const score = (x: number) => Math.min(7, Math.max(1, x + (Math.floor(rand() * 5) - 2) / 2));
    const content = (code: string, note: string) => {
      const [s, ni] = truth.get(code)!;
      return { scores: { sensitivity: score(s), non_intrusiveness: score(ni) }, notes: { sensitivity: note }, overallNote: 'Free play, 10 minutes', unscorable: null };
    };
    const userIds = new Map(CODERS.map((c, i) => [c.name, i + 1]));
    for (const c of CODERS) {
      const coder = { id: userIds.get(c.name)!, name: c.name };
      const items = coderQueue(db, coder.id).items;
      const cut = items.length - LEFT_PER_CODER;
      for (let start = 0; start < items.length; start += 250) {
        db.transaction(() => {
          for (const [i, item] of items.slice(start, start + 250).entries()) {
            const at = start + i;
            // A login now and then, as a coder's working days would write them.
            if (at % 15 === 0) appendAudit(db, { actor: c.name, action: 'auth.login', detail: { role: 'coder' } });
            if (at >= cut) {
              if (at % 2 === 0) saveDraft(db, coder.id, item.code, { scores: { sensitivity: 4, non_intrusiveness: null }, notes: {}, overallNote: '', unscorable: null }, 60);
              continue;
            }
            saveDraft(db, coder.id, item.code, { scores: { sensitivity: 4, non_intrusiveness: null }, notes: {}, overallNote: '', unscorable: null }, 120);
            submitRating(db, coder, item.code, content(item.code, 'Warm, follows the child'), 300 + (at % 200));
            const r = rand();
            if (r < 0.12) amendRating(db, coder, item.code, content(item.code, 'Re-watched'), 'Re-watched the second episode', 60);
            if (r < 0.02) amendRating(db, coder, item.code, content(item.code, 'Re-watched again'), 'Consensus meeting: scored the wrong segment', 30);
          }
        })();
      }
    }
    // Consensus on a tenth of the double-coded clips, as after a round of consensus meetings.
    const lead = { id: CODERS.length + 2, name: LEAD.name };
    const pairs = loadPairs(db, { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' }, parseDateRange(null, null)).pairs;
    db.transaction(() => {
      for (const p of pairs.filter((_, i) => i % 10 === 0)) recordConsensus(db, lead, { clip: p.clip, dimension: 'sensitivity', score: p.a.score, reason: 'Both re-watched in the consensus meeting' });
    })();
    return { codes };
  } finally {
    study.close();
  }
}

async function must(core: Core, key: string, name: CallName, input: unknown): Promise<unknown> {
  const r = await core.invoke(key, name, input);
  if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Builds the study in `<root>/study` (a child process of its own, so its memory is not the app's). */
async function buildSize(clipCount: number, root: string): Promise<{ buildSeconds: number; buildPeakRssMiB: number }> {
  mkdirSync(root, { recursive: true });
  const media = path.join(root, 'tiny.mp4');
  await runFfmpeg(testPatternArgs({ out: media, seconds: 1, pattern: 'testsrc', frequency: 440, extra: [] }));
  const t0 = performance.now();
  await buildStudy(path.join(root, 'study'), clipCount, media);
  return { buildSeconds: (performance.now() - t0) / 1000, buildPeakRssMiB: maxRssMiB() };
}

/** One built study opened as the app opens it, on a copy in `<root>/run` (the built one stays as it is). */
interface Session {
  readonly run: string;
  readonly studyDir: string;
  readonly backupDir: string;
  readonly open: () => Core;
  core: Core;
  /** Per coder: the clips left unsubmitted, and those submitted. */
  open0: string[][];
  done0: string[][];
  next: number[];
  assignments: number;
  mediaUrl: string;
  pairs: ReturnType<typeof loadPairs>['pairs'];
  lockInput: unknown;
}

function openSession(root: string): Session {
  const run = path.join(root, 'run');
  rmSync(run, { recursive: true, force: true });
  mkdirSync(path.join(run, 'out'), { recursive: true });
  mkdirSync(path.join(run, 'backups'));
  cpSync(path.join(root, 'study'), path.join(run, 'study'), { recursive: true });
  const studyDir = path.join(run, 'study');
  let saved = 0;
  const host: Host = {
    choosePath: async () => null,
    chooseSavePath: async (request) => path.join(run, 'out', `${saved++}-${request.defaultName}`),
    renderPdf: async () => Buffer.from('%PDF-1.4\n'),
  };
  const open = () => createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', host, scheduledBackups: false, log: () => undefined });
  return { run, studyDir, backupDir: path.join(run, 'backups'), open, core: open(), open0: [], done0: [], next: CODERS.map(() => 0), assignments: 0, mediaUrl: '', pairs: [], lockInput: null };
}

interface Step {
  readonly name: string;
  readonly who: Figure['who'];
  readonly runs: number;
  /** Once per study before the step is timed (not timed). */
  readonly before?: (s: Session) => Promise<void>;
  readonly call: (s: Session, i: number) => Promise<unknown>;
}

const coderKey = (i: number) => `coder-${i % CODERS.length}`;
const pair = { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' };
const draft = { scores: { sensitivity: 5, non_intrusiveness: null }, notes: { sensitivity: 'so far' }, overallNote: '', unscorable: null };
const rating = { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null };
const quietIo = { stdout: () => undefined, stderr: () => undefined, readFile: async () => Buffer.alloc(0), env: {} };

// What users do, in the order a trial does it: coding, reliability, the manager's screens, the lock.
const STEPS: readonly Step[] = [
  {
    // Start-up: the study opened (pragmas set, migrations checked) and its first answer.
    name: 'study open / start-up',
    who: 'app',
    runs: SLOW_RUNS,
    call: async (s) => {
      const c = s.open();
      await c.invoke('none', 'study.info', {});
      await c.close();
    },
  },
  {
    name: 'login',
    who: 'coder',
    runs: 10,
    call: (s, i) => must(s.core, `login-${i}`, 'auth.login', CODERS[i % CODERS.length]),
    before: async (s) => {
      type Queue = { items: { code: string; status: string }[] };
      for (const [i, c] of CODERS.entries()) await must(s.core, `coder-${i}`, 'auth.login', c);
      await must(s.core, 'manager', 'auth.login', MANAGER);
      await must(s.core, 'lead', 'auth.login', LEAD);
      const queues = await Promise.all(CODERS.map(async (_, i) => (await must(s.core, `coder-${i}`, 'coding.queue', {})) as Queue));
      s.open0 = queues.map((q) => q.items.filter((x) => x.status !== 'submitted').map((x) => x.code));
      s.done0 = queues.map((q) => q.items.filter((x) => x.status === 'submitted').map((x) => x.code));
      s.assignments = queues.reduce((n, q) => n + q.items.length, 0);
    },
  },
  { name: 'coder queue', who: 'coder', runs: FAST_RUNS, call: (s, i) => must(s.core, coderKey(i), 'coding.queue', {}) },
  {
    name: 'open clip (view + media token)',
    who: 'coder',
    runs: FAST_RUNS,
    call: async (s, i) => {
      const list = s.done0[i % CODERS.length]!;
      s.mediaUrl = ((await must(s.core, coderKey(i), 'coding.clip', { code: list[(i * 37) % list.length]! })) as { mediaUrl: string }).mediaUrl;
    },
  },
  {
    name: 'first media range (64 KiB)',
    who: 'coder',
    runs: FAST_RUNS,
    call: async (s) => (await s.core.handleMedia(new Request(s.mediaUrl, { headers: { Range: 'bytes=0-65535' } }))).arrayBuffer(),
  },
  { name: 'save draft', who: 'coder', runs: FAST_RUNS, call: (s, i) => must(s.core, coderKey(i), 'coding.saveDraft', { code: s.open0[i % CODERS.length]![0]!, draft, secondsSpent: 100 + i }) },
  {
    name: 'submit',
    who: 'coder',
    runs: Math.min(FAST_RUNS, CODERS.length * (LEFT_PER_CODER - 2)) - 4,
    call: (s, i) => {
      const c = i % CODERS.length;
      return must(s.core, coderKey(c), 'coding.submit', { code: s.open0[c]![1 + s.next[c]!++]!, rating, secondsSpent: 200 });
    },
  },
  {
    name: 'amend',
    who: 'coder',
    runs: FAST_RUNS,
    call: (s, i) => {
      const list = s.done0[i % CODERS.length]!;
      return must(s.core, coderKey(i), 'coding.amend', { code: list[(i * 53) % list.length]!, rating, reason: 'Re-watched the clip', secondsSpent: 30 });
    },
  },
  { name: 'lead: overview (every pair)', who: 'lead', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'lead', 'reliability.overview', {}) },
  { name: 'lead: pair report (2 coders)', who: 'lead', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'lead', 'reliability.report', pair) },
  { name: 'lead: disagreement list (all)', who: 'lead', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'lead', 'reliability.report', { ...pair, disagreementSize: 0 }) },
  {
    // Drift is computed inside reliability.report; timed alone here on the same pairs (core, not dispatch).
    name: 'lead: drift (in the pair report)',
    who: 'lead',
    runs: SLOW_RUNS * 2,
    before: async (s) => {
      s.pairs = loadPairs(s.core.context.study.db, { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' }, parseDateRange(null, null)).pairs;
    },
    call: async (s) => {
      const drift = kappaDrift(s.pairs.map((p) => ({ a: p.a.score, b: p.b.score, at: p.at, label: p.clip })), { min: 1, max: 7, step: 0.5 }, { batchSize: 5, weights: 'linear', threshold: 0.7 });
      if (!drift.ok) throw new Error(drift.error.message);
    },
  },
  { name: 'manager: dashboard', who: 'manager', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'manager', 'manager.progress', {}) },
  { name: 'manager: set-up status', who: 'manager', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'manager', 'setup.status', {}) },
  { name: 'manager: close-out status', who: 'manager', runs: SLOW_RUNS * 2, call: (s) => must(s.core, 'manager', 'closeout.status', {}) },
  { name: 'blinded export, tidy', who: 'manager', runs: SLOW_RUNS, call: (s) => must(s.core, 'manager', 'closeout.export', { layout: 'tidy', unblinded: false }) },
  { name: 'blinded export, wide', who: 'manager', runs: SLOW_RUNS, call: (s) => must(s.core, 'manager', 'closeout.export', { layout: 'wide', unblinded: false }) },
  { name: 'online backup', who: 'manager', runs: SLOW_RUNS, call: (s) => must(s.core, 'manager', 'backups.now', { folder: s.backupDir, includeMedia: false, keep: 2 }) },
  {
    name: '`status` (whole audit chain)',
    who: 'manager',
    runs: SLOW_RUNS,
    call: async (s) => {
      if ((await statusCommand([s.studyDir, '--json'], quietIo)) !== 0) throw new Error('status failed');
    },
  },
  {
    name: 'lock',
    who: 'manager',
    runs: SLOW_RUNS,
    before: async (s) => {
      const status = (await must(s.core, 'manager', 'closeout.status', {})) as { unsubmitted: { code: string; coder: string }[] };
      s.lockInput = { confirmedExceptions: status.unsubmitted.map((u) => ({ code: u.code, coder: u.coder })), reliabilityReason: 'Locked for the bench: reliability reviewed separately' };
    },
    call: async (s) => {
      // Rolled back so that it can be timed again: the bench's own transaction around the call.
      const db = s.core.context.study.db;
      db.exec('BEGIN');
      try {
        await must(s.core, 'manager', 'closeout.lock', s.lockInput);
      } finally {
        db.exec('ROLLBACK');
      }
    },
  },
  {
    name: 'analysis report',
    who: 'manager',
    runs: SLOW_RUNS,
    before: async (s) => {
      await must(s.core, 'manager', 'closeout.lock', s.lockInput);
      await must(s.core, 'manager', 'closeout.unblind', { password: MANAGER.password, passphrase: PASSPHRASE, reason: 'Primary analysis after the data lock' });
    },
    call: (s) => must(s.core, 'manager', 'closeout.analysis', {}),
  },
];

type Measured = Omit<SizeResult, 'buildSeconds' | 'buildPeakRssMiB'>;

/**
 * Times every step on the studies built in `roots`, interleaved: each run of a call goes to every
 * study in turn (in an order that alternates), so that the other work on a shared machine falls on
 * both sizes alike and the growth factor compares like with like. With one root, the figures also
 * say how far each call raised the process's peak memory.
 */
async function measure(roots: readonly string[], runsScale = 1): Promise<Measured[]> {
  const sessions = roots.map(openSession);
  try {
    const figures: Figure[][] = sessions.map(() => []);
    for (const step of STEPS) {
      for (const s of sessions) await step.before?.(s);
      const runs = Math.max(3, Math.round(step.runs * runsScale));
      const warm = Math.max(1, Math.floor(runs / 10));
      const ms: number[][] = sessions.map(() => []);
      const rss = maxRssMiB();
      for (let i = 0; i < warm + runs; i++) {
        for (let k = 0; k < sessions.length; k++) {
          const j = i % 2 === 0 ? k : sessions.length - 1 - k;
          const t0 = performance.now();
          await step.call(sessions[j]!, i);
          if (i >= warm) ms[j]!.push(performance.now() - t0);
        }
      }
      for (const [j, times] of ms.entries()) {
        times.sort((a, b) => a - b);
        figures[j]!.push({ name: step.name, who: step.who, runs, median: quantile(times, 0.5), p95: quantile(times, 0.95), peakRiseMiB: Math.max(0, maxRssMiB() - rss) });
      }
    }
    const out: Measured[] = [];
    for (const [j, s] of sessions.entries()) {
      const counts = (await must(s.core, 'manager', 'setup.status', {})) as { clips: number };
      out.push({
        clips: counts.clips,
        assignments: s.assignments,
        auditEntries: lastAuditRow(s.core.context.study.db)?.seq ?? 0,
        databaseMiB: statSync(s.core.context.study.paths.database).size / 2 ** 20,
        peakRssMiB: maxRssMiB(),
        figures: figures[j]!,
      });
    }
    return out;
  } finally {
    for (const s of sessions) {
      await s.core.close();
      rmSync(s.run, { recursive: true, force: true });
    }
  }
}

function runChild<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${args.join(' ')} exited with ${code}`));
      resolve(JSON.parse(last) as T);
    });
  });
}

const EXEMPT: Readonly<Record<string, string>> = {
  login: 'scrypt by design, once a session',
  'coder queue': 'the answer is the whole queue',
};

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export async function benchScale(): Promise<void> {
  const results: SizeResult[] = [];
  const t0 = performance.now();
  const roots = SIZES.map((size) => mkdtempSync(path.join(os.tmpdir(), `blindfold-scale-${size}-`)));
  try {
    const built: { buildSeconds: number; buildPeakRssMiB: number }[] = [];
    for (const [i, size] of SIZES.entries()) built.push(await runChild(['build', String(size), roots[i]!]));
    console.log(`built both studies in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    // Timings: both studies in one process, interleaved. Memory: each study alone in a process.
    const timings = await runChild<Measured[]>(['measure', ...roots]);
    console.log(`timed in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    for (const [i, root] of roots.entries()) {
      const [alone] = await runChild<Measured[]>(['memory', root]);
      results.push({
        ...timings[i]!,
        ...built[i]!,
        peakRssMiB: alone!.peakRssMiB,
        figures: timings[i]!.figures.map((f) => ({ ...f, peakRiseMiB: alone!.figures.find((g) => g.name === f.name)?.peakRiseMiB ?? NaN })),
      });
    }
    console.log(`memory measured in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  } finally {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  }
  const [small, large] = results as [SizeResult, SizeResult];
  console.log(`machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
  for (const r of results) {
    console.log(
      `${r.clips} clips: ${r.assignments} assignments, ${r.auditEntries} audit entries, database ${r.databaseMiB.toFixed(1)} MiB, built in ${r.buildSeconds.toFixed(0)} s (peak RSS ${r.buildPeakRssMiB.toFixed(0)} MiB); the app's peak RSS while measured ${r.peakRssMiB.toFixed(0)} MiB`,
    );
  }
  const rows = [['call', 'role', `median ${small.clips}`, `p95 ${small.clips}`, `median ${large.clips}`, `p95 ${large.clips}`, 'growth', 'peak +MiB', 'goal']];
  const linear = large.clips / small.clips;
  for (const a of small.figures) {
    const b = large.figures.find((x) => x.name === a.name)!;
    const growth = b.median / a.median;
    let goal = growth > linear * 1.2 ? 'MISS: faster than linear' : 'ok';
    if (a.who === 'coder' && (b.median >= 20 || growth > 1.5)) goal = `MISS: ${b.median >= 20 ? '≥ 20 ms' : ''}${b.median >= 20 && growth > 1.5 ? ', ' : ''}${growth > 1.5 ? 'grows > 1.5×' : ''}`;
    // Where the goal itself is wrong (README.md, Performance, says why with the figures).
    if (goal !== 'ok' && EXEMPT[a.name]) goal += ` (${EXEMPT[a.name]})`;
    if (a.who === 'app' && b.median >= 1000) goal = 'MISS: ≥ 1 s';
    rows.push([a.name, a.who, `${f1(a.median)} ms`, `${f1(a.p95)} ms`, `${f1(b.median)} ms`, `${f1(b.p95)} ms`, `${growth.toFixed(2)}×`, f1(b.peakRiseMiB), goal]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < 2 || i === 8 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log('growth: median at 6,000 ÷ median at 600 (1.0 = constant, 10 = linear); peak +MiB: how far the call raised the 6,000-clip process\'s peak RSS');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'build' && args.length === 2) console.log(JSON.stringify(await buildSize(Number(args[0]), args[1]!)));
  else if (command === 'measure' && args.length > 0) console.log(JSON.stringify(await measure(args)));
  else if (command === 'memory' && args.length === 1) console.log(JSON.stringify(await measure(args, 0.25)));
  else await benchScale();
}
