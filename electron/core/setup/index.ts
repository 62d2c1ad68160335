// The set-up pipeline a study manager runs: allocation → recordings → de-identify → assign → seal.
export { importAllocation, type ImportOutcome } from './allocation';
export { importRecordings, previewRecordings, type RecordingsPreview } from './recordings';
export { deidentifyPending } from './deidentify';
export { assignClips, replayAssignments } from './assign';
export { keyContent, sealStudy } from './seal';
export type { SealedRecording } from './sealedRecords';
export { pictureCheck, setStudyPicture, studyMasks, studyPicture } from './picture';
export { assertWindowReached, recordingsEndingBefore, setStudyCodingWindow, studyCodingWindow } from './codingWindow';
export { acceptBlindingDifference, assertReadyToDeidentify, blindingExceptions } from './blindingGuard';
// The outcomes the manager sees are the contract's views, declared once in electron/common.
export type { AssignOutcome, DeidentifyOutcome } from '../../common/contract';
