// An auditor's work on their own session clips: the queue, the clip with its audio link, drafts,
// submission and amendment. Ratings live where outcome ratings do (assignments → drafts, ratings:
// immutable versions, amendments with a reason, the audit log) and use coding's queue, assignment
// lookup and scale checks; what differs is the form — adherence and the study's items
// (./dimensions) instead of the outcome scales — and that only session clips are accepted.

import path from 'node:path';
import type { Db } from '../../../db/open';
import { queuePlace } from '../../../db/repositories/assignments';
import { findClipByCode } from '../../../db/repositories/clips';
import { findSampledSession } from '../../../db/repositories/fidelity';
import { getDraft, ratingHistory } from '../../../db/repositories/ratings';
import { workOnClip } from '../coding/clipView';
import { amendRating, coderQueue, requireAssignment, saveDraft, submitRating, type Coder } from '../coding/ratings';
import { SESSION_AUDIO_TYPE, type AuditClipView, type CoderQueue, type DraftInput, type RatingContentInput, type SubmitReceipt } from '../../common/contract';
import { CoreError } from '../../common/result';
import { fidelityDimensions } from './dimensions';
import { ACCEPTABLE_ADHERENCE } from './summary';

/** An auditor is a user with role 'auditor'; the same shape as coding's Coder. */
export type Auditor = Coder;

/** The auditor's own session clips in their shuffled order, with progress (coding's queue). */
export function auditorQueue(db: Db, auditorId: number): CoderQueue {
  return coderQueue(db, auditorId);
}

/** The auditor's assignment of a session clip; any other code is "not found", as for coders. */
function requireSessionAssignment(db: Db, auditorId: number, code: string) {
  const assignment = requireAssignment(db, auditorId, code);
  if (findClipByCode(db, code)?.kind !== 'session') throw new CoreError('not_found', `Clip ${code} is not in your queue`);
  return assignment;
}

export function auditClipView(
  db: Db,
  auditorId: number,
  code: string,
  media: { folder: string; issue: (file: string, contentType: typeof SESSION_AUDIO_TYPE) => string },
): AuditClipView {
  const assignment = requireSessionAssignment(db, auditorId, code);
  const clip = findClipByCode(db, code)!;
  const session = findSampledSession(db, code);
  if (!session) throw new CoreError('internal', `Session clip ${code} is not in the sample`);
  const place = queuePlace(db, auditorId, assignment.position);
  const history = ratingHistory(db, assignment.id);
  const draft = getDraft(db, assignment.id);
  return {
    code: clip.code,
    position: place.place,
    total: place.total,
    previousCode: place.previousCode,
    nextCode: place.nextCode,
    mediaUrl: media.issue(path.join(media.folder, path.basename(clip.mediaFile)), SESSION_AUDIO_TYPE),
    mediaType: SESSION_AUDIO_TYPE,
    durationSeconds: clip.durationSeconds,
    sessionNumber: session.sessionNumber,
    dimensions: fidelityDimensions(db),
    acceptableFrom: ACCEPTABLE_ADHERENCE,
    ...workOnClip(draft, history),
  };
}

export function saveAuditDraft(db: Db, auditorId: number, code: string, draft: DraftInput, secondsSpent: number): { savedAt: string } {
  requireSessionAssignment(db, auditorId, code);
  return saveDraft(db, auditorId, code, draft, secondsSpent, fidelityDimensions(db));
}

export function submitAudit(db: Db, auditor: Auditor, code: string, content: RatingContentInput, secondsSpent: number): SubmitReceipt {
  requireSessionAssignment(db, auditor.id, code);
  return submitRating(db, auditor, code, content, secondsSpent, fidelityDimensions(db));
}

export function amendAudit(db: Db, auditor: Auditor, code: string, content: RatingContentInput, reason: string, secondsSpent: number): SubmitReceipt {
  requireSessionAssignment(db, auditor.id, code);
  return amendRating(db, auditor, code, content, reason, secondsSpent, fidelityDimensions(db));
}
