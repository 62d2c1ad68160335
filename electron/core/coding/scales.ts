// Rating scales. The defaults follow the structure of the Emotional Availability Scales, 4th edition
// (Biringen): adult sensitivity and non-intrusiveness scored 1–7 in half points, with 5.5 and above
// counting as "sensitive" / "non-intrusive". No manual text ships here: anchors are the study's own.
import type { ScaleDimension } from '../contract';
import { CoreError } from '../result';

export const EAS_SENSITIVITY: ScaleDimension = {
  id: 'sensitivity',
  label: 'EAS maternal sensitivity',
  min: 1,
  max: 7,
  step: 0.5,
  categories: [
    { from: 1, label: 'not sensitive' },
    { from: 5.5, label: 'sensitive' },
  ],
  anchors: {},
};

export const EAS_NON_INTRUSIVENESS: ScaleDimension = {
  id: 'non_intrusiveness',
  label: 'EAS maternal non-intrusiveness',
  min: 1,
  max: 7,
  step: 0.5,
  categories: [
    { from: 1, label: 'intrusive' },
    { from: 5.5, label: 'non-intrusive' },
  ],
  anchors: {},
};

export const DEFAULT_DIMENSIONS: readonly ScaleDimension[] = [EAS_SENSITIVITY, EAS_NON_INTRUSIVENESS];

/** Every permitted score of a dimension, computed in integer steps to avoid float drift. */
export function scalePoints(d: Pick<ScaleDimension, 'min' | 'max' | 'step'>): number[] {
  const count = Math.round((d.max - d.min) / d.step);
  return Array.from({ length: count + 1 }, (_, i) => Number((d.min + i * d.step).toFixed(10)));
}

export function isOnScale(d: Pick<ScaleDimension, 'min' | 'max' | 'step'>, score: number): boolean {
  if (score < d.min - 1e-9 || score > d.max + 1e-9) return false;
  const k = (score - d.min) / d.step;
  return Math.abs(k - Math.round(k)) < 1e-9;
}

export function categoryOf(d: ScaleDimension, score: number): string {
  let label = d.categories[0]?.label ?? '';
  for (const c of d.categories) if (score >= c.from - 1e-9) label = c.label;
  return label;
}

/** A complete, valid set of scores for every dimension, or a CoreError naming the first problem. */
export function checkCompleteScores(dimensions: readonly ScaleDimension[], scores: Readonly<Record<string, number>>): void {
  const known = new Set(dimensions.map((d) => d.id));
  for (const id of Object.keys(scores)) {
    if (!known.has(id)) throw new CoreError('bad_input', `"${id}" is not a dimension of this study`);
  }
  for (const d of dimensions) {
    const score = scores[d.id];
    if (score === undefined) throw new CoreError('bad_input', `${d.label} has no score yet`);
    if (!isOnScale(d, score)) {
      throw new CoreError('bad_input', `${d.label}: ${score} is not on the scale (${d.min}–${d.max} in steps of ${d.step})`);
    }
  }
}

/** Draft scores may be partial, but every given value must be a point of its scale. */
export function checkDraftScores(dimensions: readonly ScaleDimension[], scores: Readonly<Record<string, number | null>>): void {
  const byId = new Map(dimensions.map((d) => [d.id, d]));
  for (const [id, score] of Object.entries(scores)) {
    const d = byId.get(id);
    if (!d) throw new CoreError('bad_input', `"${id}" is not a dimension of this study`);
    if (score !== null && !isOnScale(d, score)) {
      throw new CoreError('bad_input', `${d.label}: ${score} is not on the scale (${d.min}–${d.max} in steps of ${d.step})`);
    }
  }
}
