// Gathering the analysis input from an unblinded study: the opened key gives each clip's participant,
// arm and timepoint; the study gives the scores that count under the scoring rule, the coders'
// blinding guesses, the lock and the unblinding. Close-out sits above the analysis: it opens the key
// and hands plain data down (analysis/input.ts).
import { lockReliabilityOverride } from './lockReliability';
import { blindingExceptions } from '../setup/blindingGuard';
import type { Db } from '../../../db/open';
import { getLock, listEmergencyUnblindings } from '../../../db/repositories/closeout';
import { blindingGuesses, latestConsensus, outcomeAssignments, outcomeClipCodes } from '../../../db/repositories/outcomeWork';
import { getStudy } from '../../../db/repositories/study';
import { utcNow } from '../../../db/open';
import { studySettings } from '../coding/dimensions';
import { resolveArms, type AnalysisInput, type AnalysisOptions, type GuessObservation, type Observation } from '../analysis/input';
import type { Arm } from '../analysis/stats';
import { orderTimepoints } from '../analysis/timepoints';
import type { OpenedKey } from './exportInput';
import { countedScores, SCORING_RULE } from './scoring';

export function gatherAnalysisInput(db: Db, key: OpenedKey, options: AnalysisOptions = {}): AnalysisInput {
  const settings = studySettings(db);
  const dimensions = settings.dimensions;
  const labels = [...new Set([...key.participants.values()].map((p) => p.arm))].sort();
  const arms = resolveArms(labels, options.arms);
  const armOf = (label: string | null | undefined): Arm | null =>
    label === arms.intervention ? 'intervention' : label === arms.control ? 'control' : null;

  const work = outcomeAssignments(db);
  const consensus = latestConsensus(db);
  const counted = countedScores(work, consensus, dimensions);
  const emergencies = listEmergencyUnblindings(db);
  const emergency = new Set(emergencies.map((e) => e.code));
  const observations: Observation[] = [];
  for (const code of outcomeClipCodes(db)) {
    const clip = key.clips.get(code);
    const arm = armOf(clip?.arm);
    if (!clip || !arm) continue;
    const c = counted.get(code);
    const scores: Record<string, number> = {};
    for (const [id, s] of Object.entries(c?.scores ?? {})) scores[id] = s.score;
    observations.push({
      code,
      participant: clip.participant,
      arm,
      timepoint: clip.timepoint,
      task: clip.task,
      coded: c?.submitted ?? false,
      unscorable: c?.unscorable ?? false,
      scores,
      emergencyUnblinded: emergency.has(code),
    });
  }
  const guesses: GuessObservation[] = [];
  for (const g of blindingGuesses(db)) {
    const clip = key.clips.get(g.code);
    const trueArm = armOf(clip?.arm);
    if (!clip || !trueArm) continue;
    guesses.push({
      code: g.code,
      coder: g.coder,
      trueArm,
      guess: g.armGuess === 'dont_know' ? 'dont-know' : g.armGuess,
      trueTimepoint: clip.timepoint,
      timepointGuess: g.timepointGuess,
    });
  }
  const randomised = { intervention: 0, control: 0 };
  for (const p of key.participants.values()) {
    const arm = armOf(p.arm);
    if (arm) randomised[arm] += 1;
  }
  const allClips = [...key.clips.values()];
  return {
    study: getStudy(db)?.name ?? '',
    generatedAt: utcNow(),
    arms,
    excludedArms: labels.filter((l) => l !== arms.intervention && l !== arms.control),
    timepoints: orderTimepoints(
      allClips.map((c) => c.timepoint),
      { explicit: options.timepoints, studyList: settings.blindingCheck.timepoints },
    ),
    tasks: [...new Set(allClips.map((c) => c.task))].sort((a, b) => (a ?? '').localeCompare(b ?? '')),
    dimensions,
    randomised,
    observations,
    guesses,
    scoringRule: SCORING_RULE,
    consensusAvailable: consensus !== null,
    lock: getLock(db) ?? null,
    reliabilityOverride: lockReliabilityOverride(db),
    unblinding: key.unblinding,
    emergencies,
    blindingExceptions: blindingExceptions(db),
  };
}
