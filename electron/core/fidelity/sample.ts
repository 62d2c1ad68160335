// Drawing the audit sample for a study: the pure draw is ./sampling; this file feeds it the sealed
// sessions, records the round, queues the picks for de-identification, and can replay every round.
//
// Decisions:
// - One seed per study. The first round sets it (given, or 32 random bytes); every later round
//   draws from an independent stream of the same seed (context "fidelity sampling round k"), so the
//   seed reproduces the whole history and sessions added later are drawn at the same rate without
//   redrawing earlier picks (sampling.ts's `previous`).
// - The seed and the picks by name are sealed ('sampling_seed'). The audit log, readable by anyone
//   with the study file, gets counts, the fraction, the rule and a SHA-256 commitment to the sealed
//   draw (seed, a random salt, the sessions considered and the picks with clinician, family and
//   session number). The salt keeps the commitment hiding even when the seed is a guessable phrase;
//   the commitment lets the draw be shown, after unblinding, to be the one made at the time.
// - Sampling happens before de-identification: only picked sessions get a de-identification job,
//   and an unpicked session is never processed.
// - Clinicians get pseudonymous labels ("Clinician A", …) in a seeded random order, so the letter
//   says nothing about the name; the labels are what auditors' summaries show.
import { randomBytes } from 'node:crypto';
import { utcNow, type Db } from '../../../db/open';
import { clipsOfKind } from '../../../db/repositories/clips';
import { insertPendingJob } from '../../../db/repositories/deidJobs';
import { insertSampledSession, insertSamplingRound, sampledSessions, samplingRounds } from '../../../db/repositories/fidelity';
import { createSeededRandomSource, shuffle } from '../random';
import { appendAudit } from '../audit/chain';
import { commitmentOf, putSealed, type Keyring } from '../blinding/sealedKey';
import type { SampledSessionRow, SampleStratumRow, StratifiedBy } from '../../common/contract';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { columnLetter } from '../setup/import/columns';
import { DEFAULT_SAMPLING_FRACTION, describeSamplingRule, sampleSessions, stratumTarget, type SessionRecording, type SessionSample } from './sampling';
import {
  clinicianLabelsOf,
  sampleRoundsOf,
  sessionKey,
  sessionRecordingsOf,
  type SealedSampleRound,
  type SealedSessionRecording,
} from './sealed';

export interface SampleOptions {
  /** Default: the previous round's, or 0.1 for the first. */
  readonly fraction?: number;
  /** Only for the first round; a later round must give the same seed or none. */
  readonly seed?: string;
  /** Default: the previous round's, or false. */
  readonly stratifyBySessionNumber?: boolean;
}

export interface SampleState {
  /** The round drawn by this call; null when there was nothing new to draw (or when only reading). */
  readonly drawnRound: number | null;
  readonly rounds: number;
  readonly seed: string | null;
  readonly fraction: number | null;
  readonly stratifiedBy: StratifiedBy | null;
  /** The rounding rule in words; null before the first round. */
  readonly rule: string | null;
  /** The latest round's commitment, as written in the audit log. */
  readonly commitment: string | null;
  readonly sessions: number;
  /** The sample by name (needs the unlocked key), as the manager's view shows it. */
  readonly picked: readonly SampledSessionRow[];
  readonly newlyPicked: readonly SampledSessionRow[];
  readonly strata: readonly SampleStratumRow[];
}

function asRecording(s: SealedSessionRecording): SessionRecording {
  return { id: sessionKey(s), clinician: s.clinician, sessionNumber: s.sessionNumber };
}

function samplingStream(seed: string, round: number) {
  return createSeededRandomSource(seed, `fidelity sampling round ${round}`);
}

function commitmentFor(round: Omit<SealedSampleRound, 'clinicianLabels' | 'newlyPicked' | 'type'>, sessions: ReadonlyMap<string, SealedSessionRecording>): string {
  return commitmentOf({
    round: round.round,
    seed: round.seed,
    salt: round.salt,
    fraction: round.fraction,
    stratifyBySessionNumber: round.stratifyBySessionNumber,
    considered: round.considered,
    picked: round.picked.map((key) => {
      const s = sessions.get(key);
      return { code: s?.code ?? null, clinician: s?.clinician ?? null, family: s?.family ?? null, sessionNumber: s?.sessionNumber ?? null };
    }),
  });
}

/** Draws the next round if there are sessions no round has seen (or the fraction rose); returns the sample. */
export function drawSessionSample(db: Db, keyring: Keyring, options: SampleOptions, actor: string): SampleState {
  assertStudyUnlocked(db, 'draw a fidelity sample');
  const sessions = sessionRecordingsOf(db, keyring);
  if (sessions.length === 0) throw new CoreError('conflict', 'There are no session recordings to sample yet: import them first');
  const rounds = sampleRoundsOf(db, keyring);
  const last = rounds[rounds.length - 1];
  if (last && options.seed !== undefined && options.seed !== last.seed) {
    throw new CoreError('conflict', "The study's sampling seed was set by round 1; later rounds reuse it. Draw again without a seed (or with the same seed).");
  }
  if (options.seed !== undefined && options.seed.length === 0) throw new CoreError('bad_input', 'The seed must not be empty');
  const seed = last?.seed ?? options.seed ?? randomBytes(32).toString('hex');
  const fraction = options.fraction ?? last?.fraction ?? DEFAULT_SAMPLING_FRACTION;
  const stratify = options.stratifyBySessionNumber ?? last?.stratifyBySessionNumber ?? false;
  const round = rounds.length + 1;
  const byKey = new Map(sessions.map((s) => [sessionKey(s), s]));
  const sample: SessionSample = sampleSessions(sessions.map(asRecording), samplingStream(seed, round), {
    fraction,
    stratifyBySessionNumber: stratify,
    ...(last ? { previous: { consideredIds: last.considered, pickedIds: last.picked } } : {}),
  });
  const newSessions = sample.strata.reduce((n, s) => n + s.newSessions, 0);
  if (last && newSessions === 0 && sample.newlyPicked.length === 0) return sampleState(db, keyring);

  const known = clinicianLabelsOf(rounds);
  const unlabelled = [...new Set(sessions.map((s) => s.clinician))].filter((c) => !known.has(c)).sort();
  const clinicianLabels: Record<string, string> = {};
  shuffle(createSeededRandomSource(seed, `fidelity clinician labels round ${round}`), unlabelled).forEach((clinician, i) => {
    clinicianLabels[clinician] = `Clinician ${columnLetter(known.size + i)}`;
  });
  const labelOf = (clinician: string): string => known.get(clinician) ?? clinicianLabels[clinician] ?? 'Clinician ?';

  const entry: SealedSampleRound = {
    type: 'session_sample',
    round,
    seed,
    salt: randomBytes(16).toString('hex'),
    fraction,
    stratifyBySessionNumber: stratify,
    considered: sample.next.consideredIds,
    picked: sample.next.pickedIds,
    newlyPicked: sample.newlyPicked.map((s) => s.id),
    clinicianLabels,
  };
  const commitment = commitmentFor(entry, byKey);
  const now = utcNow();
  // Rows in a random order, so that row order does not group sessions by clinician.
  const fresh = shuffle(createSeededRandomSource(randomBytes(32)), sample.newlyPicked).map((p) => byKey.get(p.id)!);
  db.transaction(() => {
    insertSamplingRound(db, {
      round,
      fraction,
      stratifiedBy: sample.stratifiedBy,
      rule: sample.rule,
      sessions: sessions.length,
      newSessions,
      picked: sample.picked.length,
      newlyPicked: sample.newlyPicked.length,
      commitment,
      drawnAt: now,
      drawnBy: actor,
    });
    for (const s of fresh) {
      insertPendingJob(db, { code: s.code, kind: 'session', createdAt: now });
      insertSampledSession(db, { code: s.code, round, clinicianLabel: labelOf(s.clinician), sessionNumber: s.sessionNumber });
    }
    putSealed(db, keyring, 'sampling_seed', entry);
    appendAudit(db, {
      actor,
      action: 'fidelity.sample',
      detail: {
        round,
        fraction,
        stratifiedBy: sample.stratifiedBy,
        rule: sample.rule,
        sessions: sessions.length,
        newSessions,
        picked: sample.picked.length,
        newlyPicked: sample.newlyPicked.length,
        clinicians: known.size + unlabelled.length,
        seed: options.seed !== undefined && !last ? 'given by the manager, sealed' : 'random, sealed',
        commitment,
      },
    });
  })();
  return { ...sampleState(db, keyring), drawnRound: round };
}

/** The sample as it stands, with names, for the manager. Draws nothing. */
export function sampleState(db: Db, keyring: Keyring): SampleState {
  const sessions = sessionRecordingsOf(db, keyring);
  const rounds = sampleRoundsOf(db, keyring);
  const last = rounds[rounds.length - 1];
  const rows = samplingRounds(db);
  const byCode = new Map(sessions.map((s) => [s.code, s]));
  const done = new Set(clipsOfKind(db, 'session').map((c) => c.code));
  const labels = clinicianLabelsOf(rounds);
  const detail = (code: string, round: number): SampledSessionRow => {
    const s = byCode.get(code);
    if (!s) throw new CoreError('internal', `Sampled session ${code} has no sealed recording`);
    return {
      code,
      clinician: s.clinician,
      clinicianLabel: labels.get(s.clinician) ?? '',
      family: s.family,
      sessionNumber: s.sessionNumber,
      date: s.date,
      round,
      deidentified: done.has(code),
    };
  };
  const order = (a: SampledSessionRow, b: SampledSessionRow): number =>
    (a.clinician < b.clinician ? -1 : a.clinician > b.clinician ? 1 : 0) || a.sessionNumber - b.sessionNumber || (a.family < b.family ? -1 : a.family > b.family ? 1 : 0);
  const picked = sampledSessions(db).map((r) => detail(r.code, r.round)).sort(order);
  const stratify = last?.stratifyBySessionNumber ?? false;
  const strata = new Map<string, { clinician: string; sessionNumber: number | null; sessions: number; picked: number }>();
  const pickedCodes = new Set(picked.map((p) => p.code));
  for (const s of sessions) {
    const sessionNumber = stratify ? s.sessionNumber : null;
    const key = JSON.stringify([s.clinician, sessionNumber]);
    const stratum = strata.get(key) ?? { clinician: s.clinician, sessionNumber, sessions: 0, picked: 0 };
    stratum.sessions += 1;
    if (pickedCodes.has(s.code)) stratum.picked += 1;
    strata.set(key, stratum);
  }
  return {
    drawnRound: null,
    rounds: rounds.length,
    seed: last?.seed ?? null,
    fraction: last?.fraction ?? null,
    stratifiedBy: last ? (stratify ? 'clinician and session number' : 'clinician') : null,
    rule: last ? describeSamplingRule(last.fraction, stratify) : null,
    commitment: rows[rows.length - 1]?.commitment ?? null,
    sessions: sessions.length,
    picked,
    newlyPicked: last ? picked.filter((p) => p.round === last.round) : [],
    strata: [...strata.values()]
      .map((s) => ({ ...s, clinicianLabel: labels.get(s.clinician) ?? '', target: last ? stratumTarget(s.sessions, last.fraction) : 0 }))
      .sort((a, b) => (a.clinician < b.clinician ? -1 : a.clinician > b.clinician ? 1 : 0) || (a.sessionNumber ?? 0) - (b.sessionNumber ?? 0)),
  };
}

/**
 * Recomputes every round from its sealed seed and the sessions it considered, and compares it with
 * what was recorded: the picks in the database and the commitment in the audit trail. The proof,
 * for a trial's auditor, that the sample was the seeded draw.
 */
export function replaySessionSample(db: Db, keyring: Keyring): { rounds: number; matches: boolean; mismatches: string[] } {
  const sessions = sessionRecordingsOf(db, keyring);
  const byKey = new Map(sessions.map((s) => [sessionKey(s), s]));
  const rows = new Map(samplingRounds(db).map((r) => [r.round, r]));
  const recorded = new Map(sampledSessions(db).map((r) => [r.code, r.round]));
  const mismatches: string[] = [];
  const expected = new Map<string, number>();
  let previous: SealedSampleRound | undefined;
  for (const round of sampleRoundsOf(db, keyring)) {
    const input = round.considered.map((key) => byKey.get(key)).filter((s): s is SealedSessionRecording => s !== undefined);
    if (input.length !== round.considered.length) mismatches.push(`round ${round.round}: a session it considered is no longer in the sealed key`);
    const sample = sampleSessions(input.map(asRecording), samplingStream(round.seed, round.round), {
      fraction: round.fraction,
      stratifyBySessionNumber: round.stratifyBySessionNumber,
      ...(previous ? { previous: { consideredIds: previous.considered, pickedIds: previous.picked } } : {}),
    });
    const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!same(sample.next.pickedIds, round.picked)) mismatches.push(`round ${round.round}: the seed gives a different sample than the one sealed`);
    if (rows.get(round.round)?.commitment !== commitmentFor(round, byKey)) mismatches.push(`round ${round.round}: the commitment does not match the sealed draw`);
    for (const key of sample.newlyPicked.map((s) => s.id)) {
      const code = byKey.get(key)?.code;
      if (code) expected.set(code, round.round);
    }
    previous = round;
  }
  for (const [code, round] of expected) if (recorded.get(code) !== round) mismatches.push(`round ${round}: a picked session is not recorded as sampled`);
  for (const code of recorded.keys()) if (!expected.has(code)) mismatches.push('a session recorded as sampled is not in any seeded draw');
  if (rows.size !== (previous?.round ?? 0)) mismatches.push(`the database records ${rows.size} rounds, the sealed key ${previous?.round ?? 0}`);
  return { rounds: previous?.round ?? 0, matches: mismatches.length === 0, mismatches };
}
