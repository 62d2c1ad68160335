// Sealing: a SHA-256 commitment to the key as it stands — every code with its participant, arm,
// timepoint, source file and date, and every assignment seed — shown to the manager and written to
// the audit log, so the key opened at unblinding can be shown to be the one sealed now.
import { utcNow, type Db } from '../../../db/open';
import { insertSeal } from '../../../db/repositories/closeout';
import { countAssignedClips } from '../../../db/repositories/assignments';
import { countClips } from '../../../db/repositories/clips';
import { jobCounts } from '../../../db/repositories/deidJobs';
import { appendAudit } from '../audit/chain';
import { commitmentOf, type Keyring } from '../blinding/sealedKey';
import type { SealOutcome } from '../../common/contract';
import { CoreError } from '../../common/result';
import { allocationOf, assignmentRoundsOf, recordingsOf } from './sealedRecords';

export function keyContent(db: Db, keyring: Keyring) {
  const allocation = allocationOf(db, keyring);
  const clips = recordingsOf(db, keyring)
    .map((r) => ({
      code: r.code,
      participant: r.participant,
      arm: allocation.get(r.participant)?.arm ?? null,
      timepoint: r.timepoint,
      task: r.task,
      date: r.date,
      sourceFile: r.sourceFile,
      sourceSha256: r.sourceSha256,
    }))
    .sort((a, b) => (a.code < b.code ? -1 : 1));
  const seeds = assignmentRoundsOf(db, keyring)
    .map((r) => ({ round: r.round, seed: r.seed }))
    .sort((a, b) => a.round - b.round);
  return { clips, seeds };
}

export function sealStudy(db: Db, keyring: Keyring, actor: string): SealOutcome {
  // A seal commits to the key as it stands: sealing before the allocation, the clips and their
  // assignment exist would commit to next to nothing and look, later, like a study sealed in time.
  if (allocationOf(db, keyring).size === 0) throw new CoreError('conflict', 'There is nothing to seal yet: import the allocation first');
  if (countClips(db, ['outcome']) === 0) throw new CoreError('conflict', 'There is nothing to seal yet: import and de-identify the recordings first');
  if (countAssignedClips(db, 'outcome') === 0) throw new CoreError('conflict', 'There is nothing to seal yet: assign the clips to coders first');
  const jobs = jobCounts(db, 'outcome');
  const unfinished = jobs.pending + jobs.failed;
  if (unfinished > 0) throw new CoreError('conflict', `${unfinished} recording(s) are not de-identified yet`);
  const content = keyContent(db, keyring);
  if (content.clips.length === 0) throw new CoreError('conflict', 'There is nothing to seal yet: import recordings first');
  const commitment = commitmentOf(content);
  db.transaction(() => {
    insertSeal(db, { commitment, clips: content.clips.length, sealedAt: utcNow(), sealedBy: actor });
    appendAudit(db, { actor, action: 'study.seal', detail: { commitment, clips: content.clips.length } });
  })();
  return { commitment, clips: content.clips.length };
}
