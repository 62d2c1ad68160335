// The study's coding window: the part of every recording coders see (e.g. the first 10 minutes of
// free play, after 30 s of settling in), cut at de-identification so that every clip is equally
// long and the length cannot tell the timepoint or arm (./clipLength). Like the uniform picture it
// applies to every clip alike, so it can change only until the first clip is made.
import type { Db } from '../../../db/open';
import { countClips } from '../../../db/repositories/clips';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import type { CodingWindow } from '../blinding/deidentify';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';

export function studyCodingWindow(db: Db): CodingWindow | null {
  const value = getStudy(db)?.settings['codingWindow'] as CodingWindow | null | undefined;
  return value ?? null;
}

export function describeWindow(window: CodingWindow | null): string {
  return window ? `${window.lengthSeconds} s from ${window.startSeconds} s` : 'the whole recording';
}

export function setStudyCodingWindow(db: Db, window: CodingWindow | null, actor: string): void {
  assertStudyUnlocked(db, 'change the coding window');
  db.transaction(() => {
    const current = studyCodingWindow(db);
    if (JSON.stringify(current) === JSON.stringify(window)) return;
    const made = countClips(db, ['outcome', 'training']);
    if (made > 0) {
      throw new CoreError('conflict', `${made} clip(s) are already de-identified with ${describeWindow(current)}; the coding window applies to every clip alike, so it cannot change now`);
    }
    updateStudySettings(db, { codingWindow: window });
    appendAudit(db, { actor, action: 'setup.coding_window', detail: { window } });
  })();
}
