// The demo study that `npm start` opens when there is none: a few short generated clips (different
// test patterns and tones, so they are told apart), a manager, two coders and their assignments.
// The passwords are documented in README.md; they are for trying the app, never for a real study.
import path from 'node:path';
import { utcNow } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { insertClip } from '../../../db/repositories/clips';
import { appendAudit } from '../audit/chain';
import { addUser } from '../auth/users';
import { newClipCode } from '../blinding/codes';
import type { Role } from '../contract';
import { sha256File } from '../media/hash';
import { probe } from '../media/probe';
import { runFfmpeg, testPatternArgs } from '../media/run';
import { createStudy, type Study } from './study';

export const DEMO_USERS: readonly { name: string; role: Role; password: string }[] = [
  { name: 'manager', role: 'manager', password: 'demo-manager' },
  { name: 'coder1', role: 'coder', password: 'demo-coder1' },
  { name: 'coder2', role: 'coder', password: 'demo-coder2' },
];

const DEMO_CLIPS = [
  { pattern: 'testsrc2', frequency: 440 },
  { pattern: 'smptebars', frequency: 660 },
  { pattern: 'testsrc', frequency: 330 },
  { pattern: 'rgbtestsrc', frequency: 550 },
] as const;

// Which demo clip goes to which coder, in queue order. Clips 0 and 2 are double-coded.
const DEMO_QUEUES: Readonly<Record<string, readonly { clip: number; purpose: 'primary' | 'reliability' }[]>> = {
  coder1: [
    { clip: 1, purpose: 'primary' },
    { clip: 2, purpose: 'reliability' },
    { clip: 0, purpose: 'primary' },
  ],
  coder2: [
    { clip: 0, purpose: 'reliability' },
    { clip: 3, purpose: 'primary' },
    { clip: 2, purpose: 'primary' },
  ],
};

export async function createDemoStudy(dir: string, options: { clipSeconds?: number } = {}): Promise<Study> {
  const study = createStudy(dir, 'Blindfold demo study');
  const seconds = options.clipSeconds ?? 8;
  try {
    const userIds = new Map<string, number>();
    for (const user of DEMO_USERS) userIds.set(user.name, await addUser(study.db, user, 'system'));
    const taken = new Set<string>();
    const clips: { code: string; file: string; sha256: string; duration: number; fps: number; width: number; height: number }[] = [];
    for (const spec of DEMO_CLIPS) {
      const code = newClipCode(taken);
      taken.add(code);
      const file = `${code}.mp4`;
      const out = path.join(study.paths.blindedMedia, file);
      await runFfmpeg(
        testPatternArgs({
          out,
          seconds,
          pattern: spec.pattern,
          frequency: spec.frequency,
          extra: ['-map_metadata', '-1', '-map_chapters', '-1', '-fflags', '+bitexact', '-flags:v', '+bitexact', '-flags:a', '+bitexact'],
        }),
      );
      const probed = await probe(out);
      const video = probed.streams.find((s) => s.codecType === 'video');
      clips.push({
        code,
        file,
        sha256: await sha256File(out),
        duration: probed.durationSeconds,
        fps: video?.frameRate ?? 25,
        width: video?.width ?? 0,
        height: video?.height ?? 0,
      });
    }
    const now = utcNow();
    study.db.transaction(() => {
      const clipIds = clips.map((c) =>
        insertClip(study.db, {
          code: c.code,
          kind: 'outcome',
          mediaFile: c.file,
          sha256: c.sha256,
          durationSeconds: c.duration,
          frameRate: c.fps,
          width: c.width,
          height: c.height,
          createdAt: now,
        }),
      );
      for (const [coder, queue] of Object.entries(DEMO_QUEUES)) {
        queue.forEach((entry, i) => {
          const clipId = clipIds[entry.clip];
          const coderId = userIds.get(coder);
          if (clipId === undefined || coderId === undefined) throw new Error('demo study definition is inconsistent');
          insertAssignment(study.db, { clipId, coderId, position: i + 1, purpose: entry.purpose, createdAt: now });
        });
      }
      appendAudit(study.db, { actor: 'system', action: 'study.demo_created', detail: { clips: clips.length } });
    })();
    return study;
  } catch (error) {
    study.close();
    throw error;
  }
}
