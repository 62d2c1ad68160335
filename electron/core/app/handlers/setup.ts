// Handlers of the manager's set-up entries: they unwrap the contract's inputs, hold the opened key
// for the session, report progress to the task board, and call setup.
import { randomInt } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { utcNow } from '../../../../db/open';
import { listSeals } from '../../../../db/repositories/closeout';
import { findJob, listJobs, setJobMasks } from '../../../../db/repositories/deidJobs';
import { setupCounts } from '../../../../db/repositories/setupStatus';
import { updateStudySettings } from '../../../../db/repositories/study';
import { listUsers } from '../../../../db/repositories/users';
import { appendAudit } from '../../audit/chain';
import { addUser } from '../../auth/users';
import { unlockStudyKey } from '../../blinding/sealedKey';
import { framePng } from '../../media/frame';
import { probe } from '../../media/probe';
import { CoreError } from '../../../common/result';
import { assertStudyUnlocked } from '../../study/lockState';
import { parseRecordingsManifest, type RecordingsMapping } from '../../setup/import';
import { allocationOf, recordingsOf } from '../../setup/sealedRecords';
import { clipToWatch } from '../../setup/watch';
import {
  acceptBlindingDifference,
  assertReadyToDeidentify,
  assignClips,
  blindingExceptions,
  deidentifyPending,
  importAllocation,
  importRecordings,
  pictureCheck,
  previewRecordings,
  sealStudy,
  assertWindowReached,
  recordingsEndingBefore,
  setStudyCodingWindow,
  setStudyPicture,
  studyMasks,
} from '../../setup';
import { holdKeyring, keyringOf, must, type CoreContext, type Caller, type HandlerGroup } from './context';

type SetupCalls =
  | 'setup.status'
  | 'setup.unlock'
  | 'setup.choosePath'
  | 'setup.importAllocation'
  | 'setup.previewRecordings'
  | 'setup.importRecordings'
  | 'setup.pendingJobs'
  | 'setup.watchAsCoder'
  | 'setup.previewFrame'
  | 'setup.setMasks'
  | 'setup.setPicture'
  | 'setup.setCodingWindow'
  | 'setup.pictureCheck'
  | 'setup.acceptBlindingDifference'
  | 'setup.deidentify'
  | 'setup.progress'
  | 'setup.cancel'
  | 'setup.addUser'
  | 'setup.assign'
  | 'setup.seal';

type MappingInput = { kind: 'pattern'; pattern: string } | { kind: 'manifest'; manifestPath: string };

async function toMapping(input: MappingInput) {
  if (input.kind === 'pattern') return { mapping: { kind: 'pattern', pattern: input.pattern } as RecordingsMapping, problems: [] };
  const parsed = parseRecordingsManifest(await readFileOrFail(input.manifestPath));
  return parsed.ok
    ? { mapping: { kind: 'manifest', manifest: parsed.rows } as RecordingsMapping, problems: [] }
    : { mapping: null, problems: parsed.problems };
}

export async function readFileOrFail(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch {
    throw new CoreError('not_found', 'That file could not be read');
  }
}

export async function withTask<T>(ctx: CoreContext, caller: Caller, task: string, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  let signal: AbortSignal;
  try {
    signal = ctx.tasks.start(caller.sessionKey, task);
  } catch (error) {
    throw new CoreError('conflict', (error as Error).message);
  }
  try {
    const result = await run(signal);
    ctx.tasks.finish(caller.sessionKey, null);
    return result;
  } catch (error) {
    ctx.tasks.finish(caller.sessionKey, error instanceof CoreError ? error.message : 'failed');
    throw error;
  }
}

/** The picture check's slot on the task board, beside the session's own. */
const pictureSlot = (sessionKey: string): string => `${sessionKey}\u0000picture`;

export const progress = (ctx: CoreContext, caller: Caller) => (done: number, total: number) => ctx.tasks.update(caller.sessionKey, { done, total });


export const setupHandlers: HandlerGroup<SetupCalls> = {
  'setup.status': (ctx, caller) => {
    const db = ctx.study.db;
    const keyring = ctx.keyrings.get(caller.sessionKey);
    const { jobs, clips, assigned } = setupCounts(db, 'outcome');
    const seals = listSeals(db).map((s) => ({ commitment: s.commitment, clips: s.clips, sealedAt: s.sealedAt }));
    return {
      unlocked: keyring !== undefined,
      participants: keyring ? allocationOf(db, keyring).size : null,
      recordings: { pending: jobs.pending, done: jobs.done, failed: jobs.failed },
      clips,
      users: listUsers(db).map((u) => ({ name: u.name, role: u.role })),
      assigned,
      unassigned: clips - assigned,
      seals,
      studyMasks: studyMasks(ctx.study.db),
      blindingExceptions: blindingExceptions(db),
    };
  },
  'setup.unlock': async (ctx, caller, input) => {
    const keyring = await unlockStudyKey(ctx.study.db, input.passphrase);
    holdKeyring(ctx, caller, keyring);
    appendAudit(ctx.study.db, { actor: must(caller).name, action: 'key.open_for_setup' });
    return null;
  },
  'setup.choosePath': async (ctx, _caller, input) => ({
    path: await ctx.host.choosePath({ kind: input.kind, title: input.title, ...(input.kind === 'file' ? { filters: [{ name: 'CSV', extensions: ['csv', 'txt'] }] } : {}) }),
  }),
  'setup.importAllocation': async (ctx, caller, input) => {
    const keyring = keyringOf(ctx, caller);
    const outcome = importAllocation(
      ctx.study.db,
      keyring,
      await readFileOrFail(input.path),
      {
        ...(input.idColumn ? { idColumn: input.idColumn } : {}),
        ...(input.armColumn ? { armColumn: input.armColumn } : {}),
        ...(input.stratumColumn ? { stratumColumn: input.stratumColumn } : {}),
        ...(input.arms ? { arms: input.arms } : {}),
      },
      must(caller).name,
    );
    return outcome.ok ? { imported: outcome.value, problems: [] } : { imported: null, problems: outcome.problems };
  },
  'setup.previewRecordings': async (ctx, caller, input) => {
    const keyring = keyringOf(ctx, caller);
    const { mapping, problems } = await toMapping(input.mapping);
    if (!mapping) return { imported: null, problems };
    const preview = await withTask(ctx, caller, 'Checking recordings', () =>
      previewRecordings(ctx.study.db, keyring, input.folder, mapping, progress(ctx, caller), new Set(input.leaveOut ?? [])),
    );
    return {
      imported: preview.preview.map((p) => ({
        file: p.file,
        participant: p.participant,
        timepoint: p.timepoint,
        task: p.task,
        date: p.date,
        durationSeconds: p.media?.durationSeconds ?? null,
        video: p.media?.video ? `${p.media.video.codec} ${p.media.video.width}×${p.media.video.height}` : null,
      })),
      problems: preview.problems,
    };
  },
  'setup.importRecordings': async (ctx, caller, input) => {
    const keyring = keyringOf(ctx, caller);
    const { mapping, problems } = await toMapping(input.mapping);
    if (!mapping) return { imported: null, problems };
    const outcome = await withTask(ctx, caller, 'Importing recordings', () =>
      importRecordings(ctx.study.db, keyring, input.folder, mapping, must(caller).name, progress(ctx, caller), new Set(input.leaveOut ?? [])),
    );
    return outcome.ok ? { imported: outcome.value, problems: [] } : { imported: null, problems: outcome.problems };
  },
  'setup.watchAsCoder': (ctx, caller, input) => {
    const session = must(caller);
    const clip = clipToWatch(ctx.study.db, session.name, input.code, (n) => randomInt(n));
    // The coder's own path: the blinded file, a token bound to this session (handlers/coding.ts).
    const file = path.join(ctx.study.paths.blindedMedia, path.basename(clip.mediaFile));
    const token = ctx.mediaTokens.issue({ sessionKey: caller.sessionKey, userId: session.userId, file, contentType: 'video/mp4' });
    return { code: clip.code, mediaUrl: `${ctx.mediaBaseUrl}${token}`, durationSeconds: clip.durationSeconds, frameRate: clip.frameRate, clips: clip.clips };
  },
  'setup.pendingJobs': (ctx, caller) => {
    const keyring = keyringOf(ctx, caller);
    const sources = new Map(recordingsOf(ctx.study.db, keyring).map((r) => [r.code, r]));
    return listJobs(ctx.study.db, 'outcome').map((j) => {
      const s = sources.get(j.code);
      return {
        code: j.code,
        sourceFile: s?.sourceFile ?? '',
        participant: s?.participant ?? '',
        timepoint: s?.timepoint ?? null,
        status: j.status,
        error: j.error,
        masks: j.masks,
      };
    });
  },
  'setup.previewFrame': async (ctx, caller, input) => {
    const keyring = keyringOf(ctx, caller);
    const source = recordingsOf(ctx.study.db, keyring).find((r) => r.code === input.code);
    if (!source) throw new CoreError('not_found', `No recording has the code ${input.code}`);
    const probed = await probe(source.sourcePath).catch(() => {
      throw new CoreError('not_found', 'The source recording can no longer be read');
    });
    const video = probed.streams.find((s) => s.codecType === 'video');
    const quarterTurn = Math.abs(video?.rotation ?? 0) % 180 === 90;
    const png = await framePng(source.sourcePath, Math.min(input.seconds, Math.max(0, probed.durationSeconds - 0.1)));
    return {
      dataUrl: `data:image/png;base64,${png.toString('base64')}`,
      width: (quarterTurn ? video?.height : video?.width) ?? 0,
      height: (quarterTurn ? video?.width : video?.height) ?? 0,
    };
  },
  'setup.setMasks': (ctx, caller, input) => {
    const db = ctx.study.db;
    assertStudyUnlocked(db, 'change masks');
    db.transaction(() => {
      if (input.code === null) {
        updateStudySettings(db, { masks: input.masks });
      } else {
        const job = findJob(db, input.code);
        if (!job) throw new CoreError('not_found', `No recording has the code ${input.code}`);
        if (job.status === 'done') throw new CoreError('locked', 'That recording is already de-identified');
        setJobMasks(db, input.code, input.masks, utcNow());
      }
      appendAudit(db, { actor: must(caller).name, action: 'setup.masks', detail: { scope: input.code ?? 'study', masks: input.masks.length } });
    })();
    return null;
  },
  'setup.setPicture': (ctx, caller, input) => {
    setStudyPicture(ctx.study.db, input.picture, must(caller).name);
    return null;
  },
  'setup.pictureCheck': async (ctx, caller) => {
    const keyring = keyringOf(ctx, caller);
    // Probing the recordings not yet de-identified takes a while on a real study. The check has a
    // board slot of its own (setup.progress { of: 'picture' }), so it never holds up an import or a
    // de-identification the manager starts meanwhile; a second check at once goes without one.
    const slot = pictureSlot(caller.sessionKey);
    let followed: boolean;
    try {
      ctx.tasks.start(slot, 'Checking pictures');
      followed = true;
    } catch {
      followed = false;
    }
    try {
      return await pictureCheck(ctx.study.db, keyring, followed ? (done, total) => ctx.tasks.update(slot, { done, total }) : undefined);
    } finally {
      if (followed) ctx.tasks.finish(slot, null);
    }
  },
  'setup.setCodingWindow': async (ctx, caller, input) => {
    // A window that starts after a recording ends is refused here already, when the key is open to
    // read the recordings; de-identification refuses it in any case (assertReadyToDeidentify).
    const keyring = ctx.keyrings.get(caller.sessionKey);
    if (input.window && keyring) assertWindowReached(input.window, await recordingsEndingBefore(ctx.study.db, keyring, input.window), 'the window was not changed');
    setStudyCodingWindow(ctx.study.db, input.window, must(caller).name);
    return null;
  },
  'setup.acceptBlindingDifference': (ctx, caller, input) => acceptBlindingDifference(ctx.study.db, keyringOf(ctx, caller), must(caller).name, input.check, input.reason),
  'setup.deidentify': async (ctx, caller, input) => {
    const keyring = keyringOf(ctx, caller);
    await assertReadyToDeidentify(ctx.study.db, keyring);
    return withTask(ctx, caller, 'De-identifying', (signal) =>
      deidentifyPending(ctx.study.db, keyring, ctx.study.paths.blindedMedia, must(caller).name, {
        ...(input.jobs ? { jobs: input.jobs } : {}),
        signal,
        onProgress: (e) => ctx.tasks.update(caller.sessionKey, { done: Math.round(e.overall), total: 100, items: { [e.code]: e.percent } }),
      }),
    );
  },
  'setup.progress': (ctx, caller, input) => ctx.tasks.get(input.of === 'picture' ? pictureSlot(caller.sessionKey) : caller.sessionKey),
  'setup.cancel': (ctx, caller) => ({ cancelled: ctx.tasks.cancel(caller.sessionKey) }),
  'setup.addUser': async (ctx, caller, input) => {
    await addUser(ctx.study.db, input, must(caller).name);
    return { name: input.name.trim(), role: input.role };
  },
  'setup.assign': (ctx, caller, input) =>
    assignClips(
      ctx.study.db,
      keyringOf(ctx, caller),
      { coders: input.coders, doubleFraction: input.doubleFraction, ...(input.seed ? { seed: input.seed } : {}) },
      must(caller).name,
    ),
  'setup.seal': (ctx, caller) => sealStudy(ctx.study.db, keyringOf(ctx, caller), must(caller).name),
};
