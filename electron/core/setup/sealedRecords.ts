// The shapes kept in the sealed key, and reading them back. Only code in setup and analysis
// (after unblinding) ever sees these.
import type { Db } from '../../../db/open';
import { readSealed, type Keyring } from '../blinding/sealedKey';
import type { FileFingerprint } from '../media/hash';

export interface SealedAllocation {
  readonly rows: readonly { readonly participant: string; readonly arm: string; readonly stratum: string | null }[];
}

export interface SealedRecording {
  readonly code: string;
  readonly participant: string;
  readonly timepoint: string | null;
  readonly task: string | null;
  readonly date: string | null;
  /** Absolute path of the source at import time. */
  readonly sourcePath: string;
  /** Path relative to the imported folder, as the manager knows it. */
  readonly sourceFile: string;
  readonly sourceSha256: string;
  /** The source's size, modification time and inode when it was hashed (absent in older studies). */
  readonly sourceFingerprint?: FileFingerprint;
}

export interface SealedAssignmentRound {
  readonly round: number;
  readonly seed: string;
  readonly coders: readonly string[];
  readonly doubleFraction: number;
  readonly clips: readonly string[];
  /** Each coder's last queue position before this round (absent in rounds sealed before it was kept). */
  readonly positionsAfter?: Readonly<Record<string, number>>;
  /** Work not yet begun that this round mixed its clips into (absent in rounds sealed before it was kept). */
  readonly untouched?: readonly { readonly code: string; readonly coder: string; readonly position: number }[];
}

export function allocationOf(db: Db, keyring: Keyring): Map<string, { arm: string; stratum: string | null }> {
  const map = new Map<string, { arm: string; stratum: string | null }>();
  for (const entry of readSealed<SealedAllocation>(db, keyring, 'allocation')) {
    for (const row of entry.rows) map.set(row.participant, { arm: row.arm, stratum: row.stratum });
  }
  return map;
}

export function recordingsOf(db: Db, keyring: Keyring): SealedRecording[] {
  return readSealed<SealedRecording>(db, keyring, 'recording');
}

export function assignmentRoundsOf(db: Db, keyring: Keyring): SealedAssignmentRound[] {
  return readSealed<SealedAssignmentRound>(db, keyring, 'assignment_seed');
}
