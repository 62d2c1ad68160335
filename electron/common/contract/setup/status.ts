// Where the manager's set-up stands, the progress of its long tasks, and the receipts of its users,
// assignment rounds and seals.
import { z } from 'zod';
import { dict, list, view, role } from '../base';
import { regionMask } from './picture';

/**
 * A blinding check that warns (the picture differs by timepoint or arm) accepted by the manager with
 * a written reason: de-identification runs only then (core/setup/blindingGuard). Audited, and shown
 * here and in every later report.
 */
export const blindingExceptionView = view({
  check: z.enum(['picture', 'length']),
  /** The factors the check found a difference by when the reason was recorded. */
  tells: list(z.enum(['timepoint', 'arm'])),
  reason: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
});
export type BlindingExceptionView = z.output<typeof blindingExceptionView>;

export const setupStatus = view({
  /** Whether this session has opened the sealed key for set-up work. */
  unlocked: z.boolean(),
  /** null until the sealed key is opened for this session. */
  participants: z.number().int().nullable(),
  recordings: view({ pending: z.number().int(), done: z.number().int(), failed: z.number().int() }),
  clips: z.number().int(),
  users: list(view({ name: z.string(), role })),
  assigned: z.number().int(),
  unassigned: z.number().int(),
  seals: list(view({ commitment: z.string(), clips: z.number().int(), sealedAt: z.string() })),
  studyMasks: list(regionMask),
  blindingExceptions: list(blindingExceptionView),
});
export type SetupStatus = z.output<typeof setupStatus>;

/** A session's long-running task (a scan, de-identification), polled through setup.progress. */
export const taskProgressView = view({
  /** A label, e.g. "De-identifying". */
  task: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  /** Per-item percent (0–100, fractional), e.g. per de-identification job code. */
  items: dict(z.number()),
  finished: z.boolean(),
  /** Why the task stopped, when it failed; null otherwise. */
  message: z.string().nullable(),
});
export type TaskProgressView = z.output<typeof taskProgressView>;

/** What a system dialog returned: null when cancelled. */
export const chosenPath = view({ path: z.string().nullable() });
export type ChosenPath = z.output<typeof chosenPath>;

export const cancelOutcome = view({ cancelled: z.boolean() });

export const addedUser = view({ name: z.string(), role });
export type AddedUser = z.output<typeof addedUser>;

/** One assignment round: the clips it assigned and each coder's share of them. */
export const assignOutcome = view({
  round: z.number().int(),
  clips: z.number().int(),
  perCoder: dict(view({ primary: z.number().int(), reliability: z.number().int() })),
});
export type AssignOutcome = z.output<typeof assignOutcome>;

/** A sealing: the key's SHA-256 commitment and how many clips it covers. */
export const sealOutcome = view({ commitment: z.string(), clips: z.number().int() });
export type SealOutcome = z.output<typeof sealOutcome>;
