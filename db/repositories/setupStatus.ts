// How far the set-up of one kind of recording has come, as the manager's set-up tabs show it (the
// study's outcome recordings, the fidelity audit's sampled sessions): jobs by status, clips made,
// clips assigned. One query set for both tabs.
import type { Db } from '../open';
import { countAssignedClips } from './assignments';
import { countClips } from './clips';
import { jobCounts, type DeidJobCounts, type DeidJobKind } from './deidJobs';

export interface SetupCounts {
  readonly jobs: DeidJobCounts;
  /** Clips of the kind made so far. */
  readonly clips: number;
  /** Of those, how many are assigned to anyone. */
  readonly assigned: number;
}

export function setupCounts(db: Db, kind: DeidJobKind): SetupCounts {
  return { jobs: jobCounts(db, kind), clips: countClips(db, [kind]), assigned: countAssignedClips(db, kind) };
}
