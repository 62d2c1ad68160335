// Gwet's AC1 (Gwet 2008, British Journal of Mathematical and Statistical Psychology 61:29–48) and
// its weighted form AC2 (Gwet 2014, Handbook of Inter-Rater Reliability, 4th ed.), two raters.
// With p_kl the joint proportions, π_k = (p_k. + p_.k)/2 and q the number of categories:
//   p_a = Σ w_kl p_kl,   p_e = T_w / (q (q − 1)) · Σ_k π_k (1 − π_k),   T_w = Σ_kl w_kl,
//   AC = (p_a − p_e) / (1 − p_e).
// With identity weights T_w = q and p_e reduces to AC1's Σ π_k(1 − π_k) / (q − 1). This is the
// computation of Gwet's own R package irrCAC (gwet.ac1.table).
//
// Chance agreement depends on q, the number of categories the coders COULD use, so the full scale
// is passed: on the 13-point EAS scale q = 13 even if a coder never used 1.5. In 'observed' mode
// q is the number of categories that occur, as when irrCAC builds categories from raw data.
import type { ConfusionMatrix } from './confusion';
import { marginals } from './confusion';
import type { Statistic } from '../../common/contract';
import { defined, finite, undefinedStatistic } from './statistic';
import type { WeightScheme } from './weights';
import { agreementWeights } from './weights';

/** AC1 with 'unweighted', AC2 with 'linear' or 'quadratic' weights. */
export function gwetAC(m: ConfusionMatrix, scheme: WeightScheme): Statistic<number> {
  const { k: q, counts, n } = m;
  if (n === 0) return undefinedStatistic('no_items', "Gwet's AC needs at least one pair of ratings");
  if (q < 2) return undefinedStatistic('single_category', "the category set has one point, so Gwet's chance agreement is 0/0");
  const w = agreementWeights(m.positions, scheme);
  const { rows, cols } = marginals(m);
  let pa = 0;
  let totalWeight = 0;
  for (let i = 0; i < q * q; i++) {
    pa += w[i]! * counts[i]!;
    totalWeight += w[i]!;
  }
  pa /= n;
  let spread = 0;
  for (let c = 0; c < q; c++) {
    const pi = (rows[c]! + cols[c]!) / (2 * n);
    spread += pi * (1 - pi);
  }
  const pe = (totalWeight / (q * (q - 1))) * spread;
  if (1 - pe <= 1e-12) return undefinedStatistic('expected_agreement_one', "Gwet's chance agreement is 1, so AC is 0/0");
  return defined(finite((pa - pe) / (1 - pe), "Gwet's AC"));
}
