// What a coder receives for one of their clips. Built from the clip's opaque code, its technical
// properties (duration, frame rate) and the coder's own work — nothing about its origin.
import path from 'node:path';
import { queuePlace } from '../../../db/repositories/assignments';
import { findClipByCode } from '../../../db/repositories/clips';
import { getDraft, hasBlindingGuess, ratingHistory, type RatingRow } from '../../../db/repositories/ratings';
import type { Db } from '../../../db/open';
import type { ClipView, Draft } from '../../common/contract';
import { CoreError } from '../../common/result';
import { studySettings } from './dimensions';
import { requireAssignment } from './ratings';

export function clipView(
  db: Db,
  coderId: number,
  code: string,
  media: { folder: string; issue: (file: string) => string },
): ClipView {
  const assignment = requireAssignment(db, coderId, code);
  const clip = findClipByCode(db, code);
  if (!clip) throw new CoreError('not_found', `Clip ${code} is not in your queue`);
  const place = queuePlace(db, coderId, assignment.position);
  const history = ratingHistory(db, assignment.id);
  const draft = getDraft(db, assignment.id);
  const settings = studySettings(db);
  return {
    code: clip.code,
    position: place.place,
    total: place.total,
    previousCode: place.previousCode,
    nextCode: place.nextCode,
    mediaUrl: media.issue(path.join(media.folder, path.basename(clip.mediaFile))),
    durationSeconds: clip.durationSeconds,
    frameRate: clip.frameRate ?? 25,
    dimensions: settings.dimensions,
    ...workOnClip(draft, history),
    blindingCheck: {
      enabled: settings.blindingCheck.enabled,
      timepoints: settings.blindingCheck.timepoints,
      answered: hasBlindingGuess(db, assignment.id),
    },
  };
}

/** A rater's own work on a clip as the rater sees it: the draft, the time spent and every version. */
export function workOnClip(
  draft: { draft: Draft; secondsSpent: number } | undefined,
  history: readonly RatingRow[],
): Pick<ClipView, 'draft' | 'secondsSpent' | 'history'> {
  return {
    draft: draft?.draft ?? null,
    secondsSpent: draft?.secondsSpent ?? history.reduce((sum, r) => sum + (r.secondsSpent ?? 0), 0),
    history: history.map((r) => ({
      version: r.version,
      scores: r.scores,
      notes: r.notes,
      overallNote: r.overallNote,
      unscorable: r.unscorable,
      markers: r.markers,
      submittedAt: r.submittedAt,
      amendmentReason: r.amendmentReason,
    })),
  };
}
