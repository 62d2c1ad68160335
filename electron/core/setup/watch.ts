// "Watch as a coder": the manager plays a de-identified clip exactly as a coder receives it — the
// same blinded file, through the same short-lived media link and player, known only by its code —
// to check what de-identification left in the picture and sound before coding starts.
import type { Db } from '../../../db/open';
import { clipsOfKind, findClipByCode } from '../../../db/repositories/clips';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';

export interface ClipToWatch {
  readonly code: string;
  /** The blinded file, `<code>.mp4`, in the study's blinded media folder. */
  readonly mediaFile: string;
  readonly durationSeconds: number;
  readonly frameRate: number;
  /** De-identified outcome clips there are to watch. */
  readonly clips: number;
}

/**
 * The clip asked for, or one drawn at random (`pick(n)` gives a whole number from 0 to n − 1) so the
 * manager samples the batch rather than always the first clip. Outcome clips only; audit-logged.
 */
export function clipToWatch(db: Db, actor: string, code: string | undefined, pick: (n: number) => number): ClipToWatch {
  const clips = clipsOfKind(db, 'outcome');
  if (clips.length === 0) throw new CoreError('not_found', 'No clip is de-identified yet: run the de-identification first');
  const clip = code === undefined ? clips[pick(clips.length)]! : findClipByCode(db, code);
  if (!clip || clip.kind !== 'outcome') throw new CoreError('not_found', `There is no de-identified outcome clip ${code ?? ''}`.trim());
  appendAudit(db, { actor, action: 'clip.watch_as_coder', detail: { code: clip.code } });
  return { code: clip.code, mediaFile: clip.mediaFile, durationSeconds: clip.durationSeconds, frameRate: clip.frameRate ?? 25, clips: clips.length };
}
