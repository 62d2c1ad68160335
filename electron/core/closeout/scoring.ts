// Which score counts for a clip, when a clip may be coded twice and amended. One rule, used by the
// wide export and the analysis alike, and printed in both:
//
//   the primary coder's latest submitted version counts (an amendment replaces the original); a
//   consensus score, when one exists for the clip and dimension, replaces it; reliability (second)
//   coders' scores are used for reliability only. A counted rating marked unscorable gives no
//   score (unless a consensus exists for that dimension). A clip whose primary rating was never
//   submitted has no score.
//
// Pure: rows in, scores out.
import type { ConsensusScore, AssignmentWork } from '../../../db/repositories/outcomeWork';
import type { ScaleDimension } from '../../common/contract';

export const SCORING_RULE =
  "For each clip the primary coder's latest submitted version counts (an amendment replaces the original); " +
  'a consensus score, when one exists for the clip and dimension, replaces it. Reliability (second) coders’ scores ' +
  'are used for reliability only. A counted rating marked unscorable gives no score for any dimension without a ' +
  'consensus. A clip whose primary rating was not submitted (an exception at the data lock) has no score. ' +
  'When a clip has more than one primary assignment, the earliest counts.';

export type ScoreSource = 'primary' | 'consensus';

export interface CountedScore {
  readonly score: number;
  readonly source: ScoreSource;
}

export interface ClipScores {
  readonly code: string;
  /** The primary coder, when the clip has a primary assignment. */
  readonly primaryCoder: string | null;
  /** The primary rating's latest version, or null when it was never submitted. */
  readonly primaryVersion: number | null;
  readonly submitted: boolean;
  readonly unscorable: boolean;
  /** By dimension id; a dimension without a counted score is absent. */
  readonly scores: Readonly<Record<string, CountedScore>>;
}

export function primaryAssignment(work: readonly AssignmentWork[]): AssignmentWork | undefined {
  return work.filter((w) => w.purpose === 'primary').sort((a, b) => a.assignmentId - b.assignmentId)[0];
}

/** The counted scores of every clip that has an assignment or a consensus, by clip code. */
export function countedScores(
  work: readonly AssignmentWork[],
  consensus: readonly ConsensusScore[] | null,
  dimensions: readonly ScaleDimension[],
): Map<string, ClipScores> {
  const byClip = new Map<string, AssignmentWork[]>();
  for (const w of work) byClip.set(w.code, [...(byClip.get(w.code) ?? []), w]);
  const consensusByClip = new Map<string, Map<string, ConsensusScore>>();
  for (const c of consensus ?? []) {
    const m = consensusByClip.get(c.code) ?? new Map<string, ConsensusScore>();
    m.set(c.dimension, c);
    consensusByClip.set(c.code, m);
  }
  const codes = new Set([...byClip.keys(), ...consensusByClip.keys()]);
  const out = new Map<string, ClipScores>();
  for (const code of [...codes].sort()) {
    const primary = primaryAssignment(byClip.get(code) ?? []);
    const latest = primary?.versions[primary.versions.length - 1];
    const agreed = consensusByClip.get(code);
    const scores: Record<string, CountedScore> = {};
    for (const d of dimensions) {
      const c = agreed?.get(d.id);
      if (c) {
        scores[d.id] = { score: c.score, source: 'consensus' };
        continue;
      }
      const s = latest && !latest.unscorable ? latest.scores[d.id] : undefined;
      if (s !== undefined) scores[d.id] = { score: s, source: 'primary' };
    }
    out.set(code, {
      code,
      primaryCoder: primary?.coder ?? null,
      primaryVersion: latest?.version ?? null,
      submitted: latest !== undefined,
      unscorable: latest?.unscorable !== null && latest?.unscorable !== undefined,
      scores,
    });
  }
  return out;
}
