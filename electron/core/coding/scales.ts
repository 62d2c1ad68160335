// Rating scales. The defaults follow the structure of the Emotional Availability Scales, 4th edition
// (Biringen): adult sensitivity and non-intrusiveness scored 1–7 in half points, with 5.5 and above
// counting as "sensitive" / "non-intrusive". No manual text ships here: anchors are the study's own.
import type { Draft, RatingContent, ScaleDimension } from '../../common/contract';
import { CoreError } from '../../common/result';

// Every EAS dimension: 1–7 in half points, the upper category from 5.5.
const easDimension = (id: string, label: string, upper: string, lower: string): ScaleDimension => ({
  id,
  label,
  min: 1,
  max: 7,
  step: 0.5,
  categories: [
    { from: 1, label: lower },
    { from: 5.5, label: upper },
  ],
  anchors: {},
});

export const EAS_SENSITIVITY = easDimension('sensitivity', 'EAS maternal sensitivity', 'sensitive', 'not sensitive');
export const EAS_NON_INTRUSIVENESS = easDimension('non_intrusiveness', 'EAS maternal non-intrusiveness', 'non-intrusive', 'intrusive');

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

function checkScore(d: ScaleDimension, score: number): void {
  if (!isOnScale(d, score)) {
    throw new CoreError('bad_input', `${d.label}: ${score} is not on the scale (${d.min}–${d.max} in steps of ${d.step})`);
  }
}

function checkKnown(dimensions: readonly ScaleDimension[], ids: Iterable<string>): void {
  const known = new Set(dimensions.map((d) => d.id));
  for (const id of ids) if (!known.has(id)) throw new CoreError('bad_input', `"${id}" is not a dimension of this study`);
}

/**
 * A submission: every dimension scored on its scale — or the clip marked unscorable with a reason
 * (and a description when the reason is "other"), in which case any scores given must still be valid.
 */
export function checkRatingContent(dimensions: readonly ScaleDimension[], content: RatingContent): void {
  checkKnown(dimensions, Object.keys(content.scores));
  checkKnown(dimensions, Object.keys(content.notes));
  if (content.unscorable) {
    if (content.unscorable.reason === 'other' && content.unscorable.detail.trim() === '') {
      throw new CoreError('bad_input', 'Say why the clip is unscorable');
    }
  }
  for (const d of dimensions) {
    const score = content.scores[d.id];
    if (score === undefined) {
      if (!content.unscorable) throw new CoreError('bad_input', `${d.label} has no score yet`);
      continue;
    }
    checkScore(d, score);
  }
}

/** Draft scores may be partial, but every given value must be a point of its scale. */
export function checkDraft(dimensions: readonly ScaleDimension[], draft: Draft): void {
  checkKnown(dimensions, Object.keys(draft.scores));
  checkKnown(dimensions, Object.keys(draft.notes));
  const byId = new Map(dimensions.map((d) => [d.id, d]));
  for (const [id, score] of Object.entries(draft.scores)) if (score !== null) checkScore(byId.get(id)!, score);
}

/** A scale definition a manager may save: sensible bounds, at most 101 points, ordered categories. */
export function checkDimensions(dimensions: readonly ScaleDimension[]): void {
  const ids = new Set<string>();
  for (const d of dimensions) {
    if (ids.has(d.id)) throw new CoreError('bad_input', `Two dimensions share the id "${d.id}"`);
    ids.add(d.id);
    if (!(d.max > d.min)) throw new CoreError('bad_input', `${d.label}: the maximum must be above the minimum`);
    const steps = (d.max - d.min) / d.step;
    if (Math.abs(steps - Math.round(steps)) > 1e-9) {
      throw new CoreError('bad_input', `${d.label}: ${d.min}–${d.max} is not a whole number of steps of ${d.step}`);
    }
    if (Math.round(steps) > 100) throw new CoreError('bad_input', `${d.label}: a scale may have at most 101 points`);
    const first = d.categories[0];
    if (!first || Math.abs(first.from - d.min) > 1e-9) {
      throw new CoreError('bad_input', `${d.label}: the first category must start at the minimum (${d.min})`);
    }
    d.categories.forEach((c, i) => {
      if (!isOnScale(d, c.from)) throw new CoreError('bad_input', `${d.label}: the category "${c.label}" starts off the scale (${c.from})`);
      const previous = d.categories[i - 1];
      if (previous && !(c.from > previous.from)) {
        throw new CoreError('bad_input', `${d.label}: categories must be in increasing order ("${c.label}")`);
      }
    });
    for (const key of Object.keys(d.anchors)) {
      if (!isOnScale(d, Number(key))) throw new CoreError('bad_input', `${d.label}: the anchor "${key}" is not a point of the scale`);
    }
  }
}

// The other EAS dimensions, off by default; a manager switches them on in the study's scales.
export const OPTIONAL_EAS_DIMENSIONS: readonly ScaleDimension[] = [
  easDimension('structuring', 'EAS maternal structuring', 'structuring', 'not structuring'),
  easDimension('non_hostility', 'EAS maternal non-hostility', 'non-hostile', 'hostile'),
  easDimension('child_responsiveness', 'EAS child responsiveness', 'responsive', 'not responsive'),
  easDimension('child_involvement', 'EAS child involvement', 'involving', 'not involving'),
];

/** Other published scales' shapes, as starting points; anchors stay empty (the study writes its own). */
export const SCALE_PRESETS: readonly ScaleDimension[] = [
  ...OPTIONAL_EAS_DIMENSIONS,
  {
    id: 'ainsworth_sensitivity',
    label: 'Ainsworth sensitivity',
    min: 1,
    max: 9,
    step: 1,
    categories: [
      { from: 1, label: 'insensitive' },
      { from: 5, label: 'sensitive' },
    ],
    anchors: {},
  },
  {
    id: 'care_index_sensitivity',
    label: 'CARE-Index dyadic synchrony',
    min: 0,
    max: 14,
    step: 1,
    categories: [
      { from: 0, label: 'high risk' },
      { from: 5, label: 'inept' },
      { from: 7, label: 'adequate' },
      { from: 11, label: 'sensitive' },
    ],
    anchors: {},
  },
];
