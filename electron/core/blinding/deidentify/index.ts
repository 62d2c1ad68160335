// De-identification of recordings for blinded coding (issue 3): one job per recording, output
// `<code>.mp4` holding one video and at most one audio stream and nothing else — no tags, chapters,
// subtitle, data or timecode tracks, dates or rotation — checked by re-probing before it is kept.
export { runDeidentification, defaultConcurrency } from './runner';
export { verifyBlindedOutput } from './verify';
export { planEncode } from './plan';
export { finalName, partialName } from './files';
export type {
  RegionMask,
  DeidentifyJob,
  DeidentifyResult,
  DeidentifyFailure,
  DeidentifyErrorCode,
  DeidentifyProgress,
  DeidentifyStage,
  DeidentifyOptions,
  DeidentifyReport,
} from './types';
