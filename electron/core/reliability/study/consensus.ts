// Consensus: the reliability lead re-watches a disagreement and records the score the coders agree
// on, with a reason. Both original ratings stay exactly as submitted; the consensus is a separate,
// immutable row (a later consensus for the same clip × dimension is a new version pointing to the
// previous one), written in one transaction with its audit entry. Refused once the data are locked.
import { utcNow, type Db } from '../../../../db/open';
import { findClipByCode } from '../../../../db/repositories/clips';
import type { ConsensusRow } from '../../../../db/repositories/consensus';
import { consensusHistory, currentConsensus, insertConsensus } from '../../../../db/repositories/consensus';
import { latestRatingsForExport, latestRatingsOfClip } from '../../../../db/repositories/reliability';
import { appendAudit } from '../../audit/chain';
import { isOnScale } from '../../coding/scales';
import type { ConsensusView } from '../../../common/contract';
import { CoreError } from '../../../common/result';
import { toCsv, type Cell } from '../../csv';
import { findDimension, refuseAfterLock } from './settings';

export interface ConsensusInput {
  readonly clip: string;
  readonly dimension: string;
  readonly score: number;
  readonly reason: string;
}

const toRecord = (r: ConsensusRow): ConsensusView => ({
  id: r.id,
  clip: r.code,
  dimension: r.dimension,
  version: r.version,
  supersedesId: r.supersedesId,
  score: r.score,
  reason: r.reason,
  ratings: r.ratings,
  decidedBy: r.decidedBy,
  decidedAt: r.decidedAt,
});

export const MIN_REASON_LENGTH = 3;

export function recordConsensus(db: Db, lead: { readonly id: number; readonly name: string }, input: ConsensusInput): ConsensusView {
  const dimension = findDimension(db, input.dimension);
  const reason = input.reason.trim();
  if (reason.length < MIN_REASON_LENGTH) throw new CoreError('bad_input', 'Give the reason for the consensus score');
  if (!isOnScale(dimension, input.score)) {
    throw new CoreError('bad_input', `${dimension.label}: ${input.score} is not on the scale (${dimension.min}–${dimension.max} in steps of ${dimension.step})`);
  }
  const clip = findClipByCode(db, input.clip);
  if (!clip || clip.kind !== 'outcome') throw new CoreError('not_found', `There is no outcome clip ${input.clip}`);
  return db.transaction(() => {
    refuseAfterLock(db, 'a consensus score');
    const ratings = latestRatingsOfClip(db, clip.id);
    if (new Set(ratings.map((r) => r.coderId)).size < 2) {
      throw new CoreError('conflict', `Clip ${clip.code} does not have two submitted ratings to reconcile`);
    }
    const history = consensusHistory(db, clip.id, dimension.id);
    const previous = history[history.length - 1];
    const ratingIds = ratings.map((r) => r.ratingId);
    const decidedAt = utcNow();
    const id = insertConsensus(db, {
      clipId: clip.id,
      dimension: dimension.id,
      version: (previous?.version ?? 0) + 1,
      supersedesId: previous?.id ?? null,
      score: input.score,
      reason,
      ratings: ratingIds,
      decidedById: lead.id,
      decidedAt,
    });
    appendAudit(db, {
      actor: lead.name,
      action: 'reliability.consensus',
      detail: { clip: clip.code, dimension: dimension.id, score: input.score, version: (previous?.version ?? 0) + 1, consensus: id, ratings: ratingIds },
      reason,
    });
    return {
      id,
      clip: clip.code,
      dimension: dimension.id,
      version: (previous?.version ?? 0) + 1,
      supersedesId: previous?.id ?? null,
      score: input.score,
      reason,
      ratings: ratingIds,
      decidedBy: lead.name,
      decidedAt,
    };
  })();
}

/** Every consensus version for one clip × dimension, oldest first. */
export function consensusHistoryOf(db: Db, clipCode: string, dimension: string): ConsensusView[] {
  const clip = findClipByCode(db, clipCode);
  if (!clip) throw new CoreError('not_found', `There is no clip ${clipCode}`);
  return consensusHistory(db, clip.id, dimension).map(toRecord);
}

/** The current consensus of every clip × dimension that has one. */
export function currentConsensusScores(db: Db, dimension?: string): ConsensusView[] {
  return currentConsensus(db, dimension).map(toRecord);
}

export const CONSENSUS_EXPORT_COLUMNS = ['clip', 'dimension', 'source', 'rater', 'score', 'version', 'unscorable', 'at', 'reason'] as const;

export interface ConsensusExportRow {
  readonly clip: string;
  readonly dimension: string;
  /** 'rating' for a coder's latest version, 'consensus' for the lead's current consensus. */
  readonly source: 'rating' | 'consensus';
  readonly rater: string;
  readonly score: number | null;
  readonly version: number;
  readonly unscorable: boolean;
  readonly at: string;
  readonly reason: string | null;
}

/**
 * Originals and consensus side by side, long format: for every outcome clip and dimension, each
 * coder's latest rating and, where one exists, the current consensus. Clip codes only — the
 * analysis joins allocation after unblinding.
 */
export function consensusExportRows(db: Db, dimensions: readonly string[]): ConsensusExportRow[] {
  const consensus = new Map(currentConsensus(db).map((c) => [`${c.code}|${c.dimension}`, c]));
  const out: ConsensusExportRow[] = [];
  const ratings = latestRatingsForExport(db, 'outcome');
  const byClip = new Map<string, typeof ratings>();
  for (const r of ratings) {
    const list = byClip.get(r.code);
    if (list) list.push(r);
    else byClip.set(r.code, [r]);
  }
  for (const [code, rows] of byClip) {
    for (const dimension of dimensions) {
      for (const r of rows) {
        out.push({
          clip: code,
          dimension,
          source: 'rating',
          rater: r.coder,
          score: r.scores[dimension] ?? null,
          version: r.version,
          unscorable: r.unscorable !== null,
          at: r.submittedAt,
          reason: null,
        });
      }
      const c = consensus.get(`${code}|${dimension}`);
      if (c) {
        out.push({ clip: code, dimension, source: 'consensus', rater: c.decidedBy, score: c.score, version: c.version, unscorable: false, at: c.decidedAt, reason: c.reason });
      }
    }
  }
  return out;
}

export function consensusExportCsv(rows: readonly ConsensusExportRow[]): string {
  return toCsv(
    CONSENSUS_EXPORT_COLUMNS,
    rows.map((r): Cell[] => [r.clip, r.dimension, r.source, r.rater, r.score, r.version, r.unscorable, r.at, r.reason]),
  );
}
