// Blinding assessment data: each assessor (coder, participant, clinician) guesses the arm of a
// unit whose true arm is known after unblinding. Guesses are tabulated by true arm.

export type Arm = 'intervention' | 'control';
export type BlindingGuess = Arm | 'dont-know';

export interface GuessCounts {
  readonly intervention: number;
  readonly control: number;
  readonly dontKnow: number;
}

/** Counts of guesses, keyed by the true arm of the unit guessed about. */
export interface BlindingTable {
  readonly intervention: GuessCounts;
  readonly control: GuessCounts;
}

export interface ArmGuess {
  readonly trueArm: Arm;
  readonly guess: BlindingGuess;
}

export function tabulateGuesses(guesses: readonly ArmGuess[]): BlindingTable {
  const counts = {
    intervention: { intervention: 0, control: 0, dontKnow: 0 },
    control: { intervention: 0, control: 0, dontKnow: 0 },
  };
  for (const { trueArm, guess } of guesses) {
    const row = counts[trueArm];
    if (guess === 'dont-know') row.dontKnow += 1;
    else row[guess] += 1;
  }
  return counts;
}

export function otherArm(arm: Arm): Arm {
  return arm === 'intervention' ? 'control' : 'intervention';
}

export function assertGuessCounts(counts: GuessCounts): void {
  for (const [name, value] of Object.entries(counts)) {
    if (!(Number.isInteger(value) && value >= 0)) {
      throw new RangeError(`guess count ${name} must be a non-negative integer, got ${String(value)}`);
    }
  }
}
