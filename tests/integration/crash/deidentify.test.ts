// Crash safety of de-identification (issue 8): a batch runs in a child process and is SIGKILLed —
// with its ffmpeg — while ffmpeg is writing, several times; after each kill nothing unverified
// carries a final name; a last run finishes the batch without duplicates, every clip recorded once
// and every file matching its recorded hash, no partial files left.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStudy } from '../../../electron/core/study/study';
import type { CliIo } from '../../../electron/cli/io';
import { main } from '../../../electron/cli/main';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { inspectBlindedOutput } from '../../../electron/core/blinding/deidentify/verify';
import { sha256File } from '../../../electron/core/media/hash';
import { makeClip } from '../../support/mediaFixtures';
import { tempDir } from '../../support/tempStudy';
import { bundleWorker, live } from './harness';
import { engineProblems } from '../../support/testDb';

const PASSPHRASE = 'crash test passphrase';
const RECORDINGS = 8;
const KILL_ROUNDS = 6;

let root: string;
let cleanup: () => void;
let studyDir: string;
let media: string;
let worker: string;

async function cli(...argv: string[]): Promise<void> {
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (s) => (err += s), readFile: async (p) => readFileSync(p), env: { BLINDFOLD_PASSPHRASE: PASSPHRASE } };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`blindfold ${argv[0]} failed: ${err}`);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-crash-deid-'));
  studyDir = path.join(root, 'study');
  media = path.join(studyDir, 'media');
  mkdirSync(path.join(root, 'recordings'));
  const ids = Array.from({ length: RECORDINGS / 2 }, (_, i) => `PX-${2001 + i}`);
  // MPEG-4 video in Matroska forces a transcode, so ffmpeg runs long enough to be killed mid-write.
  await Promise.all(
    ids.flatMap((id, i) =>
      ['baseline', 'posttest'].map((t, j) =>
        makeClip(path.join(root, 'recordings', `${id}_${t}_play.mkv`), {
          seconds: 3,
          size: '160x120',
          fps: 25,
          videoCodec: 'mpeg4',
          audioCodec: 'libmp3lame',
          frequency: 300 + 40 * (2 * i + j),
        }),
      ),
    ),
  );
  writeFileSync(path.join(root, 'allocation.csv'), `record_id,arm\n${ids.map((id, i) => `${id},${i % 2 ? 'control' : 'intervention'}`).join('\n')}\n`);
  await cli('init', studyDir, '--name', 'Crash de-identification');
  await cli('import-allocation', studyDir, path.join(root, 'allocation.csv'));
  await cli('import-recordings', studyDir, path.join(root, 'recordings'), '--pattern', '{participant}_{timepoint}_*.mkv');
  worker = await bundleWorker('deidentifyWorker.ts');
}, 120_000);
afterAll(() => {
  cleanup();
  if (worker) rmSync(worker, { force: true });
});

const isPartial = (f: string): boolean => f.startsWith('.') && f.endsWith('.partial.mp4');

/** Every file under a final name is a complete, verified clip. */
async function checkFinalNames(): Promise<string[]> {
  const finals = readdirSync(media).filter((f) => !isPartial(f));
  for (const f of finals) {
    expect(f).toMatch(/^[A-Z0-9-]+\.mp4$/);
    const { problems } = await inspectBlindedOutput(path.join(media, f));
    expect(problems, `${f} is under its final name but does not verify`).toEqual([]);
  }
  return finals;
}

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

describe('de-identification survives SIGKILL', () => {
  it('resumes a batch killed while ffmpeg writes, without duplicates or partial files', async () => {
    const seed = Number(process.env['CRASH_SEED'] ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    let kills = 0;
    let killedWhileWriting = 0;
    for (let round = 0; kills < KILL_ROUNDS && round < 3 * KILL_ROUNDS; round++) {
      // Kill a little after the n-th job starts encoding: ffmpeg is then running and writing its partial.
      const target = 1 + Math.floor(random() * 2);
      let started = 0;
      const life = await live(worker, [studyDir], {
        env: { BLINDFOLD_PASSPHRASE: PASSPHRASE },
        onLine: (line) => (/^progress \S+ encoding 0$/.test(line) && ++started === target ? 20 + random() * 120 : false),
        onKill: () => {
          if (readdirSync(media).some(isPartial)) killedWhileWriting++;
        },
      });
      if (life.signal !== 'SIGKILL') {
        expect(life.exitCode, life.stderr).toBe(0);
        break; // The batch finished before the kill came: nothing left to interrupt.
      }
      kills++;
      await checkFinalNames();
    }
    expect(kills).toBeGreaterThanOrEqual(3);
    expect(killedWhileWriting).toBeGreaterThanOrEqual(1);

    const last = await live(worker, [studyDir], { env: { BLINDFOLD_PASSPHRASE: PASSPHRASE }, timeoutMs: 60_000 });
    expect(last.exitCode, last.stderr).toBe(0);
    const outcome = JSON.parse(last.lines.find((l) => l.startsWith('outcome '))!.slice('outcome '.length)) as { failed: unknown[]; cancelled: boolean };
    expect(outcome).toMatchObject({ failed: [], cancelled: false });

    const finals = await checkFinalNames();
    expect(readdirSync(media).filter(isPartial)).toEqual([]);
    const study = openStudy(studyDir);
    const db = study.db;
    try {
      expect(engineProblems(db)).toEqual([]);
      expect(verifyAuditChain(db)).toMatchObject({ ok: true });
      const jobs = db.prepare('SELECT code, status FROM deid_jobs ORDER BY code').all() as { code: string; status: string }[];
      expect(jobs).toHaveLength(RECORDINGS);
      expect(jobs.every((j) => j.status === 'done')).toBe(true);
      const clips = db.prepare('SELECT code, media_file AS file, sha256 FROM clips ORDER BY code').all() as { code: string; file: string; sha256: string }[];
      expect(clips.map((c) => c.code)).toEqual(jobs.map((j) => j.code));
      expect(new Set(clips.map((c) => c.code)).size).toBe(clips.length);
      expect(finals.sort()).toEqual(clips.map((c) => c.file).sort());
      for (const c of clips) expect(await sha256File(path.join(media, c.file)), c.code).toBe(c.sha256);
    } finally {
      study.close();
    }
    expect(readdirSync(studyDir).filter((f) => f.endsWith('-journal') || f.includes('partial'))).toEqual([]);
    expect(existsSync(path.join(studyDir, db.engine === 'sqlite' ? 'study.sqlite' : 'study.postgres.json'))).toBe(true);
    console.info(
      `de-identification crash test (seed ${seed}): ${kills} SIGKILLs of the batch and its ffmpeg (${killedWhileWriting} while a partial was being written); ` +
        `rerun finished ${RECORDINGS} clips, each recorded once`,
    );
  }, 120_000);
});
