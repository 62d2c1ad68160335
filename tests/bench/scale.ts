// `npm run bench scale`: what a large trial does to the app. Builds a study of 600 clips and one of
// 6,000 (families × 3 timepoints), each built in a child process and measured in another (so that
// each size's peak memory is the app's own, not the builder's), and times the calls users make at
// month 18 of a trial, through Core.invoke as the app's IPC does (roles, input validation, output
// shapes and all). Printed per call: median and p95 at each size, the growth factor 600 → 6,000 of
// the median (1.0 = constant, 10 = linear), and how far the call raised the process's peak RSS.
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
//   npx tsx tests/bench/scale.ts measure 0 <dir>   time the calls on a copy of it: JSON on the last line
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

const SIZES = [600, 6000] as const;
const TIMEPOINTS = ['baseline', 'post', 'follow-up'] as const;
const CODERS = Array.from({ length: 8 }, (_, i) => ({ name: `coder${i + 1}`, password: `scale-coder-${i + 1}-pw` }));
const MANAGER = { name: 'manager', password: 'scale-manager-pw' };
const LEAD = { name: 'lead', password: 'scale-lead-pw' };
const PASSPHRASE = 'scale bench unblinding passphrase';
const LEFT_PER_CODER = 10;
const FAST_RUNS = 40;
const SLOW_RUNS = 7;

// A seeded source (mulberry32) so both sizes are built alike on every run.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

async function timed(name: string, who: Figure['who'], runs: number, fn: (i: number) => Promise<unknown> | unknown, figures: Figure[]): Promise<void> {
  const warm = Math.max(1, Math.floor(runs / 10));
  for (let i = 0; i < warm; i++) await fn(i);
  const before = maxRssMiB();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn(warm + i);
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  figures.push({ name, who, runs, median: quantile(ms, 0.5), p95: quantile(ms, 0.95), peakRiseMiB: Math.max(0, maxRssMiB() - before) });
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

/** Times every call on a copy of the study built in `<root>/study`, which stays as built. */
async function measureSize(root: string): Promise<Omit<SizeResult, 'buildSeconds' | 'buildPeakRssMiB'>> {
  const run = path.join(root, 'run');
  rmSync(run, { recursive: true, force: true });
  mkdirSync(run);
  cpSync(path.join(root, 'study'), path.join(run, 'study'), { recursive: true });
  try {
    const studyDir = path.join(run, 'study');
    const outDir = path.join(run, 'out');
    const backupDir = path.join(run, 'backups');
    mkdirSync(outDir);
    mkdirSync(backupDir);
    let saved = 0;
    const host: Host = {
      choosePath: async () => null,
      chooseSavePath: async (request) => path.join(outDir, `${saved++}-${request.defaultName}`),
      renderPdf: async () => Buffer.from('%PDF-1.4\n'),
    };
    const open = () => createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', host, scheduledBackups: false, log: () => undefined });
    const figures: Figure[] = [];

    // Start-up: the study opened (migrations checked, pragmas set) and its first answer.
    await timed('study open / start-up', 'app', SLOW_RUNS, async () => {
      const c = open();
      await c.invoke('none', 'study.info', {});
      await c.close();
    }, figures);

    const core = open();
    const db = core.context.study.db;
    const login = (key: string, who: { name: string; password: string }) => must(core, key, 'auth.login', who);
    await timed('login', 'coder', 10, (i) => login(`login-${i}`, CODERS[i % CODERS.length]!), figures);
    for (const [i, c] of CODERS.entries()) await login(`coder-${i}`, c);
    await login('manager', MANAGER);
    await login('lead', LEAD);

    type Queue = { items: { code: string; status: string }[] };
    const queues = await Promise.all(CODERS.map(async (_, i) => (await must(core, `coder-${i}`, 'coding.queue', {})) as Queue));
    const open0 = queues.map((q) => q.items.filter((x) => x.status !== 'submitted').map((x) => x.code));
    const done0 = queues.map((q) => q.items.filter((x) => x.status === 'submitted').map((x) => x.code));
    const coderKey = (i: number) => `coder-${i % CODERS.length}`;

    await timed('coder queue', 'coder', FAST_RUNS, (i) => must(core, coderKey(i), 'coding.queue', {}), figures);
    let mediaUrl = '';
    await timed('open clip (view + media token)', 'coder', FAST_RUNS, async (i) => {
      const list = done0[i % CODERS.length]!;
      const view = (await must(core, coderKey(i), 'coding.clip', { code: list[(i * 37) % list.length]! })) as { mediaUrl: string };
      mediaUrl = view.mediaUrl;
    }, figures);
    await timed('first media range (64 KiB)', 'coder', FAST_RUNS, async () => {
      const res = await core.handleMedia(new Request(mediaUrl, { headers: { Range: 'bytes=0-65535' } }));
      await res.arrayBuffer();
    }, figures);
    const draft = { scores: { sensitivity: 5, non_intrusiveness: null }, notes: { sensitivity: 'so far' }, overallNote: '', unscorable: null };
    await timed('save draft', 'coder', FAST_RUNS, (i) => must(core, coderKey(i), 'coding.saveDraft', { code: open0[i % CODERS.length]![0]!, draft, secondsSpent: 100 + i }), figures);
    const rating = { scores: { sensitivity: 5, non_intrusiveness: 6 }, notes: {}, overallNote: '', unscorable: null };
    const next = CODERS.map(() => 0);
    await timed('submit', 'coder', Math.min(FAST_RUNS, CODERS.length * (LEFT_PER_CODER - 2)), (i) => {
      const c = i % CODERS.length;
      return must(core, coderKey(c), 'coding.submit', { code: open0[c]![1 + next[c]!++]!, rating, secondsSpent: 200 });
    }, figures);
    await timed('amend', 'coder', FAST_RUNS, (i) => {
      const list = done0[i % CODERS.length]!;
      return must(core, coderKey(i), 'coding.amend', { code: list[(i * 53) % list.length]!, rating, reason: 'Re-watched the clip', secondsSpent: 30 });
    }, figures);

    const pair = { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' };
    await timed('lead: overview (every pair)', 'lead', SLOW_RUNS * 2, () => must(core, 'lead', 'reliability.overview', {}), figures);
    await timed('lead: pair report (2 coders)', 'lead', SLOW_RUNS * 2, () => must(core, 'lead', 'reliability.report', pair), figures);
    await timed('lead: disagreement list (all)', 'lead', SLOW_RUNS * 2, () => must(core, 'lead', 'reliability.report', { ...pair, disagreementSize: 0 }), figures);
    // Drift is computed inside reliability.report; timed alone here on the same pairs (core, not dispatch).
    const pairs = loadPairs(db, { a: 'coder1', b: { coder: 'coder2' }, dimension: 'sensitivity' }, parseDateRange(null, null)).pairs;
    await timed('lead: drift (in the pair report)', 'lead', SLOW_RUNS * 2, () => {
      const drift = kappaDrift(pairs.map((p) => ({ a: p.a.score, b: p.b.score, at: p.at, label: p.clip })), { min: 1, max: 7, step: 0.5 }, { batchSize: 5, weights: 'linear', threshold: 0.7 });
      if (!drift.ok) throw new Error(drift.error.message);
    }, figures);

    await timed('manager: dashboard', 'manager', SLOW_RUNS * 2, () => must(core, 'manager', 'manager.progress', {}), figures);
    await timed('manager: set-up status', 'manager', SLOW_RUNS * 2, () => must(core, 'manager', 'setup.status', {}), figures);
    await timed('manager: close-out status', 'manager', SLOW_RUNS * 2, () => must(core, 'manager', 'closeout.status', {}), figures);
    await timed('blinded export, tidy', 'manager', SLOW_RUNS, () => must(core, 'manager', 'closeout.export', { layout: 'tidy', unblinded: false }), figures);
    await timed('blinded export, wide', 'manager', SLOW_RUNS, () => must(core, 'manager', 'closeout.export', { layout: 'wide', unblinded: false }), figures);
    await timed('online backup', 'manager', SLOW_RUNS, () => must(core, 'manager', 'backups.now', { folder: backupDir, includeMedia: false, keep: 2 }), figures);
    const io = { stdout: () => undefined, stderr: () => undefined, readFile: async () => Buffer.alloc(0), env: {} };
    await timed('`status` (whole audit chain)', 'manager', SLOW_RUNS, async () => {
      if ((await statusCommand([studyDir, '--json'], io)) !== 0) throw new Error('status failed');
    }, figures);

    const status = (await must(core, 'manager', 'closeout.status', {})) as { unsubmitted: { code: string; coder: string }[] };
    const lockInput = { confirmedExceptions: status.unsubmitted.map((u) => ({ code: u.code, coder: u.coder })), reliabilityReason: 'Locked for the bench: reliability reviewed separately' };
    await timed('lock', 'manager', SLOW_RUNS, async () => {
      // Rolled back so that it can be timed again: the bench's own transaction around the call.
      db.exec('BEGIN');
      try {
        await must(core, 'manager', 'closeout.lock', lockInput);
      } finally {
        db.exec('ROLLBACK');
      }
    }, figures);
    await must(core, 'manager', 'closeout.lock', lockInput);
    await must(core, 'manager', 'closeout.unblind', { password: MANAGER.password, passphrase: PASSPHRASE, reason: 'Primary analysis after the data lock' });
    await timed('analysis report', 'manager', SLOW_RUNS, () => must(core, 'manager', 'closeout.analysis', {}), figures);

    const counts = (await must(core, 'manager', 'setup.status', {})) as { clips: number };
    const stats = {
      assignments: queues.reduce((s, q) => s + q.items.length, 0),
      auditEntries: lastAuditRow(db)?.seq ?? 0,
      databaseMiB: statSync(core.context.study.paths.database).size / 2 ** 20,
    };
    await core.close();
    return { clips: counts.clips, ...stats, peakRssMiB: maxRssMiB(), figures };
  } finally {
    rmSync(run, { recursive: true, force: true });
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

const f1 = (x: number) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

export async function benchScale(): Promise<void> {
  const results: SizeResult[] = [];
  for (const size of SIZES) {
    const t0 = performance.now();
    const root = mkdtempSync(path.join(os.tmpdir(), `blindfold-scale-${size}-`));
    try {
      const built = await runChild<{ buildSeconds: number; buildPeakRssMiB: number }>(['build', String(size), root]);
      results.push({ ...(await runChild<Omit<SizeResult, 'buildSeconds' | 'buildPeakRssMiB'>>(['measure', String(size), root])), ...built });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
    console.log(`built and measured ${size} clips in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
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
    if (a.who === 'app' && b.median >= 1000) goal = 'MISS: ≥ 1 s';
    rows.push([a.name, a.who, `${f1(a.median)} ms`, `${f1(a.p95)} ms`, `${f1(b.median)} ms`, `${f1(b.p95)} ms`, `${growth.toFixed(2)}×`, f1(b.peakRiseMiB), goal]);
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((cell, i) => (i < 2 || i === 8 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  '));
  console.log('growth: median at 6,000 ÷ median at 600 (1.0 = constant, 10 = linear); peak +MiB: how far the call raised the 6,000-clip process\'s peak RSS');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [command, size, root] = process.argv.slice(2);
  if (command === 'build' && size && root) console.log(JSON.stringify(await buildSize(Number(size), root)));
  else if (command === 'measure' && root) console.log(JSON.stringify(await measureSize(root)));
  else await benchScale();
}
