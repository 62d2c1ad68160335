// The scoring rule for double-coded, amended and consensus-scored clips.
import { describe, expect, it } from 'vitest';
import type { RatingRow } from '../../../db/repositories/ratings';
import type { AssignmentWork, ConsensusScore } from '../../../db/repositories/outcomeWork';
import { DEFAULT_DIMENSIONS } from '../../../electron/core/coding/scales';
import { countedScores, primaryAssignment } from '../../../electron/core/closeout/scoring';

let nextId = 1;
function version(v: number, scores: Record<string, number>, unscorable = false): RatingRow {
  return {
    id: nextId++,
    assignmentId: 0,
    version: v,
    amendsId: v > 1 ? nextId - 2 : null,
    amendmentReason: v > 1 ? 'fix' : null,
    scores,
    notes: {},
    overallNote: '',
    unscorable: unscorable ? { reason: 'video_quality', detail: '' } : null,
    markers: [],
    submittedAt: '2024-01-01T00:00:00.000Z',
    secondsSpent: 10,
  };
}

function work(code: string, coder: string, purpose: 'primary' | 'reliability', assignmentId: number, versions: RatingRow[]): AssignmentWork {
  return { assignmentId, clipId: 1, code, coder, purpose, position: 1, versions };
}

const both = (s: number, n: number) => ({ sensitivity: s, non_intrusiveness: n });

describe('the score that counts', () => {
  it("is the primary coder's latest version, never the reliability coder's", () => {
    const scores = countedScores(
      [work('A', 'ann', 'primary', 1, [version(1, both(3, 4)), version(2, both(6, 4))]), work('A', 'cem', 'reliability', 2, [version(1, both(1, 1))])],
      null,
      DEFAULT_DIMENSIONS,
    ).get('A')!;
    expect(scores).toMatchObject({ primaryCoder: 'ann', primaryVersion: 2, submitted: true, unscorable: false });
    expect(scores.scores).toEqual({ sensitivity: { score: 6, source: 'primary' }, non_intrusiveness: { score: 4, source: 'primary' } });
  });

  it('is a consensus when one exists for the clip and dimension', () => {
    const consensus: ConsensusScore[] = [{ code: 'A', dimension: 'sensitivity', score: 5, reason: 'agreed', version: 2, decidedBy: 'lead', decidedAt: 'x' }];
    const scores = countedScores([work('A', 'ann', 'primary', 1, [version(1, both(3, 4))])], consensus, DEFAULT_DIMENSIONS).get('A')!;
    expect(scores.scores).toEqual({ sensitivity: { score: 5, source: 'consensus' }, non_intrusiveness: { score: 4, source: 'primary' } });
  });

  it('is nothing for an unscorable or unsubmitted primary rating, unless a consensus says otherwise', () => {
    const consensus: ConsensusScore[] = [{ code: 'B', dimension: 'non_intrusiveness', score: 2, reason: 'agreed', version: 1, decidedBy: 'lead', decidedAt: 'x' }];
    const map = countedScores(
      [
        work('A', 'ann', 'primary', 1, [version(1, { sensitivity: 3 }, true)]),
        work('B', 'bob', 'primary', 2, []),
        work('B', 'cem', 'reliability', 3, [version(1, both(4, 4))]),
      ],
      consensus,
      DEFAULT_DIMENSIONS,
    );
    expect(map.get('A')).toMatchObject({ unscorable: true, submitted: true, scores: {} });
    expect(map.get('B')).toMatchObject({ submitted: false, primaryVersion: null, scores: { non_intrusiveness: { score: 2, source: 'consensus' } } });
  });

  it('takes the earliest primary assignment when a clip has two', () => {
    const first = work('A', 'bob', 'primary', 3, [version(1, both(2, 2))]);
    const second = work('A', 'ann', 'primary', 7, [version(1, both(7, 7))]);
    expect(primaryAssignment([second, first])).toBe(first);
    expect(countedScores([second, first], null, DEFAULT_DIMENSIONS).get('A')!.scores['sensitivity']?.score).toBe(2);
  });
});
