// Backups of a study (issue 8): online backups on demand and on a schedule, into a folder the
// manager chooses, and a checked restore into a new study folder. The parts live in ./backup/.
export { backupStudy, type BackupReceipt, type BackupRequest, type MediaCopy } from './take';
export { restoreStudy, type RestoreReport, type RestoreRequest } from './restore';
export {
  BackupScheduler,
  StudyBackups,
  backupSchedule,
  systemClock,
  type BackupStatus,
  type Clock,
  type SchedulerOptions,
} from './schedule';
export { verifyStudyFile, type StudyFileFacts } from './verify';
export { backupFileName, mediaFolderName, studySlug, utcStamp } from './files';
export type { BackupRow } from '../../../db/repositories/backups';
