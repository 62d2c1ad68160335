// De-identification of recordings for blinded coding (issue 3): one job per recording, output
// `<code>.mp4` holding one video and at most one audio stream and nothing else — no tags, chapters,
// subtitle, data or timecode tracks, dates or rotation — checked by re-probing before it is kept.
// Audio output (issue 6, fidelity audits): `<code>.m4a` holding one AAC stream, stripped the same way.
export { runDeidentification, defaultConcurrency } from './runner';
export { verifyBlindedOutput } from './verify';
export { planEncode } from './plan';
export { planAudioEncode } from './audio';
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
  DeidentifyOutput,
  DeidentifyReport,
  UniformPicture,
  CodingWindow,
} from './types';
