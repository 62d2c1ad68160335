// What the verification finds wrong inside an output's audio: its description (./audioTrack) and
// every frame (./aacFrames). Every output's audio is our own AAC-LC encode (./plan, ./audio), so
// the rule is what that encode writes — nothing a source could have brought along.
import { aacFrameProblems } from './aacFrames';
import { audioTrackFacts } from './audioTrack';
import { readMoov, SampleTableError, trackOf } from './moov';

/** Problems with the audio track; empty for a file without one (the stream count is ffprobe's check). */
export async function inspectAudioPayload(path: string): Promise<string[]> {
  let facts;
  try {
    const moov = await readMoov(path);
    const track = trackOf(moov, 'soun');
    if (!track) return [];
    facts = audioTrackFacts(moov, track);
  } catch (error) {
    if (!(error instanceof SampleTableError)) throw error;
    return [`the audio is not described as the pipeline's AAC-LC encode describes it (${error.message}): re-encode it`];
  }
  if (facts.problems.length > 0 || facts.channelConfiguration === undefined) return [...facts.problems];
  return aacFrameProblems(path, facts.channelConfiguration, facts.frames);
}
