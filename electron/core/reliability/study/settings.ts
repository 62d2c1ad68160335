// The study's reliability settings (threshold, weights, drift batches, disagreement size), kept in
// study.settings under the key `reliability`, and the dimension a reliability question is about.
import type { Db } from '../../../../db/open';
import { getStudy, updateStudySettings } from '../../../../db/repositories/study';
import { appendAudit } from '../../audit/chain';
import { studyDimensions } from '../../coding/dimensions';
import { CoreError } from '../../../common/result';
import { isStudyLocked } from '../../study/lockState';
import type { DimensionScale, ReliabilitySettings, ReliabilitySettingsPatch } from '../../../common/contract';
import { reliabilitySettingsPatchSchema, reliabilitySettingsSchema } from '../../../common/contract';
import { DEFAULT_RELIABILITY_SETTINGS } from '../criterion';

/** The stored settings over the defaults. A stored value that no longer validates falls back to the default. */
export function reliabilitySettings(db: Db): ReliabilitySettings {
  const stored = getStudy(db)?.settings['reliability'];
  if (typeof stored !== 'object' || stored === null) return DEFAULT_RELIABILITY_SETTINGS;
  const s = stored as Partial<ReliabilitySettings>;
  const merged = {
    ...DEFAULT_RELIABILITY_SETTINGS,
    ...s,
    criterion: { ...DEFAULT_RELIABILITY_SETTINGS.criterion, ...s.criterion },
    certification: { ...DEFAULT_RELIABILITY_SETTINGS.certification, ...s.certification },
  };
  const parsed = reliabilitySettingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_RELIABILITY_SETTINGS;
}

/** Changes the settings; every change is in the audit log with the values before and after. */
export function setReliabilitySettings(db: Db, patch: ReliabilitySettingsPatch, actor: string): ReliabilitySettings {
  const checkedPatch = reliabilitySettingsPatchSchema.safeParse(patch);
  if (!checkedPatch.success) throw new CoreError('bad_input', `Reliability settings: ${checkedPatch.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return db.transaction(() => {
    const before = reliabilitySettings(db);
    const p = checkedPatch.data;
    const next = {
      ...before,
      ...p,
      criterion: { ...before.criterion, ...p.criterion },
      certification: { ...before.certification, ...p.certification },
    };
    // A new batch size alone keeps the drift kind: disjoint batches stay disjoint, a rolling step
    // is kept unless it no longer fits in a batch.
    if (p.driftBatchSize !== undefined && p.driftStep === undefined) {
      next.driftStep = before.driftStep >= before.driftBatchSize ? p.driftBatchSize : Math.min(before.driftStep, p.driftBatchSize);
    }
    const parsed = reliabilitySettingsSchema.safeParse(next);
    if (!parsed.success) throw new CoreError('bad_input', `Reliability settings: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
    updateStudySettings(db, { reliability: parsed.data });
    appendAudit(db, { actor, action: 'reliability.settings', detail: { before, after: parsed.data } });
    return parsed.data;
  })();
}

/** A dimension of this study, as a scale with its category cut-offs. */
export function findDimension(db: Db, id: string): DimensionScale {
  const dimensions = studyDimensions(db);
  const d = dimensions.find((x) => x.id === id);
  if (!d) throw new CoreError('bad_input', `"${id}" is not a dimension of this study (${dimensions.map((x) => x.id).join(', ')})`);
  return { id: d.id, label: d.label, min: d.min, max: d.max, step: d.step, categories: d.categories };
}

/** Refuses a change to outcome data once the study's data are locked (migration 3's study_lock). */
export function refuseAfterLock(db: Db, what: string): void {
  if (isStudyLocked(db)) throw new CoreError('locked', `The study's data are locked: ${what} can no longer be recorded`);
}
