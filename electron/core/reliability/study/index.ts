// Reliability against the study database: the public surface for handlers and the CLI. The
// statistics stay pure in ../ (index.ts); everything here reads or writes the study and is for the
// reliability role (and the manager where noted) — it carries coders' notes and master scores.
export type { RaterRef, PairQuery, LoadedPairs } from './pairs';
export { GOLD_LABEL, loadPairs, memoPairReads, reliabilityForPair, type PairReads } from './pairs';

export type { DateRange } from './range';
export { inRange, parseDateRange } from './range';

export { findDimension, reliabilitySettings, setReliabilitySettings, refuseAfterLock } from './settings';

export type { ConsensusExportRow, ConsensusInput } from './consensus';
export {
  CONSENSUS_EXPORT_COLUMNS,
  consensusExportCsv,
  consensusExportRows,
  consensusHistoryOf,
  currentConsensusScores,
  recordConsensus,
} from './consensus';

export type { GoldManifestRow, GoldScoreEntry } from './gold';
export { goldStandard, parseGoldManifest, recordGoldScores } from './gold';

export type { GoldClipSource } from './goldClips';
export { importGoldClips, importGoldManifest } from './goldClips';

export { assignTraining, certificationStatus, certifyTrainee, trainingReport } from './training';

export type { RaterPairRow, ReviewClip } from './review';
export { clipForReview, doubleCodedPairs } from './review';

export { reliabilitySummary } from './summary';
