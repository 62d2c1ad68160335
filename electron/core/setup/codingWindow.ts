// The study's coding window: the part of every recording coders see (e.g. the first 10 minutes of
// free play, after 30 s of settling in), cut at de-identification so that every clip is equally
// long and the length cannot tell the timepoint or arm (./clipLength). Like the uniform picture it
// applies to every clip alike, so it can change only until the first clip is made.
import type { Db } from '../../../db/open';
import { clipsOfKind, countClips } from '../../../db/repositories/clips';
import { listJobs } from '../../../db/repositories/deidJobs';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import type { CodingWindow } from '../blinding/deidentify';
import { MIN_CLIP_SECONDS, windowedDuration } from '../blinding/deidentify/plan';
import { inspectSource } from '../blinding/deidentify/source';
import type { Keyring } from '../blinding/sealedKey';
import { CoreError } from '../../common/result';
import { assertStudyUnlocked } from '../study/lockState';
import { clock } from './clipLength';
import { recordingsOf } from './sealedRecords';

export function studyCodingWindow(db: Db): CodingWindow | null {
  const value = getStudy(db)?.settings['codingWindow'] as CodingWindow | null | undefined;
  return value ?? null;
}

export function describeWindow(window: CodingWindow | null): string {
  return window ? `${window.lengthSeconds} s from ${window.startSeconds} s` : 'the whole recording';
}

export function setStudyCodingWindow(db: Db, window: CodingWindow | null, actor: string): void {
  assertStudyUnlocked(db, 'change the coding window');
  db.transaction(() => {
    const current = studyCodingWindow(db);
    if (JSON.stringify(current) === JSON.stringify(window)) return;
    const made = countClips(db, ['outcome', 'training']);
    if (made > 0) {
      throw new CoreError('conflict', `${made} clip(s) are already de-identified with ${describeWindow(current)}; the coding window applies to every clip alike, so it cannot change now`);
    }
    updateStudySettings(db, { codingWindow: window });
    appendAudit(db, { actor, action: 'setup.coding_window', detail: { window } });
  })();
}

/**
 * A recording still to de-identify that ends before the coding window starts, or less than a second
 * after: its clip would be empty, and its job refuses it (blinding/deidentify/job.ts, MIN_CLIP_SECONDS).
 */
export interface EndsBeforeWindow {
  readonly sourceFile: string;
  readonly seconds: number;
}

export function endsBefore(durationSeconds: number, window: CodingWindow): boolean {
  return windowedDuration(durationSeconds, window) < MIN_CLIP_SECONDS;
}

/**
 * The recordings still to de-identify that end before `window` starts, each probed. A recording that
 * cannot be probed is left to its de-identification job, which says why.
 */
export async function recordingsEndingBefore(db: Db, keyring: Keyring, window: CodingWindow): Promise<EndsBeforeWindow[]> {
  const made = new Set(clipsOfKind(db, 'outcome').map((c) => c.code));
  const pending = new Set(listJobs(db, 'outcome').map((j) => j.code).filter((code) => !made.has(code)));
  const found: EndsBeforeWindow[] = [];
  for (const recording of recordingsOf(db, keyring).filter((r) => pending.has(r.code))) {
    let seconds: number;
    try {
      seconds = (await inspectSource(recording.sourcePath)).durationSeconds;
    } catch {
      continue;
    }
    if (endsBefore(seconds, window)) found.push({ sourceFile: recording.sourceFile, seconds });
  }
  return found;
}

const LISTED = 20;

/**
 * Refuses a coding window that starts after some recordings end — before anything changes: de-
 * identifying them would fail each job with no more than "output_mismatch". The manager is
 * unblinded and sees source names; the message never reaches another role.
 */
export function assertWindowReached(window: CodingWindow | null, short: readonly EndsBeforeWindow[], what: string): void {
  if (!window || short.length === 0) return;
  const sorted = [...short].sort((a, b) => a.seconds - b.seconds || a.sourceFile.localeCompare(b.sourceFile));
  const listed = sorted.slice(0, LISTED).map((r) => `${r.sourceFile} (${clock(r.seconds)})`);
  const more = sorted.length > LISTED ? `, and ${sorted.length - LISTED} more` : '';
  const which = sorted.length === 1 ? '1 recording ends' : `${sorted.length} recordings end`;
  const latest = Math.max(0, Math.floor((sorted[0]!.seconds - MIN_CLIP_SECONDS) * 10) / 10);
  throw new CoreError(
    'conflict',
    `The coding window (${describeWindow(window)}) starts after ${which}, or less than ${MIN_CLIP_SECONDS} s before: ${listed.join(', ')}${more}. ` +
      `Their clips would be empty. Choose a window that starts at ${latest} s or earlier (the Picture step, or --window START+LENGTH); ${what}.`,
  );
}
