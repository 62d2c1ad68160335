// Assigning de-identified clips to coders (assignment/assign does the planning). The seed is kept
// in the sealed key; each round is a fresh stream of the same CSPRNG, so rounds reproduce.
import { randomBytes } from 'node:crypto';
import { utcNow, type Db } from '../../../db/open';
import {
  insertAssignment,
  lastQueuePositions,
  outcomeQueuePlaces,
  setAssignmentPosition,
  untouchedOutcomeAssignments,
} from '../../../db/repositories/assignments';
import { listClips } from '../../../db/repositories/clips';
import { outcomeClipCodes } from '../../../db/repositories/outcomeWork';
import { findUserByName } from '../../../db/repositories/users';
import { createSeededRandomSource } from '../random';
import { interleaveQueues, planAssignment, type PlannedAssignment } from '../assignment/assign';
import { appendAudit } from '../audit/chain';
import { putSealed, type Keyring } from '../blinding/sealedKey';
import type { AssignOutcome } from '../../common/contract';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { allocationOf, assignmentRoundsOf, recordingsOf } from './sealedRecords';

const PARKED = 1_000_000;

/** Each coder's outcome clips with neither a draft nor a rating: the work a new round may mix into. */
function untouchedOutcomeWork(db: Db, coders: readonly string[]): { code: string; coder: string; position: number }[] {
  return untouchedOutcomeAssignments(db).filter((r) => coders.includes(r.coder));
}

function lastPositions(db: Db, coders: readonly string[]): Map<string, number> {
  return new Map(lastQueuePositions(db).filter((r) => coders.includes(r.coder)).map((r) => [r.coder, r.last]));
}

export function assignClips(
  db: Db,
  keyring: Keyring,
  options: { coders: readonly string[]; doubleFraction: number; seed?: string },
  actor: string,
): AssignOutcome {
  assertStudyUnlocked(db);
  const coderIds = new Map<string, number>();
  for (const name of options.coders) {
    const user = findUserByName(db, name);
    if (!user) throw new CoreError('bad_input', `There is no user called "${name}"`);
    if (user.role !== 'coder') throw new CoreError('bad_input', `"${name}" is a ${user.role}, not a coder`);
    coderIds.set(user.name, user.id);
  }
  const coders = [...coderIds.keys()];
  const allocation = allocationOf(db, keyring);
  const recordings = new Map(recordingsOf(db, keyring).map((r) => [r.code, r]));
  const stratumOf = (code: string) => {
    const r = recordings.get(code);
    if (!r) throw new CoreError('internal', `Clip ${code} has no sealed source`);
    return `${allocation.get(r.participant)?.arm ?? 'unallocated'}|${r.timepoint ?? ''}`;
  };
  const clips = outcomeClipCodes(db);
  const existing = outcomeQueuePlaces(db).map((e) => ({ ...e, stratum: stratumOf(e.code) }));
  const assigned = new Set(existing.map((e) => e.code));
  const fresh = clips.filter((c) => !assigned.has(c));
  if (clips.length === 0) throw new CoreError('conflict', 'There are no de-identified clips to assign yet');
  if (fresh.length === 0) throw new CoreError('conflict', 'Every de-identified clip is already assigned');
  const rounds = assignmentRoundsOf(db, keyring);
  const round = rounds.length + 1;
  // New work goes after everything already in each queue, training clips included.
  const positionsAfter = lastPositions(db, coders);
  const seed = options.seed ?? randomBytes(32).toString('hex');
  const random = createSeededRandomSource(seed, `assignment round ${round}`);
  const untouched = untouchedOutcomeWork(db, coders);
  let plan: PlannedAssignment[];
  try {
    plan = planAssignment(
      fresh.map((code) => ({ code, stratum: stratumOf(code) })),
      { coders, doubleFraction: options.doubleFraction, random, existing, positionsAfter },
    );
  } catch (error) {
    // The planner's RangeErrors describe what the manager asked for that cannot be done.
    if (error instanceof RangeError) throw new CoreError('bad_input', error.message);
    throw error;
  }
  const positions = interleaveQueues(untouched, plan, random);
  const positionOf = (code: string, coder: string) => positions.get(`${coder}\u0000${code}`)!;
  const clipIds = new Map(listClips(db).map((c) => [c.code, c.id]));
  const now = utcNow();
  db.transaction(() => {
    // Work not yet begun moves; positions are unique per coder, so park the moving rows first.
    const move = (u: { code: string; coder: string }, position: number) =>
      setAssignmentPosition(db, { clipId: clipIds.get(u.code)!, coderId: coderIds.get(u.coder)!, position });
    for (const u of untouched) move(u, u.position + PARKED);
    for (const u of untouched) move(u, positionOf(u.code, u.coder));
    for (const p of plan) {
      insertAssignment(db, {
        clipId: clipIds.get(p.code)!,
        coderId: coderIds.get(p.coder)!,
        position: positionOf(p.code, p.coder),
        purpose: p.purpose,
        createdAt: now,
      });
    }
    putSealed(db, keyring, 'assignment_seed', {
      round,
      seed,
      coders,
      doubleFraction: options.doubleFraction,
      clips: fresh,
      positionsAfter: Object.fromEntries(positionsAfter),
      untouched,
    });
    appendAudit(db, { actor, action: 'assignment.round', detail: { round, clips: fresh.length, coders, doubleFraction: options.doubleFraction } });
  })();
  const perCoder: Record<string, { primary: number; reliability: number }> = {};
  for (const c of coders) {
    perCoder[c] = {
      primary: plan.filter((p) => p.coder === c && p.purpose === 'primary').length,
      reliability: plan.filter((p) => p.coder === c && p.purpose === 'reliability').length,
    };
  }
  return { round, clips: fresh.length, perCoder };
}

/**
 * Recomputes every assignment round from its sealed seed and compares it with the assignments in
 * the database: the proof, for an auditor, that the allocation to coders was the seeded draw.
 */
export function replayAssignments(db: Db, keyring: Keyring): { rounds: number; matches: boolean; mismatches: string[] } {
  const allocation = allocationOf(db, keyring);
  const recordings = new Map(recordingsOf(db, keyring).map((r) => [r.code, r]));
  const stratumOf = (code: string) => {
    const r = recordings.get(code);
    return `${(r && allocation.get(r.participant)?.arm) ?? 'unallocated'}|${r?.timepoint ?? ''}`;
  };
  const actual = outcomeQueuePlaces(db);
  const mismatches: string[] = [];
  const rounds = assignmentRoundsOf(db, keyring).sort((a, b) => a.round - b.round);
  const earlier: (PlannedAssignment & { stratum: string })[] = [];
  // What the seeds give: each assignment's position and purpose, after every round's mixing.
  const expected = new Map<string, { position: number; purpose: string }>();
  const id = (code: string, coder: string) => `${code}/${coder}`;
  for (const round of rounds) {
    const random = createSeededRandomSource(round.seed, `assignment round ${round.round}`);
    const plan = planAssignment(
      round.clips.map((code) => ({ code, stratum: stratumOf(code) })),
      {
        coders: round.coders,
        doubleFraction: round.doubleFraction,
        random,
        existing: earlier,
        positionsAfter: new Map(Object.entries(round.positionsAfter ?? {})),
      },
    );
    for (const p of plan) expected.set(id(p.code, p.coder), { position: p.position, purpose: p.purpose });
    if (round.untouched) {
      const positions = interleaveQueues(round.untouched, plan, random);
      for (const [k, position] of positions) {
        const [coder, code] = k.split('\u0000') as [string, string];
        const entry = expected.get(id(code, coder));
        if (entry) expected.set(id(code, coder), { ...entry, position });
      }
    }
    earlier.push(...plan.map((p) => ({ ...p, stratum: stratumOf(p.code) })));
  }
  for (const a of actual) {
    const e = expected.get(id(a.code, a.coder));
    if (!e) mismatches.push(`${a.code} for ${a.coder} is in the database but no seed gives it`);
    else if (e.position !== a.position || e.purpose !== a.purpose) {
      mismatches.push(`${a.code} for ${a.coder}: the seeds give position ${e.position} (${e.purpose}), the database ${a.position} (${a.purpose})`);
    }
  }
  if (expected.size !== actual.length) mismatches.push(`the database holds ${actual.length} assignments, the seeds give ${expected.size}`);
  return { rounds: rounds.length, matches: mismatches.length === 0, mismatches };
}
