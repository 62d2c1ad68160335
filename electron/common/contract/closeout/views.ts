// What the close-out entries return to the manager: the lock, unblinding, emergency reveals and
// export receipts. The manager is unblinded: these views may carry participant ids and arms, and
// never reach another role (contract roles).
import { z } from 'zod';
import { dict, list, view, count } from '../base';


const lockExceptionShape = {
  code: z.string(),
  coder: z.string(),
  purpose: z.enum(['primary', 'reliability']),
  /** 'outcome' for trial recordings, 'session' for fidelity audits. */
  kind: z.enum(['outcome', 'session']),
};

export const lockExceptionView = view(lockExceptionShape);
export type LockExceptionView = z.output<typeof lockExceptionView>;

export const unsubmittedView = view({ ...lockExceptionShape, hasDraft: z.boolean() });
export type UnsubmittedView = z.output<typeof unsubmittedView>;

export const unblindingView = view({ unblindedAt: z.string(), unblindedBy: z.string(), reason: z.string(), commitment: z.string() });
export type UnblindingView = z.output<typeof unblindingView>;

export const emergencyUnblindingView = view({ code: z.string(), unblindedAt: z.string(), unblindedBy: z.string(), reason: z.string() });
export type EmergencyUnblindingView = z.output<typeof emergencyUnblindingView>;

const interval = z.tuple([z.number(), z.number()]).readonly();

/** A coder pair × dimension whose reliability fails the study's criterion (outcome clips). */
export const failingPairView = view({
  a: z.string(),
  b: z.string(),
  dimension: z.string(),
  n: count,
  kappa: z.number().nullable(),
  ci95: interval.nullable(),
  /** The verdict in words, e.g. "linear weighted kappa 0.470 is below the threshold 0.700". */
  message: z.string(),
  /** When the pairs were submitted: first and last (ISO 8601 UTC). */
  period: view({ first: z.string(), last: z.string() }).nullable(),
});
export type FailingPairView = z.output<typeof failingPairView>;

/** A double-coded clip whose two scores differ by the study's disagreement size or more, with no consensus. */
export const unresolvedDisagreementView = view({
  code: z.string(),
  a: z.string(),
  b: z.string(),
  dimension: z.string(),
  scoreA: z.number(),
  scoreB: z.number(),
});
export type UnresolvedDisagreementView = z.output<typeof unresolvedDisagreementView>;

/** What reliability says before the lock: every failing pair and every disagreement without consensus. */
export const lockReliabilityView = view({
  failing: list(failingPairView),
  unresolved: list(unresolvedDisagreementView),
  /** The study's disagreement size (points). */
  disagreementSize: z.number(),
});
export type LockReliabilityView = z.output<typeof lockReliabilityView>;

/** The manager locked despite reliability problems: the reason given and what was outstanding. */
export const reliabilityOverrideView = view({ reason: z.string(), failing: list(failingPairView), unresolved: list(unresolvedDisagreementView) });
export type ReliabilityOverrideView = z.output<typeof reliabilityOverrideView>;

export const lockView = view({
  lockedAt: z.string(),
  lockedBy: z.string(),
  /** Assignments confirmed as not submitted when the study was locked. */
  exceptions: list(lockExceptionView),
  /** Present when the study was locked with reliability problems confirmed. */
  reliabilityOverride: reliabilityOverrideView.nullable(),
});
export type LockView = z.output<typeof lockView>;

export const closeoutStatusView = view({
  lock: lockView.nullable(),
  unblinding: unblindingView.nullable(),
  /** Assignments without a submitted rating: the exceptions a lock would list. */
  unsubmitted: list(unsubmittedView),
  /** Reliability problems a lock must confirm with a reason (empty lists once locked). */
  reliability: lockReliabilityView,
  emergencyUnblindings: list(emergencyUnblindingView),
  seal: view({ commitment: z.string(), clips: count, sealedAt: z.string(), sealedBy: z.string() }).nullable(),
  /** The sealed key gained entries after the latest seal: seal again before locking. */
  keyChangedSinceSeal: z.boolean(),
  /** This session holds the opened key of the unblinded study (unblinded exports and analysis). */
  keyOpen: z.boolean(),
  /** The allocation's arm labels, when the key is open after unblinding. */
  arms: list(z.string()).nullable(),
  /** The least length of a written reason for unblinding. */
  minReasonLength: count,
});
export type CloseoutStatusView = z.output<typeof closeoutStatusView>;

/** One clip revealed in an emergency: shown to the manager once, never stored. */
export const emergencyRevealView = view({
  code: z.string(),
  participant: z.string(),
  arm: z.string().nullable(),
  timepoint: z.string().nullable(),
  task: z.string().nullable(),
  unblindedAt: z.string(),
  unblindedBy: z.string(),
  matchesSeal: z.boolean(),
});
export type EmergencyRevealView = z.output<typeof emergencyRevealView>;

export const unblindReceiptView = view({
  unblinding: unblindingView,
  /** Always true on success: unblinding is refused when the opened key does not match the seal. */
  commitmentMatched: z.boolean(),
  clips: count,
  /** Randomised participants by arm label. */
  randomised: dict(count),
});
export type UnblindReceiptView = z.output<typeof unblindReceiptView>;

/** tidy: clip × coder × dimension; long: participant × timepoint; wide: one row per participant. */
export const exportLayout = z.enum(['tidy', 'long', 'wide']);
export type ExportLayoutView = z.output<typeof exportLayout>;

export const exportReceiptView = view({
  file: z.string(),
  dictionaryFile: z.string(),
  /** The R script, SPSS syntax, Stata do-file and SAS program written beside it, in that order. */
  scriptFiles: list(z.string()),
  rows: count,
  unblinded: z.boolean(),
  layout: exportLayout,
});
export type ExportReceiptView = z.output<typeof exportReceiptView>;

/** A report saved where the manager chose. */
export const savedAnalysisReport = view({ file: z.string(), bytes: count });
export type SavedAnalysisReport = z.output<typeof savedAnalysisReport>;

/** What a ratings import brought in (closeout.importRatings, inside its import report). */
export const ratingsImported = view({ ratings: count, rows: count });
export type RatingsImported = z.output<typeof ratingsImported>;
