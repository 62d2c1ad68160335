// The fidelity audit in numbers: of the sampled sessions, how many were scored, how many had
// acceptable adherence (with an exact CI), and the mean and range of scores — overall, per
// clinician and per session number.

import type { Computed, Proportion } from '../analysis/stats';
import { DEFAULT_CONFIDENCE_LEVEL, clopperPearson, mean, range } from '../analysis/stats';
import { CoreError } from '../../common/result';
import type { SessionRecording } from './sampling';

export const ADHERENCE_MIN = 1;
export const ADHERENCE_MAX = 5;
/** A session's adherence is acceptable when its score is at or above this value. */
export const ACCEPTABLE_ADHERENCE = 3;
export const ACCEPTABLE_ADHERENCE_RULE = `acceptable if adherence ≥ ${ACCEPTABLE_ADHERENCE} on the ${ADHERENCE_MIN}–${ADHERENCE_MAX} scale`;

export interface AdherenceScore {
  readonly sessionId: string;
  /** The auditor's adherence rating, 1–5. */
  readonly adherence: number;
}

export interface AdherenceSummary {
  /** Sessions in the audit sample. */
  readonly sampled: number;
  /** Of those, sessions with an adherence score. */
  readonly scored: number;
  /** Of the scored, sessions with adherence ≥ 3. */
  readonly acceptable: number;
  /** acceptable / scored with a Clopper–Pearson exact interval; undefined when nothing is scored. */
  readonly acceptableProportion: Computed<Proportion>;
  readonly meanAdherence: Computed<{ value: number }>;
  readonly adherenceRange: Computed<{ min: number; max: number }>;
}

export interface FidelitySummary {
  readonly rule: string;
  readonly overall: AdherenceSummary;
  /** Ordered by clinician (code-unit order). */
  readonly byClinician: readonly ({ readonly clinician: string } & AdherenceSummary)[];
  /** Ordered by session number. */
  readonly bySessionNumber: readonly ({ readonly sessionNumber: number } & AdherenceSummary)[];
}

/**
 * Unscored sampled sessions count in `sampled` but not in the proportion: the percentage describes
 * the sessions actually audited, and the gap between sampled and scored is shown beside it.
 * Throws CoreError('bad_input') for a score outside 1–5, a second score for one session, or a
 * score for a session that is not in the sample.
 */
export function summarizeAdherence(
  sampled: readonly SessionRecording[],
  scores: readonly AdherenceScore[],
  confidenceLevel: number = DEFAULT_CONFIDENCE_LEVEL,
): FidelitySummary {
  const sampledIds = new Set<string>();
  for (const session of sampled) {
    if (sampledIds.has(session.id)) throw new CoreError('bad_input', `Session ${session.id} is sampled twice.`);
    sampledIds.add(session.id);
  }
  const scoreBySession = new Map<string, number>();
  for (const { sessionId, adherence } of scores) {
    if (!sampledIds.has(sessionId)) {
      throw new CoreError('bad_input', `Session ${sessionId} has an adherence score but is not in the audit sample.`);
    }
    if (scoreBySession.has(sessionId)) {
      throw new CoreError('bad_input', `Session ${sessionId} has more than one adherence score.`);
    }
    if (!(Number.isFinite(adherence) && adherence >= ADHERENCE_MIN && adherence <= ADHERENCE_MAX)) {
      throw new CoreError(
        'bad_input',
        `Adherence for session ${sessionId} must be between ${ADHERENCE_MIN} and ${ADHERENCE_MAX} (got ${adherence}).`,
      );
    }
    scoreBySession.set(sessionId, adherence);
  }

  const summarize = (group: readonly SessionRecording[]): AdherenceSummary => {
    const values: number[] = [];
    for (const session of group) {
      const score = scoreBySession.get(session.id);
      if (score !== undefined) values.push(score);
    }
    const acceptable = values.filter((v) => v >= ACCEPTABLE_ADHERENCE).length;
    return {
      sampled: group.length,
      scored: values.length,
      acceptable,
      acceptableProportion: clopperPearson(acceptable, values.length, confidenceLevel),
      meanAdherence: mean(values),
      adherenceRange: range(values),
    };
  };

  const byClinician = groupBy(sampled, (s) => s.clinician)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([clinician, group]) => ({ clinician, ...summarize(group) }));
  const bySessionNumber = groupBy(sampled, (s) => s.sessionNumber)
    .sort(([a], [b]) => a - b)
    .map(([sessionNumber, group]) => ({ sessionNumber, ...summarize(group) }));

  return { rule: ACCEPTABLE_ADHERENCE_RULE, overall: summarize(sampled), byClinician, bySessionNumber };
}

function groupBy<K>(sessions: readonly SessionRecording[], key: (s: SessionRecording) => K): [K, SessionRecording[]][] {
  const groups = new Map<K, SessionRecording[]>();
  for (const session of sessions) {
    const k = key(session);
    const group = groups.get(k);
    if (group) group.push(session);
    else groups.set(k, [session]);
  }
  return [...groups.entries()];
}
