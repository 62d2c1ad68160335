// A small two-arm trial whose ratings reproduce the published check values of issue 7:
//   sensitivity at post-test: 9 of 17 vs 3 of 11 in the upper category → RR 1.94 (0.67–5.63);
//   completion at follow-up: 19 of 20 → 95% (75%–100%), 14 of 20 → 70% (46%–88%), Clopper–Pearson;
//   quality at follow-up: 67 ± 10 (n = 19) vs 74 ± 11 (n = 13) → Hedges' g −0.66 (−1.38 to 0.07).
// Plain data, shared by the unit test of the pure report and the integration test through the CLI.
import type { ScaleDimension } from '../../../electron/common/contract';
import { EAS_SENSITIVITY } from '../../../electron/core/coding/scales';

export const ARM_I = 'VIPP-FC';
export const ARM_C = 'CAU-ARM';
export const TIMEPOINTS = ['pre', 'post', 'follow-up'] as const;
export type Timepoint = (typeof TIMEPOINTS)[number];

export const QUALITY: ScaleDimension = {
  id: 'quality',
  label: 'Interaction quality (0–100)',
  min: 0,
  max: 100,
  step: 1,
  categories: [
    { from: 0, label: 'low' },
    { from: 70, label: 'high' },
  ],
  anchors: {},
};
export const DIMENSIONS: readonly ScaleDimension[] = [EAS_SENSITIVITY, QUALITY];

export interface TrialParticipant {
  readonly id: string;
  readonly arm: string;
  readonly stratum: string;
}

export interface TrialClip {
  readonly participant: string;
  readonly arm: string;
  readonly timepoint: Timepoint;
  /** The scores that count; null when the clip is unscorable. */
  readonly scores: { readonly sensitivity: number; readonly quality: number } | null;
}

// Ids long enough that a byte scan of the study folder cannot meet them by chance in ciphertext.
const ids = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(2, '0')}`);
export const INTERVENTION = ids('PX-I', 20);
export const CONTROL = ids('PX-C', 20);

export const PARTICIPANTS: readonly TrialParticipant[] = [...INTERVENTION, ...CONTROL].map((id, i) => ({
  id,
  arm: INTERVENTION.includes(id) ? ARM_I : ARM_C,
  stratum: i % 2 === 0 ? 'site-A' : 'site-B',
}));

// Sensitivity at post-test: 9 of 17 and 3 of 11 at or above 5.5.
const SENSITIVITY_POST_I = [5.5, 6, 6.5, 7, 5.5, 6, 5.5, 6, 6.5, 3, 3.5, 4, 4.5, 5, 4, 3.5, 5];
const SENSITIVITY_POST_C = [5.5, 6, 5.5, 2.5, 3, 3.5, 4, 4.5, 5, 3, 4];
// Quality at follow-up: mean 67, SD 10 (n 19) and mean 74, SD 11 (n 13), exactly.
const QUALITY_FU_I = [49, 50, 57, 58, 59, 62, 62, 63, 64, 66, 70, 71, 74, 74, 75, 77, 78, 80, 84];
const QUALITY_FU_C = [55, 61, 62, 66, 69, 72, 76, 77, 81, 83, 83, 84, 93];

const sensitivityFormula = (k: number) => 1.5 + ((k * 7) % 11) * 0.5; // 1.5 … 6.5
const qualityFormula = (k: number) => 40 + ((k * 13) % 45);

function clipsAt(timepoint: Timepoint, members: readonly string[], arm: string, k0: number, fixed: { s?: readonly number[]; q?: readonly number[] }): TrialClip[] {
  return members.map((participant, i) => ({
    participant,
    arm,
    timepoint,
    scores: { sensitivity: fixed.s?.[i] ?? sensitivityFormula(k0 + i), quality: fixed.q?.[i] ?? qualityFormula(k0 + i) },
  }));
}

export const CLIPS: readonly TrialClip[] = [
  ...clipsAt('pre', INTERVENTION, ARM_I, 0, {}),
  ...clipsAt('pre', CONTROL, ARM_C, 20, {}),
  ...clipsAt('post', INTERVENTION.slice(0, 17), ARM_I, 40, { s: SENSITIVITY_POST_I }),
  ...clipsAt('post', CONTROL.slice(0, 11), ARM_C, 60, { s: SENSITIVITY_POST_C }),
  ...clipsAt('follow-up', INTERVENTION.slice(0, 19), ARM_I, 80, { q: QUALITY_FU_I }),
  ...clipsAt('follow-up', CONTROL.slice(0, 13), ARM_C, 100, { q: QUALITY_FU_C }),
  // Recorded at follow-up but unscorable: counts for completion (14 of 20), not for n (13).
  { participant: 'PX-C14', arm: ARM_C, timepoint: 'follow-up', scores: null },
];

/** The published values, as printed. */
export const PUBLISHED = {
  riskRatio: '1.94 (0.67–5.63)',
  completionIntervention: '95% (75%–100%)',
  completionControl: '70% (46%–88%)',
  hedgesG: '−0.66 (−1.38 to 0.07)',
} as const;
