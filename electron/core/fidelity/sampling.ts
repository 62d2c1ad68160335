// Which session recordings the fidelity auditors score: a seeded random sample, stratified by
// clinician (optionally also by session number) so every clinician with sessions is audited, and
// incremental so sessions uploaded later are sampled at the same rate without redrawing earlier picks.

import type { RandomSource } from '../random';
import { sampleWithoutReplacement } from '../random';
import { CoreError } from '../../common/result';

export interface SessionRecording {
  readonly id: string;
  readonly clinician: string;
  readonly sessionNumber: number;
}

/** What an earlier sampling round saw and picked; pass a previous result's fields back in. */
export interface PreviousSample {
  readonly consideredIds: readonly string[];
  readonly pickedIds: readonly string[];
}

export interface SamplingOptions {
  /** Share of each stratum to audit, in (0, 1]. Default 0.1. */
  readonly fraction?: number;
  /** Stratify by clinician × session number instead of by clinician alone. Default false. */
  readonly stratifyBySessionNumber?: boolean;
  /** The state after the previous round; omit for the first round. */
  readonly previous?: PreviousSample;
}

export interface StratumReport {
  readonly clinician: string;
  /** Set only when stratifying by session number. */
  readonly sessionNumber: number | null;
  /** Sessions in the stratum now. */
  readonly sessions: number;
  /** Sessions in the stratum that no earlier round had seen. */
  readonly newSessions: number;
  /** Picks the stratum should have now, by the rounding rule. */
  readonly target: number;
  /** Earlier picks still present in the stratum (kept, never redrawn). */
  readonly previouslyPicked: number;
  /** Picks drawn this round (from new sessions, then — only if those run out — earlier unpicked ones). */
  readonly newlyPicked: number;
  /** Of newlyPicked, how many had to come from sessions an earlier round had already passed over. */
  readonly drawnFromEarlierSessions: number;
}

export interface SessionSample {
  /** The rule in words, for the UI and the audit report. */
  readonly rule: string;
  readonly fraction: number;
  readonly stratifiedBy: 'clinician' | 'clinician and session number';
  /** Every current pick (kept and new), ordered by clinician, session number, id. */
  readonly picked: readonly SessionRecording[];
  /** The picks drawn in this round only, in the same order. */
  readonly newlyPicked: readonly SessionRecording[];
  readonly strata: readonly StratumReport[];
  /** Earlier picks whose sessions are no longer in the input (e.g. consent withdrawn). */
  readonly withdrawnPickIds: readonly string[];
  /** State to pass as `previous` to the next round. */
  readonly next: PreviousSample;
}

export const DEFAULT_SAMPLING_FRACTION = 0.1;

/**
 * The rounding rule: a stratum of n ≥ 1 sessions should hold min(n, max(1, ⌈fraction × n⌉)) picks.
 * ⌈·⌉ rounds up so small strata are not under-audited; "at least 1" makes every clinician count.
 * fraction × n is snapped to the nearest integer when within 1e-9 of it, so 0.07 × 100 (which is
 * 7.000000000000001 in floating point) gives 7, not 8.
 */
export function stratumTarget(sessions: number, fraction: number): number {
  assertFraction(fraction);
  if (!(Number.isInteger(sessions) && sessions >= 0)) throw new RangeError(`sessions must be a count, got ${sessions}`);
  if (sessions === 0) return 0;
  const exact = fraction * sessions;
  const nearest = Math.round(exact);
  const roundedUp = Math.abs(exact - nearest) <= 1e-9 * Math.max(1, exact) ? nearest : Math.ceil(exact);
  return Math.min(sessions, Math.max(1, roundedUp));
}

export function describeSamplingRule(fraction: number, stratifyBySessionNumber = false): string {
  assertFraction(fraction);
  const percent = `${Number((fraction * 100).toFixed(6))}%`;
  const stratum = stratifyBySessionNumber
    ? "each clinician's sessions with the same session number"
    : "each clinician's sessions";
  return (
    `Per ${stratifyBySessionNumber ? 'clinician and session number' : 'clinician'}: ` +
    `ceil(${percent} × n), at least 1 and at most n, where n counts ${stratum}. ` +
    'Sessions added later are drawn only to make up the shortfall against the recomputed target; ' +
    'earlier picks are kept.'
  );
}

/**
 * Draws the audit sample. Within a stratum the draw is uniform (partial Fisher–Yates with rejection
 * sampling, see ../random.ts). Strata are visited in a fixed order and candidates sorted
 * by id, so the same random stream and the same set of sessions give the same sample whatever the
 * input order. For a later round, use a fresh stream — e.g. createSeededRandomSource(seed, 'round 2')
 * — so its draws are independent of the first round's.
 *
 * Invalid input (fraction outside (0, 1], duplicate session ids, picks the previous round had not
 * considered) throws CoreError('bad_input').
 */
export function sampleSessions(
  sessions: readonly SessionRecording[],
  random: RandomSource,
  options: SamplingOptions = {},
): SessionSample {
  const fraction = options.fraction ?? DEFAULT_SAMPLING_FRACTION;
  const bySessionNumber = options.stratifyBySessionNumber ?? false;
  if (!isValidFraction(fraction)) {
    throw new CoreError('bad_input', `The sampling fraction must be above 0 and at most 1 (got ${fraction}).`);
  }
  validateSessions(sessions);
  const consideredBefore = new Set(options.previous?.consideredIds ?? []);
  const pickedBefore = new Set(options.previous?.pickedIds ?? []);
  for (const id of pickedBefore) {
    if (!consideredBefore.has(id)) {
      throw new CoreError('bad_input', `Earlier pick ${id} is not among the sessions that round considered.`);
    }
  }

  const strata = groupIntoStrata(sessions, bySessionNumber);
  const picked: SessionRecording[] = [];
  const newlyPicked: SessionRecording[] = [];
  const reports: StratumReport[] = [];
  for (const stratum of strata) {
    const kept = stratum.sessions.filter((s) => pickedBefore.has(s.id));
    const fresh = stratum.sessions.filter((s) => !consideredBefore.has(s.id));
    const passedOver = stratum.sessions.filter((s) => consideredBefore.has(s.id) && !pickedBefore.has(s.id));
    const target = stratumTarget(stratum.sessions.length, fraction);
    const shortfall = Math.max(0, target - kept.length);
    const fromFresh = sampleWithoutReplacement(random, fresh, Math.min(shortfall, fresh.length));
    // Only reachable when earlier picks were withdrawn or the fraction was raised between rounds:
    // new sessions alone cannot then meet the target, so the rest comes from earlier sessions.
    const fromEarlier = sampleWithoutReplacement(random, passedOver, Math.min(shortfall - fromFresh.length, passedOver.length));
    const drawn = [...fromFresh, ...fromEarlier];
    picked.push(...kept, ...drawn);
    newlyPicked.push(...drawn);
    reports.push({
      clinician: stratum.clinician,
      sessionNumber: stratum.sessionNumber,
      sessions: stratum.sessions.length,
      newSessions: fresh.length,
      target,
      previouslyPicked: kept.length,
      newlyPicked: drawn.length,
      drawnFromEarlierSessions: fromEarlier.length,
    });
  }

  const currentIds = new Set(sessions.map((s) => s.id));
  const withdrawnPickIds = [...pickedBefore].filter((id) => !currentIds.has(id)).sort(compareStrings);
  const sortedPicks = picked.slice().sort(compareSessions);
  return {
    rule: describeSamplingRule(fraction, bySessionNumber),
    fraction,
    stratifiedBy: bySessionNumber ? 'clinician and session number' : 'clinician',
    picked: sortedPicks,
    newlyPicked: newlyPicked.slice().sort(compareSessions),
    strata: reports,
    withdrawnPickIds,
    next: {
      consideredIds: [...new Set([...consideredBefore, ...currentIds])].sort(compareStrings),
      pickedIds: sortedPicks.map((s) => s.id),
    },
  };
}

interface Stratum {
  readonly clinician: string;
  readonly sessionNumber: number | null;
  readonly sessions: readonly SessionRecording[];
}

function groupIntoStrata(sessions: readonly SessionRecording[], bySessionNumber: boolean): Stratum[] {
  const byKey = new Map<string, { clinician: string; sessionNumber: number | null; sessions: SessionRecording[] }>();
  for (const session of sessions) {
    const sessionNumber = bySessionNumber ? session.sessionNumber : null;
    const key = JSON.stringify([session.clinician, sessionNumber]);
    let stratum = byKey.get(key);
    if (!stratum) {
      stratum = { clinician: session.clinician, sessionNumber, sessions: [] };
      byKey.set(key, stratum);
    }
    stratum.sessions.push(session);
  }
  return [...byKey.values()]
    .map((s) => ({ ...s, sessions: s.sessions.slice().sort((a, b) => compareStrings(a.id, b.id)) }))
    .sort((a, b) => compareStrings(a.clinician, b.clinician) || (a.sessionNumber ?? 0) - (b.sessionNumber ?? 0));
}

function validateSessions(sessions: readonly SessionRecording[]): void {
  const seen = new Set<string>();
  for (const s of sessions) {
    if (seen.has(s.id)) throw new CoreError('bad_input', `Session ${s.id} appears twice.`);
    seen.add(s.id);
    if (s.clinician.length === 0) throw new CoreError('bad_input', `Session ${s.id} has no clinician.`);
    if (!Number.isFinite(s.sessionNumber)) {
      throw new CoreError('bad_input', `Session ${s.id} has no valid session number.`);
    }
  }
}

/** Code-unit order: locale-independent, so every machine sorts identically. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareSessions(a: SessionRecording, b: SessionRecording): number {
  return compareStrings(a.clinician, b.clinician) || a.sessionNumber - b.sessionNumber || compareStrings(a.id, b.id);
}

function isValidFraction(fraction: number): boolean {
  return Number.isFinite(fraction) && fraction > 0 && fraction <= 1;
}

function assertFraction(fraction: number): void {
  if (!isValidFraction(fraction)) throw new RangeError(`fraction must be in (0, 1], got ${fraction}`);
}
