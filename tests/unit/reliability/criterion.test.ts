// Pass / fail / no verdict against the configurable threshold, and the settings schema.
import { describe, expect, it } from 'vitest';

import { buildConfusionMatrix, weightedKappa } from '../../../electron/core/reliability';
import { reliabilitySettingsPatchSchema, reliabilitySettingsSchema } from '../../../electron/common/contract';
import { DEFAULT_CRITERION, DEFAULT_RELIABILITY_SETTINGS, judgeKappa } from '../../../electron/core/reliability/criterion';
import { EAS, randomPairs } from './naiveReference';

function kappaOf(pairs: readonly (readonly [number, number])[], weights: 'linear' | 'quadratic' = 'linear') {
  const m = buildConfusionMatrix(pairs, EAS);
  if (!m.ok) throw new Error(m.error.message);
  return weightedKappa(m.value, weights);
}

describe('the reliability verdict', () => {
  it('defaults to linear weighted kappa >= 0.70 on the estimate, with at least 10 pairs', () => {
    expect(DEFAULT_CRITERION).toEqual({ weights: 'linear', threshold: 0.7, basis: 'estimate', minPairs: 10 });
  });

  it('passes at the threshold and fails below it', () => {
    const pairs = randomPairs(EAS, 40, 5, { noise: 1 });
    const k = kappaOf(pairs);
    if (!k.defined) throw new Error('kappa undefined');
    const at = judgeKappa(k, 40, { ...DEFAULT_CRITERION, threshold: k.value.kappa });
    expect(at.outcome).toBe('pass');
    expect(at.compared).toBe(k.value.kappa);
    const above = judgeKappa(k, 40, { ...DEFAULT_CRITERION, threshold: k.value.kappa + 1e-9 });
    expect(above.outcome).toBe('fail');
    expect(above.message).toMatch(/below the threshold/);
  });

  it('can ask the lower end of the 95% CI to clear the threshold', () => {
    const pairs = randomPairs(EAS, 40, 5, { noise: 1 });
    const k = kappaOf(pairs);
    if (!k.defined) throw new Error('kappa undefined');
    const v = judgeKappa(k, 40, { ...DEFAULT_CRITERION, threshold: (k.value.kappa + k.value.ci95[0]) / 2, basis: 'ci_lower' });
    expect(v.outcome).toBe('fail');
    expect(v.compared).toBe(k.value.ci95[0]);
    expect(judgeKappa(k, 40, { ...DEFAULT_CRITERION, threshold: k.value.ci95[0], basis: 'ci_lower' }).outcome).toBe('pass');
  });

  it('gives no verdict on too few pairs or an undefined kappa', () => {
    const few = kappaOf([
      [5, 5],
      [3, 3.5],
    ]);
    expect(judgeKappa(few, 2, DEFAULT_CRITERION)).toMatchObject({ outcome: 'insufficient', message: '2 pairs; at least 10 are needed for a verdict' });
    const constant = kappaOf(Array.from({ length: 12 }, () => [4, 4] as [number, number]));
    const v = judgeKappa(constant, 12, DEFAULT_CRITERION);
    expect(v).toMatchObject({ outcome: 'insufficient', kappa: null, compared: null });
    expect(v.message).toMatch(/undefined/);
  });
});

describe('reliability settings', () => {
  it('accepts the defaults and rejects a drift step above the batch size', () => {
    expect(reliabilitySettingsSchema.safeParse(DEFAULT_RELIABILITY_SETTINGS).success).toBe(true);
    expect(reliabilitySettingsSchema.safeParse({ ...DEFAULT_RELIABILITY_SETTINGS, driftStep: 21 }).success).toBe(false);
  });

  it('rejects unknown keys, thresholds outside [-1, 1] and bad weights in a patch', () => {
    expect(reliabilitySettingsPatchSchema.safeParse({ criterion: { threshold: 0.8 } }).success).toBe(true);
    expect(reliabilitySettingsPatchSchema.safeParse({ criterion: { threshold: 1.2 } }).success).toBe(false);
    expect(reliabilitySettingsPatchSchema.safeParse({ criterion: { weights: 'cubic' } }).success).toBe(false);
    expect(reliabilitySettingsPatchSchema.safeParse({ threshold: 0.8 }).success).toBe(false);
  });
});
