// What the reliability screens need around a report: which raters can be compared, and the clip
// a lead re-watches for a disagreement (its blinded media file, named by its code, for a
// short-lived media link issued by the shell — never a source name).
import type { Db } from '../../../../db/open';
import { findClipByCode } from '../../../../db/repositories/clips';
import type { RaterPairRow, ReliabilityClipKind } from '../../../../db/repositories/reliability';
import { countRatersOfClip, raterPairs } from '../../../../db/repositories/reliability';
import { CoreError } from '../../../common/result';

export type { RaterPairRow };

/** Pairs of coders who share clips, with the number both have submitted (for the pickers). */
export function doubleCodedPairs(db: Db, kind: ReliabilityClipKind = 'outcome'): RaterPairRow[] {
  return raterPairs(db, kind);
}

export interface ReviewClip {
  readonly code: string;
  /** The de-identified file in the study's blinded media folder (`<code>.mp4`). */
  readonly mediaFile: string;
  readonly durationSeconds: number;
  readonly frameRate: number;
}

/**
 * A clip for the lead to re-watch: an outcome clip that two coders rated, or a training clip.
 * Session recordings are not reliability's, and single-coded clips are nothing to compare.
 */
export function clipForReview(db: Db, code: string): ReviewClip {
  const clip = findClipByCode(db, code);
  const raters = clip ? countRatersOfClip(db, clip.id) : 0;
  const reviewable = clip && (clip.kind === 'training' || (clip.kind === 'outcome' && raters >= 2));
  if (!clip || !reviewable) throw new CoreError('not_found', `There is no clip ${code} to re-watch: only double-coded and training clips are compared`);
  return { code: clip.code, mediaFile: clip.mediaFile, durationSeconds: clip.durationSeconds, frameRate: clip.frameRate ?? 25 };
}
