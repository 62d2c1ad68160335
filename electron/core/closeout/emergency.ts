// Emergency unblinding of a single clip before the lock — for instance when a coder reports a
// safety concern and the team must know whose recording it is. It needs the same three things as a
// full unblinding; it reveals one clip to the manager, in memory; the database records only which
// clip, who, when and why, and every later report and export lists it.
import { utcNow, type Db } from '../../../db/open';
import { getLock, insertEmergencyUnblinding, latestSeal, listEmergencyUnblindings, type EmergencyUnblindingRow } from '../../../db/repositories/closeout';
import { findClipByCode } from '../../../db/repositories/clips';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';
import { checkReason, openKeyLogged, readKey, verifyManager, type ManagerCredentials, type UnblindedClip } from './unblind';

export interface EmergencyReveal extends UnblindedClip {
  readonly unblindedAt: string;
  readonly unblindedBy: string;
  /** Whether the opened key matches the latest seal (false if recordings were added since). */
  readonly matchesSeal: boolean;
}

export async function emergencyUnblind(
  db: Db,
  request: ManagerCredentials & { readonly passphrase: string; readonly code: string; readonly reason: string },
): Promise<EmergencyReveal> {
  const reason = checkReason(request.reason);
  const code = request.code.trim().toUpperCase();
  const manager = await verifyManager(db, request, 'clip.emergency_unblind');
  const lock = getLock(db);
  if (lock) throw new CoreError('conflict', `The study was locked on ${lock.lockedAt}: unblind the whole study instead`);
  const clip = findClipByCode(db, code);
  if (!clip) throw new CoreError('not_found', `There is no clip ${code} in this study`);
  const keyring = await openKeyLogged(db, request.passphrase, manager.name, 'clip.emergency_unblind', { clip: code });
  const key = readKey(db, keyring);
  const revealed = key.clips.get(code);
  if (!revealed) throw new CoreError('not_found', `Clip ${code} has no entry in the sealed key (it is not a trial recording)`);
  const unblindedAt = utcNow();
  db.transaction(() => {
    insertEmergencyUnblinding(db, { clipId: clip.id, unblindedAt, unblindedBy: manager.name, reason });
    appendAudit(db, { actor: manager.name, action: 'clip.emergency_unblind', detail: { clip: code }, reason });
  })();
  return { ...revealed, unblindedAt, unblindedBy: manager.name, matchesSeal: latestSeal(db)?.commitment === key.commitment };
}

export function emergencyUnblindings(db: Db): EmergencyUnblindingRow[] {
  return listEmergencyUnblindings(db);
}
