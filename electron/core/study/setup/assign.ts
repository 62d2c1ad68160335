// Assigning de-identified clips to coders (assignment/assign does the planning). The seed is kept
// in the sealed key; each round is a fresh stream of the same CSPRNG, so rounds reproduce.
import { randomBytes } from 'node:crypto';
import { utcNow, type Db } from '../../../../db/open';
import { insertAssignment } from '../../../../db/repositories/assignments';
import { findUserByName } from '../../../../db/repositories/users';
import { createSeededRandomSource } from '../../analysis/stats/random';
import { planAssignment, type PlannedAssignment } from '../../assignment/assign';
import { appendAudit } from '../../audit/chain';
import { putSealed, type Keyring } from '../../blinding/sealedKey';
import { CoreError } from '../../result';
import { assertStudyUnlocked } from '../closeout/lock';
import { allocationOf, assignmentRoundsOf, recordingsOf } from './sealedRecords';

function lastPositions(db: Db, coders: readonly string[]): Map<string, number> {
  const rows = db
    .prepare('SELECT u.name AS coder, MAX(a.position) AS last FROM assignments a JOIN users u ON u.id = a.coder_id GROUP BY u.id')
    .all() as { coder: string; last: number }[];
  return new Map(rows.filter((r) => coders.includes(r.coder)).map((r) => [r.coder, r.last]));
}

export interface AssignOutcome {
  readonly round: number;
  readonly clips: number;
  readonly perCoder: Readonly<Record<string, { primary: number; reliability: number }>>;
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
  const clips = (db.prepare("SELECT code FROM clips WHERE kind = 'outcome' ORDER BY code").all() as { code: string }[]).map((c) => c.code);
  const existing = (
    db
      .prepare(
        `SELECT c.code, u.name AS coder, a.position, a.purpose FROM assignments a
           JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE c.kind = 'outcome'`,
      )
      .all() as { code: string; coder: string; position: number; purpose: 'primary' | 'reliability' }[]
  ).map((e) => ({ ...e, stratum: stratumOf(e.code) }));
  const assigned = new Set(existing.map((e) => e.code));
  const fresh = clips.filter((c) => !assigned.has(c));
  if (clips.length === 0) throw new CoreError('conflict', 'There are no de-identified clips to assign yet');
  if (fresh.length === 0) throw new CoreError('conflict', 'Every de-identified clip is already assigned');
  const rounds = assignmentRoundsOf(db, keyring);
  const round = rounds.length + 1;
  // New work goes after everything already in each queue, training clips included.
  const positionsAfter = lastPositions(db, coders);
  const seed = options.seed ?? randomBytes(32).toString('hex');
  let plan: PlannedAssignment[];
  try {
    plan = planAssignment(
      fresh.map((code) => ({ code, stratum: stratumOf(code) })),
      { coders, doubleFraction: options.doubleFraction, random: createSeededRandomSource(seed, `assignment round ${round}`), existing, positionsAfter },
    );
  } catch (error) {
    // The planner's RangeErrors describe what the manager asked for that cannot be done.
    if (error instanceof RangeError) throw new CoreError('bad_input', error.message);
    throw error;
  }
  const clipIds = new Map((db.prepare('SELECT id, code FROM clips').all() as { id: number; code: string }[]).map((c) => [c.code, c.id]));
  const now = utcNow();
  db.transaction(() => {
    for (const p of plan) {
      insertAssignment(db, { clipId: clipIds.get(p.code)!, coderId: coderIds.get(p.coder)!, position: p.position, purpose: p.purpose, createdAt: now });
    }
    putSealed(db, keyring, 'assignment_seed', {
      round,
      seed,
      coders,
      doubleFraction: options.doubleFraction,
      clips: fresh,
      positionsAfter: Object.fromEntries(positionsAfter),
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
  const actual = db
    .prepare(
      `SELECT c.code, u.name AS coder, a.position, a.purpose FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id
        WHERE c.kind = 'outcome'`,
    )
    .all() as { code: string; coder: string; position: number; purpose: 'primary' | 'reliability' }[];
  const key = (a: { code: string; coder: string; position: number; purpose: string }) => `${a.code}/${a.coder}/${a.position}/${a.purpose}`;
  const actualKeys = new Set(actual.map(key));
  const mismatches: string[] = [];
  const rounds = assignmentRoundsOf(db, keyring).sort((a, b) => a.round - b.round);
  const earlier: (PlannedAssignment & { stratum: string })[] = [];
  for (const round of rounds) {
    const plan = planAssignment(
      round.clips.map((code) => ({ code, stratum: stratumOf(code) })),
      {
        coders: round.coders,
        doubleFraction: round.doubleFraction,
        random: createSeededRandomSource(round.seed, `assignment round ${round.round}`),
        existing: earlier,
        positionsAfter: new Map(Object.entries(round.positionsAfter ?? {})),
      },
    );
    for (const p of plan) if (!actualKeys.has(key(p))) mismatches.push(`round ${round.round}: ${key(p)} is not in the database`);
    earlier.push(...plan.map((p) => ({ ...p, stratum: stratumOf(p.code) })));
  }
  if (earlier.length !== actual.length) mismatches.push(`the database holds ${actual.length} assignments, the seeds give ${earlier.length}`);
  return { rounds: rounds.length, matches: mismatches.length === 0, mismatches };
}
