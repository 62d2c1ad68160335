import { describe, expect, it } from 'vitest';
import type { BlindingTable } from '../../../electron/core/analysis/stats';
import {
  bangBlindingIndex,
  bangBlindingIndices,
  jamesBlindingIndex,
  tabulateGuesses,
} from '../../../electron/core/analysis/stats';

/**
 * The 3 × 2 layout of R package BI: rows are guesses (intervention, control, don't know), columns
 * the true arms (intervention, control).
 */
function table(x: readonly [readonly [number, number], readonly [number, number], readonly [number, number]]): BlindingTable {
  return {
    intervention: { intervention: x[0][0], control: x[1][0], dontKnow: x[2][0] },
    control: { intervention: x[0][1], control: x[1][1], dontKnow: x[2][1] },
  };
}

// Houweling et al. (2014), Clinical Trials 11:547–552, Table 2, site investigators (the SOX trial) —
// the example in R package BI's documentation. Published output (BI 1.2.0, reproduced in
// BlindingIndex.jl's README and tests): James 0.896 (SE 0.011; 0.875–0.918); Bang intervention
// 0.115 (SE 0.018; 0.080–0.150), control 0.022 (SE 0.019; −0.016–0.060).
const HOUWELING_INVESTIGATORS = table([
  [48, 22],
  [4, 30],
  [330, 319],
]);

// The other example tables in BI's documentation: CRISP (Bang et al. 2004, Table 7) and the SOX
// trial's research coordinators and patients (Houweling et al. 2014, Table 2).
const OTHER_EXAMPLES = [
  table([
    [82, 27],
    [25, 29],
    [170, 83],
  ]),
  table([
    [94, 52],
    [11, 44],
    [289, 284],
  ]),
  table([
    [143, 104],
    [14, 57],
    [188, 175],
  ]),
];

describe("James' blinding index", () => {
  it('reproduces the published Houweling et al. investigators example', () => {
    const r = jamesBlindingIndex(HOUWELING_INVESTIGATORS);
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.index).toBeCloseTo(0.896, 3);
    expect(r.standardError).toBeCloseTo(0.011, 3);
    expect(r.ci.lower).toBeCloseTo(0.875, 3);
    expect(r.ci.upper).toBeCloseTo(0.918, 3);
    expect(r.total).toBe(753);
    expect(r.dontKnowProportion).toBeCloseTo(649 / 753, 14);
  });

  it('has the variance of the delta method applied to the multinomial cell proportions', () => {
    for (const t of [HOUWELING_INVESTIGATORS, ...OTHER_EXAMPLES, table([[5, 2], [1, 6], [0, 0]])]) {
      const r = jamesBlindingIndex(t);
      if (r.kind !== 'value') throw new Error(r.message);
      expect(r.standardError).toBeCloseTo(deltaMethodStandardError(t), 9);
      expect(r.index).toBeCloseTo(jamesIndexFromProportions(cellsOf(t)), 12);
    }
  });

  it('is 1 when every guess is wrong, 0 when every guess is right, ½ under random guessing', () => {
    const allWrong = jamesBlindingIndex(table([[0, 10], [10, 0], [0, 0]]));
    const allRight = jamesBlindingIndex(table([[10, 0], [0, 10], [0, 0]]));
    const random = jamesBlindingIndex(table([[10, 10], [10, 10], [0, 0]]));
    expect(allWrong.kind === 'value' && allWrong.index).toBeCloseTo(1, 14);
    expect(allRight.kind === 'value' && allRight.index).toBeCloseTo(0, 14);
    expect(random.kind === 'value' && random.index).toBeCloseTo(0.5, 14);
  });

  it("is 1 with SE 0 when every guess is don't know (James et al. 1996, p. 1425)", () => {
    const r = jamesBlindingIndex(table([[0, 0], [0, 0], [7, 9]]));
    expect(r).toMatchObject({ kind: 'value', index: 1, standardError: 0, ci: { lower: 1, upper: 1 } });
  });

  it('reports no guesses and a zero chance-expected disagreement as undefined', () => {
    const none = jamesBlindingIndex(table([[0, 0], [0, 0], [0, 0]]));
    expect(none.kind === 'undefined' && none.reason).toBe('no-observations');
    // Definite guesses only in one correct cell: no disagreement is expected by chance.
    const oneCell = jamesBlindingIndex(table([[4, 0], [0, 0], [1, 3]]));
    expect(oneCell.kind === 'undefined' && oneCell.reason).toBe('no-expected-disagreement');
    expect(JSON.stringify(oneCell)).not.toMatch(/NaN|Infinity|null/);
  });

  it('keeps limits inside [0, 1]', () => {
    const r = jamesBlindingIndex(table([[1, 3], [2, 0], [0, 0]]));
    if (r.kind !== 'value') throw new Error(r.message);
    expect(r.ci.lower).toBeGreaterThanOrEqual(0);
    expect(r.ci.upper).toBeLessThanOrEqual(1);
  });
});

describe("Bang's blinding index", () => {
  it('reproduces the published Houweling et al. investigators example', () => {
    const { intervention, control } = bangBlindingIndices(HOUWELING_INVESTIGATORS);
    if (intervention.kind !== 'value' || control.kind !== 'value') throw new Error('expected values');
    expect(intervention.index).toBeCloseTo(0.115, 3);
    expect(intervention.standardError).toBeCloseTo(0.018, 3);
    expect(intervention.ci.lower).toBeCloseTo(0.08, 3);
    expect(intervention.ci.upper).toBeCloseTo(0.15, 3);
    expect(control.index).toBeCloseTo(0.022, 3);
    expect(control.standardError).toBeCloseTo(0.019, 3);
    expect(control.ci.lower).toBeCloseTo(-0.016, 3);
    expect(control.ci.upper).toBeCloseTo(0.06, 3);
  });

  it('equals (correct − incorrect) / n with the multinomial variance of that difference', () => {
    for (const t of OTHER_EXAMPLES) {
      for (const arm of ['intervention', 'control'] as const) {
        const counts = t[arm];
        const correct = counts[arm];
        const incorrect = arm === 'intervention' ? counts.control : counts.intervention;
        const n = counts.intervention + counts.control + counts.dontKnow;
        const r = bangBlindingIndex(counts, arm);
        if (r.kind !== 'value') throw new Error(r.message);
        // Bang et al. (2004) in its original form.
        const original = (2 * (correct / (correct + incorrect)) - 1) * ((correct + incorrect) / n);
        expect(r.index).toBeCloseTo(original, 14);
        // Var(p̂c − p̂i) = Var(p̂c) + Var(p̂i) − 2 Cov(p̂c, p̂i), Cov = −pc·pi/n for a multinomial.
        const pc = correct / n;
        const pi = incorrect / n;
        const variance = (pc * (1 - pc)) / n + (pi * (1 - pi)) / n + (2 * pc * pi) / n;
        expect(r.standardError).toBeCloseTo(Math.sqrt(variance), 14);
      }
    }
  });

  it('is 1 when all guess right, −1 when all guess wrong, and truncates limits to [−1, 1]', () => {
    const right = bangBlindingIndex({ intervention: 12, control: 0, dontKnow: 0 }, 'intervention');
    const wrong = bangBlindingIndex({ intervention: 0, control: 12, dontKnow: 0 }, 'intervention');
    expect(right).toMatchObject({ kind: 'value', index: 1, ci: { lower: 1, upper: 1 } });
    expect(wrong).toMatchObject({ kind: 'value', index: -1, ci: { lower: -1, upper: -1 } });
    const nearlyRight = bangBlindingIndex({ intervention: 0, control: 9, dontKnow: 1 }, 'control');
    expect(nearlyRight.kind === 'value' && nearlyRight.ci.upper).toBe(1);
  });

  it("reports an empty arm and an all-don't-know arm as undefined", () => {
    const empty = bangBlindingIndex({ intervention: 0, control: 0, dontKnow: 0 }, 'control');
    const dontKnow = bangBlindingIndex({ intervention: 0, control: 0, dontKnow: 6 }, 'control');
    expect(empty.kind === 'undefined' && empty.reason).toBe('no-observations');
    expect(dontKnow.kind === 'undefined' && dontKnow.reason).toBe('no-definite-guesses');
  });

  it('rejects invalid counts', () => {
    expect(() => bangBlindingIndex({ intervention: -1, control: 0, dontKnow: 0 }, 'control')).toThrow(RangeError);
    expect(() => jamesBlindingIndex(table([[1.5, 0], [0, 0], [0, 0]]))).toThrow(RangeError);
  });
});

describe('tabulateGuesses', () => {
  it('counts guesses by true arm', () => {
    const t = tabulateGuesses([
      { trueArm: 'intervention', guess: 'intervention' },
      { trueArm: 'intervention', guess: 'dont-know' },
      { trueArm: 'control', guess: 'intervention' },
      { trueArm: 'control', guess: 'control' },
      { trueArm: 'control', guess: 'control' },
    ]);
    expect(t).toEqual({
      intervention: { intervention: 1, control: 0, dontKnow: 1 },
      control: { intervention: 1, control: 2, dontKnow: 0 },
    });
  });
});

// --- An independent route to James' variance: the delta method, Var(f(p̂)) ≈ ∇fᵀ Σ ∇f / N with the
// multinomial covariance Σ = diag(p) − ppᵀ and a numerical gradient of the index itself.

function cellsOf(t: BlindingTable): number[] {
  // [guess I | arm I, guess I | arm C, guess C | arm I, guess C | arm C, dk | arm I, dk | arm C]
  return [
    t.intervention.intervention,
    t.control.intervention,
    t.intervention.control,
    t.control.control,
    t.intervention.dontKnow,
    t.control.dontKnow,
  ];
}

function jamesIndexFromProportions(raw: readonly number[]): number {
  const total = raw.reduce((s, v) => s + v, 0);
  const [ii = 0, ic = 0, ci = 0, cc = 0, dki = 0, dkc = 0] = raw.map((v) => v / total);
  const pdk = dki + dkc;
  const q = 1 - pdk;
  const guessI = ii + ic;
  const guessC = ci + cc;
  const armI = ii + ci;
  const armC = ic + cc;
  const observed = (0.5 * (ic + ci)) / q;
  const expected = (0.5 * (guessI * armC + guessC * armI)) / (q * q);
  const kappa = (observed - expected) / expected;
  return (1 + pdk + q * kappa) / 2;
}

function deltaMethodStandardError(t: BlindingTable): number {
  const counts = cellsOf(t);
  const n = counts.reduce((s, v) => s + v, 0);
  const p = counts.map((c) => c / n);
  const h = 1e-6;
  const gradient = p.map((_, k) => {
    const up = p.map((v, i) => (i === k ? v + h : v));
    const down = p.map((v, i) => (i === k ? v - h : v));
    return (jamesIndexFromProportions(up) - jamesIndexFromProportions(down)) / (2 * h);
  });
  let variance = 0;
  for (let a = 0; a < p.length; a++) {
    for (let b = 0; b < p.length; b++) {
      const pa = p[a] ?? 0;
      const pb = p[b] ?? 0;
      variance += (gradient[a] ?? 0) * (gradient[b] ?? 0) * ((a === b ? pa : 0) - pa * pb);
    }
  }
  return Math.sqrt(variance / n);
}
