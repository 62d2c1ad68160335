// What a fidelity auditor scores: overall adherence 1–5 ("acceptable" from 3, the rule summary.ts
// applies), then any study-defined items — a manual component present/absent, or rated 1–5. They
// are ScaleDimensions like the outcome scales, so the coding machinery (drafts, submission checks,
// amendments) applies unchanged; they live in the study's settings under `fidelityDimensions`,
// apart from the outcome `dimensions`.
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { anySessionRating } from '../../../db/repositories/fidelity';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import { checkDimensions } from '../coding/scales';
import type { ScaleDimension } from '../../common/contract';
import { CoreError } from '../../common/result';
import { ACCEPTABLE_ADHERENCE, ADHERENCE_MAX, ADHERENCE_MIN } from './summary';

export const ADHERENCE_ID = 'adherence';

export const ADHERENCE: ScaleDimension = {
  id: ADHERENCE_ID,
  label: 'Overall adherence to the manual',
  min: ADHERENCE_MIN,
  max: ADHERENCE_MAX,
  step: 1,
  categories: [
    { from: ADHERENCE_MIN, label: 'not acceptable' },
    { from: ACCEPTABLE_ADHERENCE, label: 'acceptable' },
  ],
  anchors: {},
};

/** A manual component the auditor marks as delivered or not: 0 = absent, 1 = present. */
export function presenceItem(id: string, label: string): ScaleDimension {
  return { id, label, min: 0, max: 1, step: 1, categories: [{ from: 0, label: 'absent' }, { from: 1, label: 'present' }], anchors: { '0': 'absent', '1': 'present' } };
}

/** A manual component rated like adherence, 1–5. */
export function ratedItem(id: string, label: string): ScaleDimension {
  return { id, label, min: 1, max: 5, step: 1, categories: [{ from: 1, label: 'rated' }], anchors: {} };
}

/** Adherence first, then the study's items. */
export function fidelityDimensions(db: Db): readonly ScaleDimension[] {
  const stored = getStudy(db)?.settings['fidelityDimensions'];
  const items = Array.isArray(stored) ? (stored as ScaleDimension[]).filter((d) => d.id !== ADHERENCE_ID) : [];
  return [ADHERENCE, ...items];
}

/** The study-defined items only (without adherence). */
export function fidelityItems(db: Db): readonly ScaleDimension[] {
  return fidelityDimensions(db).slice(1);
}

/**
 * Replaces the study's fidelity items. Adherence is fixed and always first; items may change only
 * until the first audit is submitted, so every submitted audit answers the same form.
 */
export function setFidelityItems(db: Db, items: readonly ScaleDimension[], actor: string): readonly ScaleDimension[] {
  if (items.some((d) => d.id === ADHERENCE_ID)) throw new CoreError('bad_input', `"${ADHERENCE_ID}" is the fixed overall score; give the item another id`);
  if (items.length > 19) throw new CoreError('bad_input', 'A fidelity form may have at most 19 items besides adherence');
  const dimensions = [ADHERENCE, ...items];
  checkDimensions(dimensions);
  db.transaction(() => {
    if (anySessionRating(db)) throw new CoreError('locked', 'Audits have been submitted; the fidelity items can no longer change');
    updateStudySettings(db, { fidelityDimensions: dimensions });
    appendAudit(db, { actor, action: 'fidelity.items', detail: { items: items.map((d) => d.id) } });
  })();
  return dimensions;
}
