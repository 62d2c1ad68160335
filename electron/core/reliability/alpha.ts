// Krippendorff's alpha in its coincidence-matrix form (Krippendorff 2011, "Computing Krippendorff's
// Alpha-Reliability", the general form and its metric differences; Krippendorff 2004, Content Analysis):
//   o_ck = Σ_u (number of c–k pairs of values in unit u) / (m_u − 1)   over units with m_u ≥ 2 values,
//   n_c = Σ_k o_ck,  n = Σ_c n_c,
//   α = 1 − (n − 1) Σ_ck o_ck δ²_ck / Σ_ck n_c n_k δ²_ck,
// with the metric differences
//   nominal   δ²_ck = [c ≠ k]
//   ordinal   δ²_ck = (Σ_{g=c..k} n_g − (n_c + n_k)/2)²
//   interval  δ²_ck = (c − k)²
//   ratio     δ²_ck = ((c − k)/(c + k))².
// For two coders without missing values every unit contributes 1 to o_ab and o_ba, so the
// coincidence matrix is the confusion matrix plus its transpose. The ordinal metric depends only on
// the order of categories and their frequencies: a scale point nobody used has n_g = 0 and adds
// nothing, so ordinal (and interval) alpha are the same over the scale's or the observed categories.
import type { ConfusionMatrix } from './confusion';
import type { Statistic } from '../../common/contract';
import { defined, finite, undefinedStatistic } from './statistic';

export type AlphaMetric = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** δ² for every pair of categories (ascending values), given the coincidence marginals n_c. */
function metricDifferences(values: readonly number[], marginal: Float64Array, metric: AlphaMetric): Float64Array {
  const k = values.length;
  const d = new Float64Array(k * k);
  const cumulative = new Float64Array(k + 1); // cumulative[i] = Σ_{g<i} n_g
  for (let i = 0; i < k; i++) cumulative[i + 1] = cumulative[i]! + marginal[i]!;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) {
      if (c === e) continue;
      const vc = values[c]!;
      const ve = values[e]!;
      let delta: number;
      if (metric === 'nominal') delta = 1;
      else if (metric === 'interval') delta = (vc - ve) ** 2;
      else if (metric === 'ratio') delta = vc + ve === 0 ? 0 : ((vc - ve) / (vc + ve)) ** 2;
      else {
        const lo = Math.min(c, e);
        const hi = Math.max(c, e);
        delta = (cumulative[hi + 1]! - cumulative[lo]! - (marginal[lo]! + marginal[hi]!) / 2) ** 2;
      }
      d[c * k + e] = delta;
    }
  }
  return d;
}

/** Alpha from a k × k coincidence matrix over ascending category values. */
export function alphaFromCoincidence(coincidence: Float64Array, values: readonly number[], metric: AlphaMetric): Statistic<number> {
  const k = values.length;
  const marginal = new Float64Array(k);
  let n = 0;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) marginal[c]! += coincidence[c * k + e]!;
    n += marginal[c]!;
  }
  if (!(n > 0)) return undefinedStatistic('no_items', 'alpha needs at least one unit coded by two coders');
  const delta = metricDifferences(values, marginal, metric);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < k; c++) {
    for (let e = 0; e < k; e++) {
      const d = delta[c * k + e]!;
      if (d === 0) continue;
      observed += coincidence[c * k + e]! * d;
      expected += marginal[c]! * marginal[e]! * d;
    }
  }
  if (!(expected > 0)) {
    return undefinedStatistic('no_expected_disagreement', 'every pairable value is the same, so expected disagreement is 0 and alpha is 0/0');
  }
  return defined(finite(1 - ((n - 1) * observed) / expected, 'alpha'));
}

/** Alpha for two coders from their confusion matrix (coincidences = C + Cᵀ). */
export function alphaFromConfusion(m: ConfusionMatrix, metric: AlphaMetric): Statistic<number> {
  const { k, counts } = m;
  const o = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = counts[i * k + j]!;
      o[i * k + j]! += c;
      o[j * k + i]! += c;
    }
  }
  return alphaFromCoincidence(o, m.values, metric);
}

/**
 * Alpha for any number of coders with missing values: `units[u][c]` is coder c's value for unit u,
 * or null (NaN is treated as missing too). Categories are the distinct values, ascending.
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<number | null>>, metric: AlphaMetric): Statistic<number> {
  const present = (v: number | null): v is number => v !== null && Number.isFinite(v);
  const values = [...new Set(units.flatMap((u) => u.filter(present)))].sort((x, y) => x - y);
  const index = new Map(values.map((v, i) => [v, i]));
  const k = values.length;
  const o = new Float64Array(k * k);
  for (const unit of units) {
    const coded = unit.filter(present).map((v) => index.get(v)!);
    const m = coded.length;
    if (m < 2) continue;
    for (let p = 0; p < m; p++) {
      for (let q = 0; q < m; q++) if (p !== q) o[coded[p]! * k + coded[q]!]! += 1 / (m - 1);
    }
  }
  return alphaFromCoincidence(o, values, metric);
}
