// Dealing de-identified session clips to auditors, with assignment/assign's planner: clips blocked
// by (pseudonymous) clinician so each auditor hears a similar mix of clinicians, and a concealed
// sub-sample double-scored by a second auditor for agreement. The seed is sealed; rounds append.
import { randomBytes } from 'node:crypto';
import { utcNow, type Db } from '../../../db/open';
import { insertAssignment } from '../../../db/repositories/assignments';
import { sessionAssignments, sessionClips } from '../../../db/repositories/fidelity';
import { findUserByName } from '../../../db/repositories/users';
import { createSeededRandomSource } from '../random';
import { planAssignment, type ExistingAssignment } from '../assignment/assign';
import { appendAudit } from '../audit/chain';
import { putSealed, type Keyring } from '../blinding/sealedKey';
import type { AuditorAssignReport } from '../../common/contract';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { auditorRoundsOf, type SealedAuditorRound } from './sealed';

export interface AuditorAssignOptions {
  readonly auditors: readonly string[];
  /** Share double-scored by a second auditor. Default 0.2 with two or more auditors, else 0. */
  readonly doubleFraction?: number;
  readonly seed?: string;
}

export function assignAuditors(db: Db, keyring: Keyring, options: AuditorAssignOptions, actor: string): AuditorAssignReport {
  assertStudyUnlocked(db, 'assign auditors');
  const ids = new Map<string, number>();
  for (const name of options.auditors) {
    const user = findUserByName(db, name);
    if (!user) throw new CoreError('bad_input', `There is no user called "${name}"`);
    if (user.role !== 'auditor') throw new CoreError('bad_input', `"${name}" is a ${user.role}, not an auditor`);
    if (user.disabledAt) throw new CoreError('bad_input', `"${name}" is disabled`);
    ids.set(user.name, user.id);
  }
  const auditors = [...ids.keys()];
  if (auditors.length === 0) throw new CoreError('bad_input', 'Name at least one auditor');
  const doubleFraction = options.doubleFraction ?? (auditors.length >= 2 ? 0.2 : 0);
  if (!(doubleFraction >= 0 && doubleFraction <= 1)) throw new CoreError('bad_input', 'The double-scoring fraction must be between 0 and 1');
  if (doubleFraction > 0 && auditors.length < 2) throw new CoreError('bad_input', 'Double scoring needs at least two auditors');

  const clips = sessionClips(db);
  const existing: ExistingAssignment[] = sessionAssignments(db);
  if (clips.length === 0) throw new CoreError('conflict', 'There are no de-identified session clips to assign yet: sample the sessions first');
  const assigned = new Set(existing.map((e) => e.code));
  const fresh = clips.filter((c) => !assigned.has(c.code));
  if (fresh.length === 0) throw new CoreError('conflict', 'Every sampled session is already assigned');

  const round = auditorRoundsOf(db, keyring).length + 1;
  const seed = options.seed ?? randomBytes(32).toString('hex');
  let plan;
  try {
    plan = planAssignment(
      fresh.map((c) => ({ code: c.code, stratum: c.stratum })),
      { coders: auditors, doubleFraction, random: createSeededRandomSource(seed, `auditor round ${round}`), existing },
    );
  } catch (error) {
    if (error instanceof RangeError) throw new CoreError('bad_input', error.message);
    throw error;
  }
  const clipIds = new Map(clips.map((c) => [c.code, c.id]));
  const now = utcNow();
  const sealed: SealedAuditorRound = { type: 'auditor_assignment', round, seed, auditors, doubleFraction, clips: fresh.map((c) => c.code) };
  db.transaction(() => {
    for (const p of plan) {
      insertAssignment(db, { clipId: clipIds.get(p.code)!, coderId: ids.get(p.coder)!, position: p.position, purpose: p.purpose, createdAt: now });
    }
    putSealed(db, keyring, 'sampling_seed', sealed);
    appendAudit(db, { actor, action: 'fidelity.assign', detail: { round, clips: fresh.length, auditors, doubleFraction } });
  })();
  const perAuditor: Record<string, { primary: number; reliability: number }> = {};
  for (const a of auditors) {
    perAuditor[a] = {
      primary: plan.filter((p) => p.coder === a && p.purpose === 'primary').length,
      reliability: plan.filter((p) => p.coder === a && p.purpose === 'reliability').length,
    };
  }
  return { round, clips: fresh.length, perAuditor };
}
