// The blinding guard before de-identification: while the picture check (./picture) finds that the
// clips' pictures — or their lengths (./clipLength) — differ by timepoint or arm, de-identification is refused — in core, so the app,
// the study server and the command line alike — unless the manager has written down why the
// difference cannot tell a coder the timepoint or arm (one site's phones filmed every visit, say).
// Such a reason is an exception to the blinding plan a trial must be able to show: it is audited,
// kept in the study's settings, shown in the set-up status and printed in every later report.
import { utcNow, type Db } from '../../../db/open';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import type { BlindingExceptionView } from '../../common/contract';
import type { Keyring } from '../blinding/sealedKey';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { assertWindowReached } from './codingWindow';
import { pictureCheck, pictureSurvey } from './picture';

type Factor = 'timepoint' | 'arm';

export function blindingExceptions(db: Db): BlindingExceptionView[] {
  const stored = getStudy(db)?.settings['blindingExceptions'];
  return Array.isArray(stored) ? (stored as BlindingExceptionView[]).slice() : [];
}

/** The factors a check finds a difference by that no recorded reason covers. */
export function unexplained(check: BlindingExceptionView['check'], tells: readonly Factor[], exceptions: readonly BlindingExceptionView[]): Factor[] {
  const covered = new Set(exceptions.filter((e) => e.check === check).flatMap((e) => e.tells));
  return tells.filter((t) => !covered.has(t));
}

const WHAT: Readonly<Record<BlindingExceptionView['check'], string>> = {
  picture: "clips' picture size or frame rate",
  length: "clips' length",
};

export async function acceptBlindingDifference(db: Db, keyring: Keyring, actor: string, check: BlindingExceptionView['check'], reason: string): Promise<BlindingExceptionView> {
  assertStudyUnlocked(db, 'record a blinding exception');
  const found = await pictureCheck(db, keyring);
  const tells = check === 'picture' ? found.tells : found.length.tells;
  if (tells.length === 0) throw new CoreError('conflict', `The ${WHAT[check]} does not differ by timepoint or arm: there is nothing to explain`);
  const exception: BlindingExceptionView = { check, tells: [...tells], reason: reason.trim(), recordedBy: actor, recordedAt: utcNow() };
  db.transaction(() => {
    updateStudySettings(db, { blindingExceptions: [...blindingExceptions(db), exception] });
    appendAudit(db, { actor, action: 'setup.blinding_exception', detail: { check, tells: exception.tells }, reason: exception.reason });
  })();
  return exception;
}

/**
 * Refuses de-identification, before it starts, while the coding window starts after a recording
 * ends, or while the picture or the length gives the timepoint or arm away and no reason says why it
 * cannot.
 */
export async function assertReadyToDeidentify(db: Db, keyring: Keyring): Promise<void> {
  const { check: found, endBeforeWindow } = await pictureSurvey(db, keyring);
  assertWindowReached(found.length.window, endBeforeWindow, 'nothing was de-identified');
  const exceptions = blindingExceptions(db);
  const problems = (
    [
      ['picture', unexplained('picture', found.tells, exceptions)],
      ['length', unexplained('length', found.length.tells, exceptions)],
    ] as const
  ).filter(([, open]) => open.length > 0);
  if (problems.length === 0) return;
  const said = problems.map(([check, open]) => `the ${WHAT[check]} differs by ${open.join(' and by ')}, so it could tell a coder the ${open.join(' and the ')}`);
  throw new CoreError(
    'conflict',
    `The ${said.join('; and ').slice(4)}. Make every clip alike (the Picture step; --picture for the picture), or record why the difference cannot tell a coder ` +
      'the timepoint or arm (--blinding-reason); nothing was de-identified.',
  );
}
