// What the reliability screens need around a report: which raters can be compared, and the clip
// a lead re-watches for a disagreement (its blinded media file, named by its code, for a
// short-lived media link issued by the shell — never a source name).
import type { Db } from '../../../../db/open';
import { findClipByCode } from '../../../../db/repositories/clips';
import type { RaterPairRow, ReliabilityClipKind } from '../../../../db/repositories/reliability';
import { raterPairs } from '../../../../db/repositories/reliability';
import { CoreError } from '../../result';

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

/** An outcome or training clip for the lead to re-watch; session recordings are not reliability's. */
export function clipForReview(db: Db, code: string): ReviewClip {
  const clip = findClipByCode(db, code);
  if (!clip || (clip.kind !== 'outcome' && clip.kind !== 'training')) throw new CoreError('not_found', `There is no clip ${code}`);
  return { code: clip.code, mediaFile: clip.mediaFile, durationSeconds: clip.durationSeconds, frameRate: clip.frameRate ?? 25 };
}
