// The study's coding configuration: its rating dimensions (or the EAS defaults) and its blinding check.
import { anyRatingSubmitted } from '../../../db/repositories/ratings';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import type { Db } from '../../../db/open';
import type { BlindingCheckSetting, ScaleDimension } from '../../common/contract';
import { appendAudit } from '../audit/chain';
import { CoreError } from '../../common/result';
import { checkDimensions, DEFAULT_DIMENSIONS } from './scales';

export interface CodingSettings {
  readonly dimensions: readonly ScaleDimension[];
  readonly blindingCheck: BlindingCheckSetting;
}

export function studySettings(db: Db): CodingSettings {
  const settings = getStudy(db)?.settings ?? {};
  const dimensions = settings['dimensions'];
  const check = settings['blindingCheck'] as { enabled?: boolean; timepoints?: string[] } | undefined;
  return {
    dimensions: Array.isArray(dimensions) && dimensions.length > 0 ? (dimensions as ScaleDimension[]) : DEFAULT_DIMENSIONS,
    blindingCheck: { enabled: check?.enabled === true, timepoints: check?.timepoints ?? [] },
  };
}

export function studyDimensions(db: Db): readonly ScaleDimension[] {
  return studySettings(db).dimensions;
}

/** The scales are fixed once any rating has been submitted. */
export function scalesLocked(db: Db): boolean {
  return anyRatingSubmitted(db);
}

export function setStudyDimensions(db: Db, dimensions: readonly ScaleDimension[], actor: string): readonly ScaleDimension[] {
  checkDimensions(dimensions);
  db.transaction(() => {
    if (scalesLocked(db)) throw new CoreError('locked', 'Ratings have been submitted; the scales can no longer change');
    updateStudySettings(db, { dimensions });
    appendAudit(db, { actor, action: 'study.scales', detail: { dimensions: dimensions.map((d) => d.id) } });
  })();
  return dimensions;
}

export function setBlindingCheck(db: Db, check: { enabled: boolean; timepoints: readonly string[] }, actor = 'system'): BlindingCheckSetting {
  if (check.enabled && check.timepoints.length < 2) throw new CoreError('bad_input', 'Give at least two timepoint labels for coders to choose from');
  if (new Set(check.timepoints).size !== check.timepoints.length) throw new CoreError('bad_input', 'A timepoint label is listed twice');
  const value = { enabled: check.enabled, timepoints: [...check.timepoints] };
  db.transaction(() => {
    updateStudySettings(db, { blindingCheck: value });
    appendAudit(db, { actor, action: 'study.blinding_check', detail: { enabled: value.enabled, timepoints: value.timepoints.length } });
  })();
  return value;
}
