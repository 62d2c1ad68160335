// The fidelity audit's sealed shapes, and reading them back. Everything that names a clinician or a
// family — and the seeds that would let someone foresee later draws — is kept only here, under the
// study's key (blinding/sealedKey): kinds 'session_recording' and 'sampling_seed'.
import type { Db } from '../../../db/open';
import { readSealed, type Keyring } from '../blinding/sealedKey';

export interface SealedSessionRecording {
  readonly code: string;
  readonly clinician: string;
  readonly family: string;
  readonly sessionNumber: number;
  readonly date: string | null;
  /** Absolute path of the source at import time. */
  readonly sourcePath: string;
  /** Path relative to the imported folder, as the manager knows it. */
  readonly sourceFile: string;
  readonly sourceSha256: string;
}

/** One sampling round's draw: enough to replay it, and the salt that makes its commitment hiding. */
export interface SealedSampleRound {
  readonly type: 'session_sample';
  readonly round: number;
  /** The study's sampling seed: set by the first round, reused (as a new stream) by every later one. */
  readonly seed: string;
  readonly salt: string;
  readonly fraction: number;
  readonly stratifyBySessionNumber: boolean;
  /** Session keys (see sessionKey) every round so far has seen, this one included. */
  readonly considered: readonly string[];
  /** Session keys in the sample after this round. */
  readonly picked: readonly string[];
  readonly newlyPicked: readonly string[];
  /** Pseudonymous labels handed out in this round: clinician → "Clinician C". */
  readonly clinicianLabels: Readonly<Record<string, string>>;
}

/** One round of dealing sampled session clips to auditors. */
export interface SealedAuditorRound {
  readonly type: 'auditor_assignment';
  readonly round: number;
  readonly seed: string;
  readonly auditors: readonly string[];
  readonly doubleFraction: number;
  readonly clips: readonly string[];
}

type SamplingEntry = SealedSampleRound | SealedAuditorRound;

/**
 * What identifies a session across imports and studies: its family and session number. Sampling
 * orders candidates by this key, never by the random clip code, so the same seed and the same
 * sessions give the same sample wherever they are imported.
 */
export function sessionKey(s: { readonly family: string; readonly sessionNumber: number }): string {
  return JSON.stringify([s.family, s.sessionNumber]);
}

export function sessionRecordingsOf(db: Db, keyring: Keyring): SealedSessionRecording[] {
  return readSealed<SealedSessionRecording>(db, keyring, 'session_recording');
}

export function sampleRoundsOf(db: Db, keyring: Keyring): SealedSampleRound[] {
  return readSealed<SamplingEntry>(db, keyring, 'sampling_seed')
    .filter((e): e is SealedSampleRound => e.type === 'session_sample')
    .sort((a, b) => a.round - b.round);
}

export function auditorRoundsOf(db: Db, keyring: Keyring): SealedAuditorRound[] {
  return readSealed<SamplingEntry>(db, keyring, 'sampling_seed')
    .filter((e): e is SealedAuditorRound => e.type === 'auditor_assignment')
    .sort((a, b) => a.round - b.round);
}

/** Every clinician's pseudonymous label, from all rounds. */
export function clinicianLabelsOf(rounds: readonly SealedSampleRound[]): Map<string, string> {
  const labels = new Map<string, string>();
  for (const r of rounds) for (const [clinician, label] of Object.entries(r.clinicianLabels)) labels.set(clinician, label);
  return labels;
}
