// What an export is made from, read in one place: the coded work, consensus, the lock, emergency
// unblindings and — for an unblinded export only — the opened key, held in memory.
import type { Db } from '../../../db/open';
import { getLock, listEmergencyUnblindings, type EmergencyUnblindingRow, type LockRow, type UnblindingRow } from '../../../db/repositories/closeout';
import { latestConsensus, outcomeAssignments, outcomeClipCodes, type AssignmentWork, type ConsensusScore } from '../../../db/repositories/outcomeWork';
import { getStudy } from '../../../db/repositories/study';
import { orderTimepoints } from '../analysis/timepoints';
import { studySettings } from '../coding/dimensions';
import type { BlindingExceptionView, ReliabilityOverrideView, ScaleDimension } from '../../common/contract';
import { blindingExceptions } from '../setup/blindingGuard';
import { lockReliabilityOverride } from './lockReliability';
import { utcNow } from '../../../db/open';
import type { UnblindedKey } from './unblind';

export type OpenedKey = UnblindedKey & { readonly unblinding: UnblindingRow };

export interface ExportInput {
  readonly study: string;
  readonly generatedAt: string;
  readonly dimensions: readonly ScaleDimension[];
  readonly work: readonly AssignmentWork[];
  /** null when the study's database has no consensus table yet. */
  readonly consensus: readonly ConsensusScore[] | null;
  /** Every de-identified outcome clip. */
  readonly clipCodes: readonly string[];
  readonly emergencies: readonly EmergencyUnblindingRow[];
  /** Blinding-check differences accepted with a reason at set-up (setup/blindingGuard). */
  readonly blindingExceptions?: readonly BlindingExceptionView[];
  readonly lock: LockRow | null;
  /** The reason and problems confirmed when the study was locked over reliability, if it was. */
  readonly reliabilityOverride?: ReliabilityOverrideView | null;
  /** Present for unblinded exports only. */
  readonly key: OpenedKey | null;
  /** Timepoints in study order (from the key; empty when blinded). */
  readonly timepoints: readonly (string | null)[];
}

export function gatherExportInput(db: Db, key: OpenedKey | null, options: { timepoints?: readonly string[] } = {}): ExportInput {
  const settings = studySettings(db);
  return {
    study: getStudy(db)?.name ?? '',
    generatedAt: utcNow(),
    dimensions: settings.dimensions,
    work: outcomeAssignments(db),
    consensus: latestConsensus(db),
    clipCodes: outcomeClipCodes(db),
    emergencies: listEmergencyUnblindings(db),
    blindingExceptions: blindingExceptions(db),
    lock: getLock(db) ?? null,
    reliabilityOverride: lockReliabilityOverride(db),
    key,
    timepoints: key
      ? orderTimepoints(
          [...key.clips.values()].map((c) => c.timepoint),
          { explicit: options.timepoints, studyList: settings.blindingCheck.timepoints },
        )
      : [],
  };
}
