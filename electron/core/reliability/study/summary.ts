// The lead's overview against the study: every pair of coders who share outcome clips, and every
// coder with training clips against the gold standard, on every dimension; and each coder's bias
// from their co-coders and from the master scores. For the reliability role only.
import { utcNow, type Db } from '../../../../db/open';
import { assignedClipIds, latestRatingsForExport } from '../../../../db/repositories/reliability';
import { listUsers } from '../../../../db/repositories/users';
import type { CoderBiasRow, ReliabilitySummary, SummaryRow } from '../../../common/contract';
import { studyDimensions } from '../../coding/dimensions';
import { coderBias } from '../bias';
import { coCoderUnits, summaryRow, type ClipScore } from '../summary';
import { GOLD_LABEL, loadPairs } from './pairs';
import { parseDateRange } from './range';
import { doubleCodedPairs } from './review';
import { reliabilitySettings } from './settings';
import { goldStandard } from './gold';

export function reliabilitySummary(db: Db): ReliabilitySummary {
  const settings = reliabilitySettings(db);
  const dimensions = studyDimensions(db);
  const everything = parseDateRange(null, null);
  const pairs = doubleCodedPairs(db, 'outcome');
  const trainees =
    goldStandard(db).length === 0 ? [] : listUsers(db, 'coder').filter((u) => assignedClipIds(db, u.id, 'training').size > 0).map((u) => u.name);
  const outcomeRatings = latestRatingsForExport(db, 'outcome').filter((r) => r.unscorable === null);

  const rows: SummaryRow[] = [];
  const bias: CoderBiasRow[] = [];
  for (const d of dimensions) {
    const dimension = { id: d.id, label: d.label, min: d.min, max: d.max, step: d.step };
    for (const p of pairs) {
      const loaded = loadPairs(db, { a: p.a, b: { coder: p.b }, dimension: d.id }, everything);
      rows.push(
        summaryRow({
          a: loaded.raterA,
          b: loaded.raterB,
          gold: false,
          dimension,
          pairs: loaded.pairs.map((x) => ({ a: x.a.score, b: x.b.score, at: x.at })),
          pending: loaded.exclusions.pending,
          criterion: settings.criterion,
        }),
      );
    }
    const goldUnits = new Map<string, { score: number; others: number[] }[]>();
    for (const t of trainees) {
      const loaded = loadPairs(db, { a: t, b: { gold: true }, dimension: d.id }, everything);
      goldUnits.set(
        t,
        loaded.pairs.map((x) => ({ score: x.a.score, others: [x.b.score] })),
      );
      rows.push(
        summaryRow({
          a: loaded.raterA,
          b: GOLD_LABEL,
          gold: true,
          dimension,
          pairs: loaded.pairs.map((x) => ({ a: x.a.score, b: x.b.score, at: x.at })),
          pending: loaded.exclusions.pending,
          criterion: settings.certification,
        }),
      );
    }
    const scores: ClipScore[] = outcomeRatings.flatMap((r) => (r.scores[d.id] === undefined ? [] : [{ clip: r.code, coder: r.coder, score: r.scores[d.id]! }]));
    const coders = [...new Set([...pairs.flatMap((p) => [p.a, p.b]), ...trainees])].sort();
    for (const coder of coders) {
      const gold = goldUnits.get(coder);
      bias.push({
        coder,
        dimension: d.id,
        dimensionLabel: d.label,
        coCoders: coderBias(coCoderUnits(scores, coder)),
        gold: gold === undefined ? null : coderBias(gold),
      });
    }
  }
  return { criterion: settings.criterion, certification: settings.certification, rows, bias, generatedAt: utcNow() };
}
