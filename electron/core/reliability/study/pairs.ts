// Two raters' paired scores from the study: the clips both have submitted (each one's LATEST
// version), on one dimension, optionally within a date range on the later of the two submissions.
// Rater B is a coder or the gold standard (master scores of training clips). Unscorable ratings
// are left out and counted. The result feeds the pure buildPairReport.
//
// For the reliability lead only: the report carries both coders' notes.
import { utcNow, type Db } from '../../../../db/open';
import { currentConsensus } from '../../../../db/repositories/consensus';
import { latestGoldScores } from '../../../../db/repositories/gold';
import type { LatestRatingRow, ReliabilityClipKind } from '../../../../db/repositories/reliability';
import { assignedClipIds, latestRatingsOf } from '../../../../db/repositories/reliability';
import { findUserByName } from '../../../../db/repositories/users';
import type { ConsensusSummary, PairExclusions, PairedScores, PairReport, RaterScore } from '../../../common/contract';
import { CoreError } from '../../../common/result';
import { buildPairReport } from '../pairReport';
import type { DateRange } from './range';
import { inRange, parseDateRange } from './range';
import { findDimension, reliabilitySettings } from './settings';

/** A coder by name, or the gold standard (master scores of the study's gold-standard clips). */
export type RaterRef = { readonly coder: string } | { readonly gold: true };

export const GOLD_LABEL = 'gold standard';

export interface PairQuery {
  /** Coder A (rows of the confusion matrix; differences are A − B). */
  readonly a: string;
  readonly b: RaterRef;
  readonly dimension: string;
  /** Which clips: 'outcome' (default) or 'training'. Against the gold standard always 'training'. */
  readonly clips?: ReliabilityClipKind;
  /** YYYY-MM-DD or ISO-8601 with zone; both inclusive (see range.ts). */
  readonly from?: string | null;
  readonly to?: string | null;
  /** Overrides of the study's settings for this report. */
  readonly disagreementSize?: number;
  readonly driftBatchSize?: number;
  readonly driftStep?: number;
}

/**
 * The reads a pair report rests on. Each report reads directly by default; a caller that reports on
 * every pair at once (the lock's reliability check) passes memoPairReads, so each coder's ratings
 * are read once rather than once per pair and dimension.
 */
export interface PairReads {
  latestRatings(coderId: number, kind: ReliabilityClipKind): readonly LatestRatingRow[];
  assignedClips(coderId: number, kind: ReliabilityClipKind): ReadonlySet<number>;
  consensus(dimension: string): ReturnType<typeof currentConsensus>;
}

export function directPairReads(db: Db): PairReads {
  return {
    latestRatings: (coderId, kind) => latestRatingsOf(db, coderId, kind),
    assignedClips: (coderId, kind) => assignedClipIds(db, coderId, kind),
    consensus: (dimension) => currentConsensus(db, dimension),
  };
}

/** Reads kept for the life of the returned object: use it within one call, where nothing changes. */
export function memoPairReads(db: Db): PairReads {
  const direct = directPairReads(db);
  const memo = <T>(cache: Map<string, T>, key: string, read: () => T): T => {
    if (!cache.has(key)) cache.set(key, read());
    return cache.get(key)!;
  };
  const ratings = new Map<string, readonly LatestRatingRow[]>();
  const assigned = new Map<string, ReadonlySet<number>>();
  const consensus = new Map<string, ReturnType<typeof currentConsensus>>();
  return {
    latestRatings: (coderId, kind) => memo(ratings, `${coderId}:${kind}`, () => direct.latestRatings(coderId, kind)),
    assignedClips: (coderId, kind) => memo(assigned, `${coderId}:${kind}`, () => direct.assignedClips(coderId, kind)),
    consensus: (dimension) => memo(consensus, dimension, () => direct.consensus(dimension)),
  };
}

export interface LoadedPairs {
  readonly pairs: PairedScores[];
  readonly exclusions: PairExclusions;
  readonly raterA: string;
  readonly raterB: string;
  readonly clipKind: ReliabilityClipKind;
}

function coderId(db: Db, name: string): { id: number; name: string } {
  const user = findUserByName(db, name.trim());
  if (!user) throw new CoreError('not_found', `There is no user called "${name}"`);
  return { id: user.id, name: user.name };
}

function side(r: LatestRatingRow, dimension: string): RaterScore {
  return {
    score: r.scores[dimension]!,
    note: r.notes[dimension] ?? '',
    overallNote: r.overallNote,
    markers: r.markers,
    sourceId: r.ratingId,
    version: r.version,
    submittedAt: r.submittedAt,
  };
}

export function loadPairs(db: Db, query: PairQuery, range: DateRange, reads: PairReads = directPairReads(db)): LoadedPairs {
  const dimension = query.dimension;
  const a = coderId(db, query.a);
  const gold = 'gold' in query.b;
  const clipKind: ReliabilityClipKind = gold ? 'training' : (query.clips ?? 'outcome');
  const ratingsA = reads.latestRatings(a.id, clipKind);
  const consensus = new Map<number, ConsensusSummary>(
    clipKind === 'outcome'
      ? reads.consensus(dimension).map((c) => [
          c.clipId,
          { score: c.score, version: c.version, reason: c.reason, decidedBy: c.decidedBy, decidedAt: c.decidedAt },
        ])
      : [],
  );

  // Side B, keyed by clip id: a coder's latest ratings or the latest master scores.
  let sideB: Map<number, { score: RaterScore | null; unscorable: boolean; at: string }>;
  let assignedToBoth: Set<number>;
  let raterB: string;
  if ('coder' in query.b) {
    const b = coderId(db, query.b.coder);
    if (b.id === a.id) throw new CoreError('bad_input', 'Pick two different raters');
    raterB = b.name;
    sideB = new Map(
      reads.latestRatings(b.id, clipKind).map((r) => [
        r.clipId,
        { score: r.scores[dimension] === undefined ? null : side(r, dimension), unscorable: r.unscorable !== null, at: r.submittedAt },
      ]),
    );
    const assignedB = reads.assignedClips(b.id, clipKind);
    assignedToBoth = new Set([...reads.assignedClips(a.id, clipKind)].filter((id) => assignedB.has(id)));
  } else {
    raterB = GOLD_LABEL;
    const master = latestGoldScores(db, dimension);
    sideB = new Map(
      master.map((g) => [
        g.clipId,
        {
          score: { score: g.score, note: '', overallNote: '', markers: [], sourceId: g.id, version: g.version, submittedAt: g.enteredAt },
          unscorable: false,
          at: g.enteredAt,
        },
      ]),
    );
    assignedToBoth = new Set([...reads.assignedClips(a.id, clipKind)].filter((id) => sideB.has(id)));
  }

  const pairs: PairedScores[] = [];
  let unscorable = 0;
  let missingScore = 0;
  let submittedByBoth = 0;
  for (const ra of ratingsA) {
    const rb = sideB.get(ra.clipId);
    if (!rb) continue;
    submittedByBoth++;
    // Gold scores are not "submitted" in time: the trainee's submission dates the pair.
    const at = gold || ra.submittedAt > rb.at ? ra.submittedAt : rb.at;
    if (!inRange(range, at)) continue;
    if (ra.unscorable !== null || rb.unscorable) {
      unscorable++;
      continue;
    }
    if (ra.scores[dimension] === undefined || rb.score === null) {
      missingScore++;
      continue;
    }
    pairs.push({ clip: ra.code, a: side(ra, dimension), b: rb.score, at, consensus: consensus.get(ra.clipId) ?? null });
  }
  return {
    pairs,
    exclusions: { unscorable, missingScore, pending: Math.max(0, assignedToBoth.size - submittedByBoth) },
    raterA: a.name,
    raterB,
    clipKind,
  };
}

/** The full two-rater report for the reliability screens, the CLI and the exports. */
export function reliabilityForPair(db: Db, query: PairQuery, reads: PairReads = directPairReads(db)): PairReport {
  const dimension = findDimension(db, query.dimension);
  const settings = reliabilitySettings(db);
  const range = parseDateRange(query.from, query.to);
  const loaded = loadPairs(db, query, range, reads);
  const batchSize = query.driftBatchSize ?? settings.driftBatchSize;
  const step = query.driftStep ?? Math.min(settings.driftStep, batchSize);
  const report = buildPairReport({
    dimension,
    raterA: loaded.raterA,
    raterB: loaded.raterB,
    clipKind: loaded.clipKind,
    range: { from: query.from?.trim() || null, to: query.to?.trim() || null },
    pairs: loaded.pairs,
    exclusions: loaded.exclusions,
    // Against the gold standard the question is certification, so its criterion applies.
    criterion: 'gold' in query.b ? settings.certification : settings.criterion,
    drift: { batchSize, step },
    disagreementSize: query.disagreementSize ?? settings.disagreementSize,
    generatedAt: utcNow(),
  });
  // A score off the scale can only come from a scale changed after rating, which coding forbids.
  if (!report.ok) throw new CoreError(report.error.code === 'bad_input' ? 'conflict' : report.error.code, report.error.message);
  return report.value;
}
