// Closing a study: the data lock, unblinding (full, after the lock; emergency, one clip before it),
// ratings imported from elsewhere, and the exports. Public surface of the area.
export { closeoutStatus, KEY_KINDS, lockStudy, type CloseoutStatus, type LockReceipt } from './lock';
export { hasReliabilityProblems, lockReliability, lockReliabilityOverride, MIN_RELIABILITY_REASON_LENGTH } from './lockReliability';
export {
  checkReason,
  MIN_REASON_LENGTH,
  openUnblindedKey,
  openUnblindedKeyWithPassphrase,
  readKey,
  unblindStudy,
  type ManagerCredentials,
  type UnblindedClip,
  type UnblindedKey,
  type UnblindReceipt,
} from './unblind';
export { emergencyUnblind, emergencyUnblindings, type EmergencyReveal } from './emergency';
export { checkRatingsCsv, importRatings, parseCodedTime, type RatingImportOutcome, type RatingImportProblem, type RatingImportProblemCode } from './importRatings';
export { buildExport, dictionaryPathFor, writeExport, type ExportDocument, type ExportOptions } from './export';
export { gatherExportInput, type ExportInput, type OpenedKey } from './exportInput';
export { analyseStudy, writeAnalysisPlots } from './analyse';
export { gatherAnalysisInput } from './analysisInput';
export { countedScores, SCORING_RULE, type ClipScores, type CountedScore, type ScoreSource } from './scoring';
export { csvField, formatNumber, toCsv, type Cell } from '../csv';
