// What reliability says before the data lock: every coder pair × dimension whose outcome-clip
// reliability fails the study's criterion, and every disagreement of the study's size or more that
// has no consensus. Locking over either needs the manager's written reason; the reason and the
// problems it covered go into the lock's audit row, which the analysis report prints.
import type { Db } from '../../../db/open';
import { latestAuditRowOf } from '../../../db/repositories/audit';
import { latestConsensus } from '../../../db/repositories/outcomeWork';
import type { FailingPairView, LockReliabilityView, ReliabilityOverrideView, UnresolvedDisagreementView } from '../../common/contract';
import { studySettings } from '../coding/dimensions';
import { doubleCodedPairs, memoPairReads, reliabilityForPair, reliabilitySettings } from '../reliability/study';
import { MIN_REASON_LENGTH } from './unblind';

/** The least length of the reason for locking over reliability problems. */
export const MIN_RELIABILITY_REASON_LENGTH = MIN_REASON_LENGTH;

export function lockReliability(db: Db): LockReliabilityView {
  const settings = reliabilitySettings(db);
  const dimensions = studySettings(db).dimensions;
  const consensus = new Set((latestConsensus(db) ?? []).map((c) => `${c.code}\u0000${c.dimension}`));
  const failing: FailingPairView[] = [];
  const unresolved: UnresolvedDisagreementView[] = [];
  // Every pair and dimension from one read of each coder's ratings, not one per report.
  const reads = memoPairReads(db);
  for (const pair of doubleCodedPairs(db, 'outcome')) {
    if (pair.submitted === 0) continue;
    for (const d of dimensions) {
      const r = reliabilityForPair(db, { a: pair.a, b: { coder: pair.b }, dimension: d.id }, reads);
      if (r.verdict.outcome === 'fail') {
        failing.push({
          a: r.raterA,
          b: r.raterB,
          dimension: d.id,
          n: r.n,
          kappa: r.verdict.kappa,
          ci95: r.verdict.ci95,
          message: r.verdict.message,
          period: r.period ? { first: r.period.first, last: r.period.last } : null,
        });
      }
      for (const x of r.disagreements) {
        if (!consensus.has(`${x.clip}\u0000${d.id}`)) unresolved.push({ code: x.clip, a: r.raterA, b: r.raterB, dimension: d.id, scoreA: x.a.score, scoreB: x.b.score });
      }
    }
  }
  return { failing, unresolved, disagreementSize: settings.disagreementSize };
}

export const hasReliabilityProblems = (r: LockReliabilityView) => r.failing.length > 0 || r.unresolved.length > 0;

/** The reliability override recorded with the lock, if the manager gave one. */
export function lockReliabilityOverride(db: Db): ReliabilityOverrideView | null {
  const row = latestAuditRowOf(db, 'study.lock');
  if (!row || !row.reason) return null;
  const detail = JSON.parse(row.detail || '{}') as { reliability?: { failing?: FailingPairView[]; unresolved?: UnresolvedDisagreementView[] } };
  if (!detail.reliability) return null;
  return { reason: row.reason, failing: detail.reliability.failing ?? [], unresolved: detail.reliability.unresolved ?? [] };
}
