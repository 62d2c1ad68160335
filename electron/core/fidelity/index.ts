// The fidelity audit (issue 6): import intervention-session recordings, draw a seeded stratified
// sample, de-identify the picks to audio, deal them to auditors, score adherence, summarise. This
// file is the area's public surface; sampling.ts and summary.ts are the pure computations.
export type { SessionRecording, SessionSample, SamplingOptions, StratumReport, PreviousSample } from './sampling';
export { DEFAULT_SAMPLING_FRACTION, describeSamplingRule, sampleSessions, stratumTarget } from './sampling';
export type { AdherenceScore, AdherenceSummary, FidelitySummary } from './summary';
export { ACCEPTABLE_ADHERENCE, ACCEPTABLE_ADHERENCE_RULE, ADHERENCE_MAX, ADHERENCE_MIN, summarizeAdherence } from './summary';

export type { SessionImportProblem, SessionManifestOptions, SessionManifestParse, SessionManifestRow, SessionProblemCode } from './manifest';
export { parseSessionsManifest } from './manifest';
export type { SessionPreview, SessionsMapping, SessionsScan } from './scan';
export { scanSessions, SESSION_PATTERN_HELP } from './scan';
export type { SessionsImport, SessionsPreview } from './import';
export { importSessions, previewSessions } from './import';

export type { SampleOptions, SampleState } from './sample';
export { drawSessionSample, replaySessionSample, sampleState } from './sample';
export { deidentifySampledSessions } from './deidentify';
export type { AuditorAssignOptions } from './assign';
export { assignAuditors } from './assign';

export { ADHERENCE, ADHERENCE_ID, fidelityDimensions, fidelityItems, presenceItem, ratedItem, setFidelityItems } from './dimensions';
export type { Auditor } from './audit';
export { amendAudit, auditClipView, auditorQueue, saveAuditDraft, submitAudit } from './audit';

export type { FidelityReportOptions } from './report';
export { fidelityReport, fidelityReportCsv } from './report';
