// Small studies built directly for tests: generated clips (ffmpeg), users, and assignments in order.
import path from 'node:path';
import { utcNow } from '../../db/open';
import { insertAssignment } from '../../db/repositories/assignments';
import { insertClip } from '../../db/repositories/clips';
import { addUser } from '../../electron/core/auth/users';
import { newClipCode } from '../../electron/core/blinding/codes';
import { sha256File } from '../../electron/core/media/hash';
import { probe } from '../../electron/core/media/probe';
import { runFfmpeg, testPatternArgs } from '../../electron/core/media/run';
import { createStudy } from '../../electron/core/study/study';

export interface FixtureClip {
  readonly seconds: number;
  readonly fps?: number;
  readonly size?: string;
  readonly pattern?: string;
  readonly extra?: readonly string[];
}

export async function buildStudy(
  dir: string,
  spec: { clips: readonly FixtureClip[]; coders: readonly { name: string; password: string; clips: readonly number[] }[]; settings?: Record<string, unknown> },
): Promise<string[]> {
  const study = createStudy(dir, 'Fixture study');
  try {
    const codes: string[] = [];
    const taken = new Set<string>();
    const rows: { code: string; sha256: string; duration: number; fps: number }[] = [];
    for (const [i, clip] of spec.clips.entries()) {
      const code = newClipCode(taken);
      taken.add(code);
      codes.push(code);
      const out = path.join(study.paths.blindedMedia, `${code}.mp4`);
      await runFfmpeg(
        testPatternArgs({ out, seconds: clip.seconds, fps: clip.fps ?? 25, size: clip.size ?? '320x240', pattern: clip.pattern ?? 'testsrc2', frequency: 300 + 50 * i, extra: clip.extra ?? [] }),
      );
      const probed = await probe(out);
      const video = probed.streams.find((s) => s.codecType === 'video');
      rows.push({ code, sha256: await sha256File(out), duration: probed.durationSeconds, fps: video?.frameRate ?? 25 });
    }
    const ids = new Map<string, number>();
    for (const c of spec.coders) ids.set(c.name, await addUser(study.db, { name: c.name, role: 'coder', password: c.password }, 'test'));
    const now = utcNow();
    study.db.transaction(() => {
      const clipIds = rows.map((r) =>
        insertClip(study.db, { code: r.code, kind: 'outcome', mediaFile: `${r.code}.mp4`, sha256: r.sha256, durationSeconds: r.duration, frameRate: r.fps, width: null, height: null, createdAt: now }),
      );
      for (const c of spec.coders) {
        c.clips.forEach((clip, i) =>
          insertAssignment(study.db, { clipId: clipIds[clip]!, coderId: ids.get(c.name)!, position: i + 1, purpose: 'primary', createdAt: now }),
        );
      }
      if (spec.settings) study.db.prepare('UPDATE study SET settings = ? WHERE id = 1').run(JSON.stringify(spec.settings));
    })();
    return codes;
  } finally {
    study.close();
  }
}
