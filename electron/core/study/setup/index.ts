// The set-up pipeline a study manager runs: allocation → recordings → de-identify → assign → seal.
export { importAllocation, type ImportOutcome } from './allocation';
export { importRecordings, previewRecordings, type RecordingsPreview } from './recordings';
export { deidentifyPending, type DeidentifyOutcome } from './deidentify';
export { assignClips, replayAssignments, type AssignOutcome } from './assign';
export { keyContent, sealStudy } from './seal';
export type { SealedRecording } from './sealedRecords';
export { pictureCheck, setStudyPicture, studyMasks, studyPicture, type PictureCheck, type PictureGroup } from './picture';
