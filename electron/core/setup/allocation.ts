// Importing the trial's allocation: validated whole by setup/import, then sealed in one transaction.
import { type Db } from '../../../db/open';
import type { AllocationImported } from '../../common/contract';
import { appendAudit } from '../audit/chain';
import { putSealed, type Keyring } from '../blinding/sealedKey';
import { parseAllocationCsv, type AllocationOptions, type ImportProblem } from './import';
import { allocationOf } from './sealedRecords';

export type ImportOutcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly ImportProblem[] };

export function importAllocation(
  db: Db,
  keyring: Keyring,
  bytes: Uint8Array,
  options: AllocationOptions,
  actor: string,
): ImportOutcome<AllocationImported> {
  const parsed = parseAllocationCsv(bytes, options);
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const existing = allocationOf(db, keyring);
  const problems: ImportProblem[] = parsed.rows
    .filter((r) => existing.has(r.participant))
    .map((r) => ({
      row: r.row,
      column: parsed.used.participant,
      code: 'duplicate_participant' as ImportProblem['code'],
      message: `Participant "${r.participant}" is already in this study's allocation (imported earlier)`,
    }));
  if (problems.length > 0) return { ok: false, problems };
  const arms: Record<string, number> = {};
  for (const r of parsed.rows) arms[r.arm] = (arms[r.arm] ?? 0) + 1;
  db.transaction(() => {
    putSealed(db, keyring, 'allocation', { rows: parsed.rows.map((r) => ({ participant: r.participant, arm: r.arm, stratum: r.stratum })) });
    // Counts only: the audit log is readable by anyone holding the file.
    appendAudit(db, { actor, action: 'allocation.import', detail: { participants: parsed.rows.length } });
  })();
  return { ok: true, value: { participants: parsed.rows.length, arms } };
}
