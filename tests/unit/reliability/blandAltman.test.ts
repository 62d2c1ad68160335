// Bland–Altman against the published worked example, plus degenerate cases.
import { describe, expect, it } from 'vitest';

import { blandAltman, LIMITS_MULTIPLIER, tQuantile975 } from '../../../electron/core/reliability/blandAltman';

// Bland & Altman (1986), Lancet i:307–310, Table 1: peak expiratory flow rate (l/min) of 17
// subjects, first measurement with the Wright and with the mini Wright meter. The paper prints a
// mean difference (Wright − mini) of −2.1 and SD 38.8; the standard error of a limit, √(3s²/n),
// is 16.3 l/min. (The paper's CIs use rounded intermediate values, so the CIs are checked against
// the formula with R's qt(0.975, 16) = 2.119905 instead.)
const WRIGHT = [494, 395, 516, 434, 476, 557, 413, 442, 650, 433, 417, 656, 267, 478, 178, 423, 427];
const MINI = [512, 430, 520, 428, 500, 600, 364, 380, 658, 445, 432, 626, 260, 477, 259, 350, 451];

describe('Bland–Altman', () => {
  const ba = blandAltman(WRIGHT.map((a, i) => ({ label: `s${i + 1}`, a, b: MINI[i]! })));

  it('reproduces the bias and SD printed by Bland & Altman (1986), and the CIs of their formulas', () => {
    expect(ba.n).toBe(17);
    expect(ba.bias.defined && ba.bias.value).toBeCloseTo(-2.1, 1);
    expect(ba.sd.defined && ba.sd.value).toBeCloseTo(38.8, 1);
    expect(ba.biasCi95.defined).toBe(true);
    if (!ba.biasCi95.defined || !ba.sd.defined || !ba.bias.defined) return;
    const half = (2.119905 * ba.sd.value) / Math.sqrt(17);
    expect(ba.biasCi95.value[0]).toBeCloseTo(ba.bias.value - half, 5);
    expect(ba.biasCi95.value[1]).toBeCloseTo(ba.bias.value + half, 5);
    // Limits at ±1.96 SD, and their CIs at ± t · √(3 s² / n) (16.3 in the paper).
    expect(ba.lower.defined && ba.lower.value).toBeCloseTo(ba.bias.value - LIMITS_MULTIPLIER * ba.sd.value, 12);
    expect(ba.upper.defined && ba.upper.value).toBeCloseTo(ba.bias.value + LIMITS_MULTIPLIER * ba.sd.value, 12);
    const se = Math.sqrt((3 * ba.sd.value ** 2) / 17);
    expect(se).toBeCloseTo(16.3, 1);
    if (!ba.lowerCi95.defined || !ba.lower.defined) return;
    expect(ba.lowerCi95.value[1] - ba.lower.value).toBeCloseTo(tQuantile975(16) * se, 10);
  });

  it('keeps every per-clip point with its mean and difference', () => {
    expect(ba.points[0]).toEqual({ label: 's1', a: 494, b: 512, mean: 503, difference: -18 });
    expect(ba.points).toHaveLength(17);
  });

  it('t(0.975) matches tables (R qt)', () => {
    expect(tQuantile975(16)).toBeCloseTo(2.119905, 6);
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(1000)).toBeCloseTo(1.962339, 6);
  });

  it('says why, instead of NaN, when there are too few pairs', () => {
    const none = blandAltman([]);
    expect(none.bias).toMatchObject({ defined: false, reason: 'no_items' });
    const one = blandAltman([{ label: 'x', a: 5, b: 4 }]);
    expect(one.bias).toEqual({ defined: true, value: 1 });
    expect(one.sd).toMatchObject({ defined: false, reason: 'too_few_items' });
    expect(one.lower).toMatchObject({ defined: false, reason: 'too_few_items' });
  });

  it('gives zero-width limits when every difference is the same', () => {
    const same = blandAltman([1, 2, 3].map((x) => ({ label: String(x), a: x + 0.5, b: x })));
    expect(same.sd).toEqual({ defined: true, value: 0 });
    expect(same.lower).toEqual({ defined: true, value: 0.5 });
    expect(same.upper).toEqual({ defined: true, value: 0.5 });
  });

  it('prints differences on a 0.1 scale without float noise', () => {
    const p = blandAltman([{ label: 'x', a: 0.3, b: 0.1 }]).points[0]!;
    expect(p.difference).toBe(0.2);
    expect(p.mean).toBe(0.2);
  });
});
