// The demo study that `npm start` opens when there is none. It is made the way a real study is:
// short generated "recordings" (different test patterns and tones, with identifying metadata planted
// as a phone would) and an allocation go through the real pipeline — import, de-identification,
// seeded assignment with concealed reliability clips, sealing. The passwords and the passphrase are
// documented in README.md; they are for trying the app, never for a real study.
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { addUser } from '../auth/users';
import { createStudyKey } from '../blinding/sealedKey';
import type { Role } from '../../common/contract';
import { runFfmpeg, testPatternArgs } from '../media/run';
import { assignClips, deidentifyPending, importAllocation, importRecordings, sealStudy } from '../setup';
import { createStudy, type Study } from '../study/study';
import { setBlindingCheck } from '../coding/dimensions';

export const DEMO_PASSPHRASE = 'demo unblinding passphrase';

export const DEMO_USERS: readonly { name: string; role: Role; password: string }[] = [
  { name: 'manager', role: 'manager', password: 'demo-manager' },
  { name: 'coder1', role: 'coder', password: 'demo-coder1' },
  { name: 'coder2', role: 'coder', password: 'demo-coder2' },
  { name: 'lead', role: 'reliability', password: 'demo-lead' },
  { name: 'auditor', role: 'auditor', password: 'demo-auditor' },
];

const PATTERNS = ['testsrc2', 'smptebars', 'testsrc', 'rgbtestsrc', 'smptehdbars', 'yuvtestsrc'] as const;
const PARTICIPANTS = [
  { id: 'DEMO-001', arm: 'intervention' },
  { id: 'DEMO-002', arm: 'control' },
  { id: 'DEMO-003', arm: 'intervention' },
] as const;
const TIMEPOINTS = ['pretest', 'posttest'] as const;

/** How far the demo has come: `done` of `total` steps, and what is being done now. */
export interface DemoProgress {
  readonly done: number;
  readonly total: number;
  readonly step: string;
}

export interface DemoOptions {
  readonly clipSeconds?: number;
  readonly sourcesDir?: string;
  readonly onProgress?: (progress: DemoProgress) => void;
}

const RECORDINGS = PARTICIPANTS.length * TIMEPOINTS.length;
// Recordings made, allocation, import, each clip de-identified, assignment, seal.
const DEMO_STEPS = RECORDINGS + 2 + RECORDINGS + 2;

export async function createDemoStudy(dir: string, options: DemoOptions = {}): Promise<Study> {
  const study = createStudy(dir, 'Blindfold demo study');
  const actor = 'demo';
  let done = 0;
  const report = (step: string, advance = 1) => {
    done = Math.min(DEMO_STEPS, done + advance);
    options.onProgress?.({ done, total: DEMO_STEPS, step });
  };
  options.onProgress?.({ done: 0, total: DEMO_STEPS, step: 'Making the demo recordings' });
  try {
    const keyring = await createStudyKey(study.db, DEMO_PASSPHRASE, { N: 2 ** 14, r: 8, p: 1 });
    for (const user of DEMO_USERS) await addUser(study.db, user, actor);
    setBlindingCheck(study.db, { enabled: false, timepoints: [...TIMEPOINTS] });

    const sources = options.sourcesDir ?? path.join(path.dirname(study.paths.dir), `${path.basename(study.paths.dir)}-recordings`);
    mkdirSync(sources, { recursive: true });
    let i = 0;
    for (const p of PARTICIPANTS) {
      for (const t of TIMEPOINTS) {
        await runFfmpeg(
          testPatternArgs({
            out: path.join(sources, `${p.id}_${t}_play.mp4`),
            seconds: options.clipSeconds ?? 8,
            pattern: PATTERNS[i % PATTERNS.length]!,
            frequency: 330 + 110 * i,
            extra: ['-metadata', `title=${p.id} ${t}`, '-metadata', 'creation_time=2024-05-01T10:00:00Z'],
          }),
        );
        i++;
        report(`Made demo recording ${i} of ${RECORDINGS}`);
      }
    }
    const csv = `record_id,arm\n${PARTICIPANTS.map((p) => `${p.id},${p.arm}`).join('\n')}\n`;
    writeFileSync(path.join(sources, 'allocation.csv'), csv);

    const allocation = importAllocation(study.db, keyring, Buffer.from(csv), {}, actor);
    if (!allocation.ok) throw new Error(`demo allocation: ${allocation.problems[0]?.message}`);
    report('Imported the allocation');
    const recordings = await importRecordings(study.db, keyring, sources, { kind: 'pattern', pattern: '{participant}_{timepoint}_*.mp4' }, actor);
    if (!recordings.ok) throw new Error(`demo recordings: ${recordings.problems[0]?.message}`);
    report('Imported the recordings');
    const finished = new Set<string>();
    const deidentified = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, actor, {
      onProgress: (event) => {
        if (event.percent < 100 || finished.has(event.code)) return;
        finished.add(event.code);
        report(`De-identified clip ${finished.size} of ${RECORDINGS}`);
      },
    });
    if (deidentified.failed.length > 0) throw new Error(`demo de-identification: ${deidentified.failed[0]?.message}`);
    report('De-identified every clip', RECORDINGS - finished.size);
    assignClips(study.db, keyring, { coders: ['coder1', 'coder2'], doubleFraction: 1 / 3, seed: 'blindfold-demo' }, actor);
    report('Assigned the clips to the demo coders');
    sealStudy(study.db, keyring, actor);
    report('Sealed the key');
    return study;
  } catch (error) {
    study.close();
    throw error;
  }
}

/**
 * Makes the demo study at `dir` whole or not at all: it is built in a sibling folder and renamed
 * into place only once complete, so a failure (ffmpeg missing, say) leaves nothing that a later start
 * would mistake for a study. The recordings go to `<dir>-recordings`, made anew on each try.
 */
export async function installDemoStudy(dir: string, options: Omit<DemoOptions, 'sourcesDir'> = {}): Promise<void> {
  const final = path.resolve(dir);
  mkdirSync(path.dirname(final), { recursive: true });
  if (existsSync(final)) throw new Error(`${final} already exists; the demo study is only made where nothing is`);
  // A try that was killed midway left its partial folder behind: it is no study, remove it.
  const stale = `${path.basename(final)}.partial-`;
  for (const name of readdirSync(path.dirname(final))) {
    if (name.startsWith(stale)) rmSync(path.join(path.dirname(final), name), { recursive: true, force: true });
  }
  const partial = `${final}.partial-${randomBytes(6).toString('hex')}`;
  const sources = `${final}-recordings`;
  rmSync(sources, { recursive: true, force: true });
  try {
    (await createDemoStudy(partial, { ...options, sourcesDir: sources })).close();
    renameSync(partial, final);
  } catch (error) {
    rmSync(partial, { recursive: true, force: true });
    rmSync(sources, { recursive: true, force: true });
    throw error;
  }
}
