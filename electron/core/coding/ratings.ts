// A coder's work on their own assignments: the queue, drafts, submissions and amendments. Every
// query is scoped by the coder's id, so a coder can neither see nor touch another coder's ratings;
// a clip that is not in their queue is "not found", exactly like a code that does not exist.
import { utcNow, type Db } from '../../../db/open';
import { findAssignment, nextUnsubmittedAfter, queueOf } from '../../../db/repositories/assignments';
import {
  deleteDraft,
  getDraft,
  hasBlindingGuess,
  insertBlindingGuess,
  insertRating,
  latestRating,
  upsertDraft,
} from '../../../db/repositories/ratings';
import { appendAudit } from '../audit/chain';
import { findClipByCode } from '../../../db/repositories/clips';
import type { CoderQueue, ClipStatus, DraftInput, DraftReceipt, RatingContentInput, ScaleDimension, SubmitReceipt } from '../../common/contract';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { studyDimensions, studySettings } from './dimensions';
import { checkMarkers } from './markers';
import { checkDraft, checkRatingContent } from './scales';

export interface Coder {
  readonly id: number;
  readonly name: string;
}

export function coderQueue(db: Db, coderId: number): CoderQueue {
  const rows = queueOf(db, coderId);
  const items = rows.map((r) => ({
    code: r.code,
    position: r.position,
    status: (r.submitted ? 'submitted' : r.hasDraft ? 'draft' : 'todo') as ClipStatus,
    training: r.training,
  }));
  const done = items.filter((i) => i.status === 'submitted').length;
  return { items, done, total: items.length, resumeCode: items.find((i) => i.status !== 'submitted')?.code ?? null };
}

export function requireAssignment(db: Db, coderId: number, code: string) {
  const assignment = findAssignment(db, coderId, code);
  if (!assignment) throw new CoreError('not_found', `Clip ${code} is not in your queue`);
  return assignment;
}

/** A rating's or draft's markers, checked against the clip they were set on. */
function markersOn(db: Db, code: string, markers: RatingContentInput['markers']) {
  const clip = findClipByCode(db, code);
  if (!clip) throw new CoreError('not_found', `Clip ${code} is not in your queue`);
  return checkMarkers({ durationSeconds: clip.durationSeconds, frameRate: clip.frameRate ?? 25 }, markers ?? []);
}

// Each function takes the form's dimensions: the study's outcome scales by default, the fidelity
// form for auditors (fidelity/audit.ts) — one rating machinery for both.

export function saveDraft(
  db: Db,
  coderId: number,
  code: string,
  input: DraftInput,
  secondsSpent: number,
  dimensions: readonly ScaleDimension[] = studyDimensions(db),
): DraftReceipt {
  const assignment = requireAssignment(db, coderId, code);
  assertStudyUnlocked(db);
  if (latestRating(db, assignment.id)) throw new CoreError('locked', `Clip ${code} is already submitted; amend it instead`);
  const draft = { ...input, markers: markersOn(db, code, input.markers) };
  checkDraft(dimensions, draft);
  const savedAt = utcNow();
  // Time only grows: a stale autosave from a second window cannot erase time already recorded.
  const previous = getDraft(db, assignment.id)?.secondsSpent ?? 0;
  upsertDraft(db, assignment.id, draft, Math.max(previous, secondsSpent), savedAt);
  return { savedAt };
}

/** The next clip to work on after a submission: the first unsubmitted one after it, else from the start. */
function nextAfter(db: Db, coderId: number, position: number): string | null {
  return nextUnsubmittedAfter(db, coderId, position) ?? nextUnsubmittedAfter(db, coderId, 0);
}

export function submitRating(
  db: Db,
  coder: Coder,
  code: string,
  input: RatingContentInput,
  secondsSpent: number,
  dimensions: readonly ScaleDimension[] = studyDimensions(db),
): SubmitReceipt {
  const assignment = requireAssignment(db, coder.id, code);
  assertStudyUnlocked(db);
  const content = { ...input, markers: markersOn(db, code, input.markers) };
  checkRatingContent(dimensions, content);
  const ratingId = db.transaction(() => {
    if (latestRating(db, assignment.id)) throw new CoreError('locked', `Clip ${code} is already submitted; amend it instead`);
    const draftSeconds = getDraft(db, assignment.id)?.secondsSpent ?? 0;
    const id = insertRating(db, {
      ...content,
      assignmentId: assignment.id,
      version: 1,
      amendsId: null,
      amendmentReason: null,
      submittedAt: utcNow(),
      secondsSpent: Math.max(draftSeconds, secondsSpent),
    });
    deleteDraft(db, assignment.id);
    appendAudit(db, { actor: coder.name, action: 'rating.submit', detail: { clip: code, rating: id, unscorable: content.unscorable !== null } });
    return id;
  })();
  return { ratingId, nextCode: nextAfter(db, coder.id, assignment.position) };
}

export function amendRating(
  db: Db,
  coder: Coder,
  code: string,
  input: RatingContentInput,
  reason: string,
  secondsSpent: number,
  dimensions: readonly ScaleDimension[] = studyDimensions(db),
): SubmitReceipt {
  const assignment = requireAssignment(db, coder.id, code);
  assertStudyUnlocked(db);
  const content = { ...input, markers: markersOn(db, code, input.markers) };
  checkRatingContent(dimensions, content);
  if (reason.trim().length < 3) throw new CoreError('bad_input', 'Say why the rating is amended');
  const ratingId = db.transaction(() => {
    const latest = latestRating(db, assignment.id);
    if (!latest) throw new CoreError('conflict', `Clip ${code} has no submitted rating to amend`);
    const id = insertRating(db, {
      ...content,
      assignmentId: assignment.id,
      version: latest.version + 1,
      amendsId: latest.id,
      amendmentReason: reason.trim(),
      submittedAt: utcNow(),
      secondsSpent,
    });
    appendAudit(db, { actor: coder.name, action: 'rating.amend', detail: { clip: code, rating: id, amends: latest.id }, reason: reason.trim() });
    return id;
  })();
  return { ratingId, nextCode: nextAfter(db, coder.id, assignment.position) };
}

export function recordBlindingGuess(db: Db, coder: Coder, code: string, arm: string, timepoint: string): null {
  const assignment = requireAssignment(db, coder.id, code);
  assertStudyUnlocked(db);
  const check = studySettings(db).blindingCheck;
  if (!check.enabled) throw new CoreError('conflict', 'This study does not ask for blinding guesses');
  if (timepoint !== 'dont_know' && !check.timepoints.includes(timepoint)) {
    throw new CoreError('bad_input', `"${timepoint}" is not one of this study's timepoints`);
  }
  db.transaction(() => {
    if (!latestRating(db, assignment.id)) throw new CoreError('conflict', 'Submit the rating before guessing');
    if (hasBlindingGuess(db, assignment.id)) throw new CoreError('locked', 'You have already answered for this clip');
    insertBlindingGuess(db, { assignmentId: assignment.id, arm, timepoint, at: utcNow() });
  })();
  return null;
}
