// Whether the study's data are locked — the one question every writer of coded data asks first. It
// sits low in study/ (beside open and paths), not in closeout/, so that coding, set-up, fidelity and
// reliability can ask it without reaching up into the closeout that is built on top of them.
import type { Db } from '../../../db/open';
import { getLock } from '../../../db/repositories/closeout';
import { CoreError } from '../../common/result';

export function isStudyLocked(db: Db): boolean {
  return getLock(db) !== undefined;
}

/**
 * Throws a `locked` error once the study is locked. Every write to coded data calls this first,
 * inside its transaction; the triggers of migration 3 catch anything that does not.
 */
export function assertStudyUnlocked(db: Db, what = 'ratings'): void {
  const lock = getLock(db);
  if (lock) throw new CoreError('locked', `The study was locked on ${lock.lockedAt} by ${lock.lockedBy}: ${what} can no longer change`);
}
