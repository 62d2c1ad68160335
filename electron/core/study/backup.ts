// Backups of a study (issue 8): online backups on demand and on a schedule, into a folder the
// manager chooses, and a checked restore into a new study folder. The parts live in ./backup/.
export { backupStudy, type BackupReceipt, type BackupRequest, type MediaCopy } from './backup/take';
export { restoreStudy, type RestoreReport, type RestoreRequest } from './backup/restore';
export {
  BackupScheduler,
  StudyBackups,
  backupSchedule,
  systemClock,
  type BackupStatus,
  type Clock,
  type SchedulerOptions,
} from './backup/schedule';
export { verifyStudyFile, type StudyFileFacts } from './backup/verify';
export { backupFileName, mediaFolderName, studySlug, utcStamp } from './backup/files';
export type { BackupRow } from '../../../db/repositories/backups';
