// What the analysis is computed from, gathered from the study and the opened key into plain data:
// one observation per outcome clip (its participant, arm, timepoint and the scores that count under
// the scoring rule), the randomised participants, and the coders' blinding guesses with the truth.
// Everything after this is pure (report.ts).
import type { Db } from '../../../db/open';
import { getLock, listEmergencyUnblindings, type EmergencyUnblindingRow, type LockRow, type UnblindingRow } from '../../../db/repositories/closeout';
import { blindingGuesses, latestConsensus, outcomeAssignments, outcomeClipCodes } from '../../../db/repositories/outcomeWork';
import { getStudy } from '../../../db/repositories/study';
import { utcNow } from '../../../db/open';
import { studySettings } from '../coding/dimensions';
import type { ScaleDimension } from '../../common/contract';
import { CoreError } from '../../common/result';
import type { OpenedKey } from '../study/closeout/exportInput';
import { countedScores, SCORING_RULE } from '../study/closeout/scoring';
import type { Arm, BlindingGuess } from './stats';
import { orderTimepoints } from './timepoints';

export interface Observation {
  readonly code: string;
  readonly participant: string;
  readonly arm: Arm;
  readonly timepoint: string | null;
  readonly task: string | null;
  /** The primary rating was submitted. */
  readonly coded: boolean;
  readonly unscorable: boolean;
  /** The scores that count, by dimension id. */
  readonly scores: Readonly<Record<string, number>>;
  readonly emergencyUnblinded: boolean;
}

export interface GuessObservation {
  readonly code: string;
  readonly coder: string;
  readonly trueArm: Arm;
  readonly guess: BlindingGuess;
  readonly trueTimepoint: string | null;
  readonly timepointGuess: string;
}

export interface AnalysisInput {
  readonly study: string;
  readonly generatedAt: string;
  /** The allocation's labels of the two arms compared. */
  readonly arms: { readonly intervention: string; readonly control: string };
  /** Arms in the allocation left out of the comparison. */
  readonly excludedArms: readonly string[];
  readonly timepoints: readonly (string | null)[];
  readonly tasks: readonly (string | null)[];
  readonly dimensions: readonly ScaleDimension[];
  readonly randomised: { readonly intervention: number; readonly control: number };
  readonly observations: readonly Observation[];
  readonly guesses: readonly GuessObservation[];
  readonly scoringRule: string;
  readonly consensusAvailable: boolean;
  readonly lock: LockRow | null;
  readonly unblinding: UnblindingRow;
  readonly emergencies: readonly EmergencyUnblindingRow[];
}

export interface AnalysisOptions {
  /** Allocation labels: [intervention, control]. Needed unless the labels are "intervention" and "control". */
  readonly arms?: readonly [string, string];
  /** Timepoints in study order; the first is the baseline. */
  readonly timepoints?: readonly string[];
}

/** Which allocation label is the intervention and which the control. */
export function resolveArms(labels: readonly string[], requested?: readonly [string, string]): { intervention: string; control: string } {
  const find = (name: string) => labels.find((l) => l === name) ?? labels.find((l) => l.toLowerCase() === name.toLowerCase());
  if (requested) {
    const [i, c] = requested.map((r) => r.trim()) as [string, string];
    const intervention = find(i);
    const control = find(c);
    const missing = [intervention ? null : i, control ? null : c].filter((m) => m !== null);
    if (missing.length > 0 || !intervention || !control) {
      throw new CoreError('bad_input', `The allocation has no arm ${missing.map((m) => `"${m}"`).join(' or ')}; its arms are ${labels.map((l) => `"${l}"`).join(', ')}`);
    }
    if (intervention === control) throw new CoreError('bad_input', 'Name two different arms');
    return { intervention, control };
  }
  const intervention = find('intervention');
  const control = find('control');
  if (intervention && control) return { intervention, control };
  throw new CoreError(
    'bad_input',
    `Say which arm is the intervention and which the control (the allocation's arms are ${labels.map((l) => `"${l}"`).join(', ')})`,
  );
}

export function gatherAnalysisInput(db: Db, key: OpenedKey, options: AnalysisOptions = {}): AnalysisInput {
  const settings = studySettings(db);
  const dimensions = settings.dimensions;
  const labels = [...new Set([...key.participants.values()].map((p) => p.arm))].sort();
  const arms = resolveArms(labels, options.arms);
  const armOf = (label: string | null | undefined): Arm | null =>
    label === arms.intervention ? 'intervention' : label === arms.control ? 'control' : null;

  const work = outcomeAssignments(db);
  const consensus = latestConsensus(db);
  const counted = countedScores(work, consensus, dimensions);
  const emergencies = listEmergencyUnblindings(db);
  const emergency = new Set(emergencies.map((e) => e.code));
  const observations: Observation[] = [];
  for (const code of outcomeClipCodes(db)) {
    const clip = key.clips.get(code);
    const arm = armOf(clip?.arm);
    if (!clip || !arm) continue;
    const c = counted.get(code);
    const scores: Record<string, number> = {};
    for (const [id, s] of Object.entries(c?.scores ?? {})) scores[id] = s.score;
    observations.push({
      code,
      participant: clip.participant,
      arm,
      timepoint: clip.timepoint,
      task: clip.task,
      coded: c?.submitted ?? false,
      unscorable: c?.unscorable ?? false,
      scores,
      emergencyUnblinded: emergency.has(code),
    });
  }
  const guesses: GuessObservation[] = [];
  for (const g of blindingGuesses(db)) {
    const clip = key.clips.get(g.code);
    const trueArm = armOf(clip?.arm);
    if (!clip || !trueArm) continue;
    guesses.push({
      code: g.code,
      coder: g.coder,
      trueArm,
      guess: g.armGuess === 'dont_know' ? 'dont-know' : g.armGuess,
      trueTimepoint: clip.timepoint,
      timepointGuess: g.timepointGuess,
    });
  }
  const randomised = { intervention: 0, control: 0 };
  for (const p of key.participants.values()) {
    const arm = armOf(p.arm);
    if (arm) randomised[arm] += 1;
  }
  const allClips = [...key.clips.values()];
  return {
    study: getStudy(db)?.name ?? '',
    generatedAt: utcNow(),
    arms,
    excludedArms: labels.filter((l) => l !== arms.intervention && l !== arms.control),
    timepoints: orderTimepoints(
      allClips.map((c) => c.timepoint),
      { explicit: options.timepoints, studyList: settings.blindingCheck.timepoints },
    ),
    tasks: [...new Set(allClips.map((c) => c.task))].sort((a, b) => (a ?? '').localeCompare(b ?? '')),
    dimensions,
    randomised,
    observations,
    guesses,
    scoringRule: SCORING_RULE,
    consensusAvailable: consensus !== null,
    lock: getLock(db) ?? null,
    unblinding: key.unblinding,
    emergencies,
  };
}
