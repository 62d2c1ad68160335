// The study's rating dimensions: its own configuration, or the EAS defaults.
import { getStudy } from '../../../db/repositories/study';
import type { Db } from '../../../db/open';
import type { ScaleDimension } from '../contract';
import { DEFAULT_DIMENSIONS } from './scales';

export function studyDimensions(db: Db): readonly ScaleDimension[] {
  const configured = getStudy(db)?.settings['dimensions'];
  return Array.isArray(configured) && configured.length > 0 ? (configured as ScaleDimension[]) : DEFAULT_DIMENSIONS;
}
