// A coder's work on their own assignments: the queue, drafts and submissions. Every query is scoped
// by the coder's id, so a coder can neither see nor touch another coder's ratings; a clip that is
// not in their queue is "not found", exactly like a code that does not exist.
import { utcNow, type Db } from '../../../db/open';
import { findAssignment, queueOf } from '../../../db/repositories/assignments';
import { deleteDraft, insertRating, latestRating, upsertDraft } from '../../../db/repositories/ratings';
import { appendAudit } from '../audit/chain';
import type { CoderQueue, ClipStatus, Scores, SubmitReceipt } from '../contract';
import { CoreError } from '../result';
import { studyDimensions } from './dimensions';
import { checkCompleteScores, checkDraftScores } from './scales';

export function coderQueue(db: Db, coderId: number): CoderQueue {
  const rows = queueOf(db, coderId);
  const items = rows.map((r) => ({
    code: r.code,
    position: r.position,
    status: (r.submitted ? 'submitted' : r.hasDraft ? 'draft' : 'todo') as ClipStatus,
  }));
  const done = items.filter((i) => i.status === 'submitted').length;
  return { items, done, total: items.length, resumeCode: items.find((i) => i.status !== 'submitted')?.code ?? null };
}

export function requireAssignment(db: Db, coderId: number, code: string) {
  const assignment = findAssignment(db, coderId, code);
  if (!assignment) throw new CoreError('not_found', `Clip ${code} is not in your queue`);
  return assignment;
}

export function saveDraft(db: Db, coderId: number, code: string, scores: Readonly<Record<string, number | null>>): { savedAt: string } {
  const assignment = requireAssignment(db, coderId, code);
  if (latestRating(db, assignment.id)) throw new CoreError('locked', `Clip ${code} is already submitted; amend it instead`);
  checkDraftScores(studyDimensions(db), scores);
  const savedAt = utcNow();
  upsertDraft(db, assignment.id, { ...scores }, savedAt);
  return { savedAt };
}

export function submitRating(db: Db, coder: { id: number; name: string }, code: string, scores: Scores): SubmitReceipt {
  const assignment = requireAssignment(db, coder.id, code);
  checkCompleteScores(studyDimensions(db), scores);
  const ratingId = db.transaction(() => {
    if (latestRating(db, assignment.id)) throw new CoreError('locked', `Clip ${code} is already submitted; amend it instead`);
    const id = insertRating(db, {
      assignmentId: assignment.id,
      version: 1,
      amendsId: null,
      amendmentReason: null,
      scores: { ...scores },
      submittedAt: utcNow(),
      secondsSpent: null,
    });
    deleteDraft(db, assignment.id);
    appendAudit(db, { actor: coder.name, action: 'rating.submit', detail: { clip: code, rating: id } });
    return id;
  })();
  const queue = coderQueue(db, coder.id);
  const after = queue.items.find((i) => i.position > assignment.position && i.status !== 'submitted');
  return { ratingId, nextCode: after?.code ?? queue.resumeCode };
}
