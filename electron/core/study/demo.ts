// The demo study that `npm start` opens when there is none. It is made the way a real study is:
// short generated "recordings" (different test patterns and tones, with identifying metadata planted
// as a phone would) and an allocation go through the real pipeline — import, de-identification,
// seeded assignment with concealed reliability clips, sealing. The passwords and the passphrase are
// documented in README.md; they are for trying the app, never for a real study.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { addUser } from '../auth/users';
import { createStudyKey } from '../blinding/sealedKey';
import type { Role } from '../contract';
import { runFfmpeg, testPatternArgs } from '../media/run';
import { assignClips, deidentifyPending, importAllocation, importRecordings, sealStudy } from './setup';
import { createStudy, type Study } from './study';
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

export async function createDemoStudy(dir: string, options: { clipSeconds?: number; sourcesDir?: string } = {}): Promise<Study> {
  const study = createStudy(dir, 'Blindfold demo study');
  const actor = 'demo';
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
      }
    }
    const csv = `record_id,arm\n${PARTICIPANTS.map((p) => `${p.id},${p.arm}`).join('\n')}\n`;
    writeFileSync(path.join(sources, 'allocation.csv'), csv);

    const allocation = importAllocation(study.db, keyring, Buffer.from(csv), {}, actor);
    if (!allocation.ok) throw new Error(`demo allocation: ${allocation.problems[0]?.message}`);
    const recordings = await importRecordings(study.db, keyring, sources, { kind: 'pattern', pattern: '{participant}_{timepoint}_*.mp4' }, actor);
    if (!recordings.ok) throw new Error(`demo recordings: ${recordings.problems[0]?.message}`);
    const deidentified = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, actor);
    if (deidentified.failed.length > 0) throw new Error(`demo de-identification: ${deidentified.failed[0]?.message}`);
    assignClips(study.db, keyring, { coders: ['coder1', 'coder2'], doubleFraction: 1 / 3, seed: 'blindfold-demo' }, actor);
    sealStudy(study.db, keyring, actor);
    return study;
  } catch (error) {
    study.close();
    throw error;
  }
}
