// Agreement weights for weighted kappa and Gwet's AC2, computed from where the categories sit
// (the scale values, or ranks in 'observed' mode) rather than from category numbers, so a
// half-point scale is weighted by distance in points.
//
//   linear    (Cicchetti & Allison 1971):  w_ij = 1 − |x_i − x_j| / (x_max − x_min)
//   quadratic (Fleiss & Cohen 1973):       w_ij = 1 − (x_i − x_j)² / (x_max − x_min)²
//   unweighted (Cohen 1960):               w_ij = 1 if i = j, else 0
//
// These are the weights of Cohen (1968) written as agreement weights (1 − disagreement / max).

export type WeightScheme = 'unweighted' | 'linear' | 'quadratic';

/** k × k agreement weights, row-major. With a single category every weight is 1. */
export function agreementWeights(positions: readonly number[], scheme: WeightScheme): Float64Array {
  const k = positions.length;
  const w = new Float64Array(k * k);
  const range = k > 0 ? positions[k - 1]! - positions[0]! : 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) {
        w[i * k + j] = 1;
      } else if (scheme === 'unweighted' || range === 0) {
        w[i * k + j] = 0;
      } else {
        const d = Math.abs(positions[i]! - positions[j]!) / range;
        w[i * k + j] = scheme === 'linear' ? 1 - d : 1 - d * d;
      }
    }
  }
  return w;
}

/**
 * Agreement weights from a disagreement-weight matrix v (Cohen 1968 writes weights as
 * disagreements, 0 on the diagonal): w_ij = 1 − v_ij / max(v). Kappa is unchanged by this
 * rescaling, since Cohen (1968) defines κ_w = 1 − Σ v·p_o / Σ v·p_c (p_o observed, p_c chance).
 */
export function weightsFromDisagreement(v: ReadonlyArray<ReadonlyArray<number>>): Float64Array {
  const k = v.length;
  let max = 0;
  for (const row of v) for (const x of row) max = Math.max(max, x);
  const w = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) w[i * k + j] = max > 0 ? 1 - v[i]![j]! / max : i === j ? 1 : 0;
  }
  return w;
}
