// `npm run bench server`: the study server under load and under faults, on loopback over HTTPS.
//   1. Load: 50 simulated coders (tests/support/coderClient.ts) log in, open their clips, seek at
//      random (64 KiB Range requests), save drafts, submit and amend — all at once, for a bounded
//      run. Reported: p50/p99 of a submit (or amendment) round trip and of a seek's 64 KiB range, and
//      zero lost, duplicated or misattributed ratings with the audit chain verified.
//   2. Media throughput: the same clip downloaded whole, again and again, from /media/<token> and
//      from a plain static HTTPS file server in the same run; the ratio is the goal (≤ 1.2).
//   3. Faults: the server killed with SIGKILL 20 times mid-load and restarted; every acknowledged
//      rating there once, the clients carried on.
// The study is built through core's own functions: 100 recordings (50 participants × 2 timepoints,
// 2 s each, made with ffmpeg), de-identified, assigned to 50 coders with 20% double-coded.
import { createReadStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { addUser } from '../../electron/core/auth/users';
import { createStudyKey } from '../../electron/core/blinding/sealedKey';
import { setBlindingCheck } from '../../electron/core/coding/dimensions';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { assignClips, deidentifyPending, importAllocation, importRecordings, sealStudy } from '../../electron/core/setup';
import { createStudy } from '../../electron/core/study/study';
import { CoderClient, type SimulatedCoder } from '../support/coderClient';
import { checkStudy, runWithKills } from '../support/faultRun';
import { apiCall, cookieOf, httpsRequest } from '../support/https';
import { startServer } from '../support/serve';
import { testCertificate } from '../support/tls';

const PARTICIPANTS = 50;
const CODERS = 50;

async function buildStudy(dir: string): Promise<SimulatedCoder[]> {
  const study = createStudy(dir, 'Server bench study');
  const actor = 'bench';
  const coders: SimulatedCoder[] = Array.from({ length: CODERS }, (_, i) => ({ name: `coder${String(i + 1).padStart(2, '0')}`, password: `bench-password-${i + 1}` }));
  try {
    const keyring = await createStudyKey(study.db, 'bench passphrase 1234', { N: 2 ** 14, r: 8, p: 1 });
    for (const c of coders) await addUser(study.db, { ...c, role: 'coder' }, actor);
    setBlindingCheck(study.db, { enabled: false, timepoints: ['pre', 'post'] });
    const sources = `${dir}-recordings`;
    mkdirSync(sources, { recursive: true });
    const rows: string[] = ['record_id,arm'];
    for (let p = 0; p < PARTICIPANTS; p++) {
      const id = `P${String(p + 1).padStart(3, '0')}`;
      rows.push(`${id},${p % 2 === 0 ? 'intervention' : 'control'}`);
      for (const [ti, t] of ['pre', 'post'].entries()) {
        await runFfmpeg(testPatternArgs({ out: path.join(sources, `${id}_${t}_play.mp4`), seconds: 2, pattern: 'testsrc2', frequency: 300 + 2 * p + ti, extra: [] }));
      }
    }
    const allocation = importAllocation(study.db, keyring, Buffer.from(`${rows.join('\n')}\n`), {}, actor);
    if (!allocation.ok) throw new Error(allocation.problems[0]?.message);
    const recordings = await importRecordings(study.db, keyring, sources, { kind: 'pattern', pattern: '{participant}_{timepoint}_*.mp4' }, actor);
    if (!recordings.ok) throw new Error(recordings.problems[0]?.message);
    const done = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, actor, { jobs: 2 });
    if (done.failed.length > 0) throw new Error(done.failed[0]?.message);
    assignClips(study.db, keyring, { coders: coders.map((c) => c.name), doubleFraction: 0.2, seed: 'server-bench' }, actor);
    sealStudy(study.db, keyring, actor);
  } finally {
    study.close();
  }
  return coders;
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** A plain static HTTPS server for one file (whole-file GETs): the baseline of media throughput. */
function staticServer(file: string): Promise<{ url: string; close: () => Promise<void> }> {
  const { cert, key } = testCertificate();
  const server = https.createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'video/mp4', 'Content-Length': statSync(file).size });
    createReadStream(file, { highWaterMark: 512 * 1024 }).pipe(res);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ url: `https://127.0.0.1:${address.port}`, close: () => new Promise((r) => server.close(() => r())) });
    }),
  );
}

async function throughput(url: string, pathName: string, headers: Record<string, string>, rounds: number): Promise<number> {
  let bytes = 0;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) bytes += (await httpsRequest(url, pathName, { headers })).body.length;
  return bytes / ((performance.now() - t0) / 1000);
}

export async function benchServer(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'blindfold-bench-server-'));
  try {
    const studyDir = path.join(root, 'study');
    let t0 = performance.now();
    const coders = await buildStudy(studyDir);
    console.log(`study: ${PARTICIPANTS * 2} clips, ${CODERS} coders, built in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

    // 1. Load.
    const server = await startServer(studyDir);
    const clients = coders.map((c) => new CoderClient(() => server.url, c));
    t0 = performance.now();
    await Promise.all(clients.map((c) => c.work({ amends: 6, seeks: 6 })));
    const seconds = (performance.now() - t0) / 1000;
    const submits = clients.flatMap((c) => c.stats.submitMs);
    const seeks = clients.flatMap((c) => c.stats.seekFirstByteMs);
    console.log(`load: ${CODERS} coders at once, ${submits.length} submits and amendments, ${seeks.length} seeks in ${seconds.toFixed(1)} s`);
    console.log(`  submit round trip  p50 ${ms(quantile(submits, 0.5))}  p99 ${ms(quantile(submits, 0.99))}`);
    console.log(`  seek (64 KiB)      p50 ${ms(quantile(seeks, 0.5))}  p99 ${ms(quantile(seeks, 0.99))}`);

    // 2. Media throughput against a plain static server, the same clip, the same TLS.
    const coder = coders[0]!;
    const login = await apiCall(server.url, 'auth.login', { name: coder.name, password: coder.password });
    const cookie = cookieOf(login);
    const queue = (await apiCall(server.url, 'coding.queue', {}, { cookie })).json() as { value: { items: { code: string }[] } };
    const clip = (await apiCall(server.url, 'coding.clip', { code: queue.value.items[0]!.code }, { cookie })).json() as { value: { mediaUrl: string } };
    const file = path.join(root, 'clip.mp4');
    writeFileSync(file, (await httpsRequest(server.url, clip.value.mediaUrl, { headers: { Cookie: cookie } })).body);
    const baseline = await staticServer(file);
    const rounds = 200;
    await throughput(baseline.url, '/', {}, 10);
    await throughput(server.url, clip.value.mediaUrl, { Cookie: cookie }, 10);
    const plain = await throughput(baseline.url, '/', {}, rounds);
    const ours = await throughput(server.url, clip.value.mediaUrl, { Cookie: cookie }, rounds);
    await baseline.close();
    console.log(`media: ${(statSync(file).size / 1024).toFixed(0)} KiB clip × ${rounds}: ${(ours / 1e6).toFixed(1)} MB/s vs static ${(plain / 1e6).toFixed(1)} MB/s — cost ratio ${(plain / ours).toFixed(2)} (goal ≤ 1.2)`);
    await server.stop();
    const loadProblems = checkStudy(studyDir, clients);
    console.log(`  after load: ${clients.reduce((n, c) => n + c.acknowledged.length, 0)} acknowledged writes; problems: ${loadProblems.length === 0 ? 'none' : loadProblems.join('; ')}`);

    // 3. Faults: 20 SIGKILLs mid-load.
    const run = await runWithKills(studyDir, coders, { kills: 20, amends: 10, seeks: 2, earlier: clients });
    console.log(
      `faults: ${run.kills} SIGKILLs in ${run.seconds.toFixed(1)} s; ${run.acknowledged} acknowledged writes, ${run.clients.reduce((n, c) => n + c.stats.retries, 0)} resends, ${run.clients.reduce((n, c) => n + c.stats.logins, 0)} logins; problems: ${run.problems.length === 0 ? 'none (every acknowledged rating there once, versions contiguous, audit chain verified)' : run.problems.join('; ')}`,
    );
  } finally {
    rmSync(root, { recursive: true, force: true });
    rmSync(`${path.join(root, 'study')}-recordings`, { recursive: true, force: true });
  }
}
