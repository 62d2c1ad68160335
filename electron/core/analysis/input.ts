// What the analysis is computed from, as plain data: one observation per outcome clip (its
// participant, arm, timepoint and the scores that count under the scoring rule), the randomised
// participants, and the coders' blinding guesses with the truth. Close-out gathers it from the study
// and the opened key (closeout/analysisInput.ts); everything here and after is pure (report.ts).
import type { EmergencyUnblindingRow, LockRow, UnblindingRow } from '../../../db/repositories/closeout';
import type { BlindingExceptionView, ReliabilityOverrideView, ScaleDimension } from '../../common/contract';
import { CoreError } from '../../common/result';
import type { Arm, BlindingGuess } from './stats';

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
  /** The manager locked over failing reliability or disagreements without consensus: the reason and what was outstanding. */
  readonly reliabilityOverride?: ReliabilityOverrideView | null;
  readonly unblinding: UnblindingRow;
  readonly emergencies: readonly EmergencyUnblindingRow[];
  /** Blinding-check differences accepted with a reason at set-up (setup/blindingGuard). */
  readonly blindingExceptions?: readonly BlindingExceptionView[];
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
