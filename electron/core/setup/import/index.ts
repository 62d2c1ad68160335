// Study import: the allocation list, the recordings manifest or file-name pattern, and the scan of
// the recordings folder. Validation only: every function returns what it read and every problem it
// found, and writes nothing; the caller persists in one transaction when there are no problems.
// This file is the area's public surface.

export type { ImportProblem, ImportProblemCode } from './problems';
export { quote, sortProblems } from './problems';

export type { AllocationColumns, AllocationOptions, AllocationParse, AllocationRow } from './allocation';
export { DEFAULT_ARMS, parseAllocationCsv } from './allocation';

export type { ManifestColumns, ManifestOptions, ManifestParse, ManifestRow } from './manifest';
export { parseRecordingsManifest } from './manifest';

export type { CompiledPattern, FileIdentity, FilenameMatcher, PatternMatch, Placeholder } from './pattern';
export { compileFilenamePattern, PLACEHOLDERS } from './pattern';

export type { MediaSummary, VideoSummary } from './media';
export { summarizeProbe } from './media';

export type { RecordingPreview, RecordingsMapping, RecordingsScan, ScanOptions } from './recordings';
export { MEDIA_EXTENSIONS, scanRecordings } from './recordings';
