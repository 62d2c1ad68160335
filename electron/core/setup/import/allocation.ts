// The trial's allocation list (participant → arm, stratum), usually a REDCap export. Pure: bytes in,
// rows or every problem out; the caller stores the rows in one transaction only when there are no
// problems. REDCap shapes handled: field names (record_id, rand_group, strat_site) or labels
// ("Record ID", "Randomization group"); arms as labels or as raw codes (1, 2) mapped by armMap;
// longitudinal exports (redcap_event_name), where the arm sits on one event's row only.
import { findColumns, normalizeHeader, PARTICIPANT_ALIASES } from './columns';
import { readCsv } from './csv';
import { listInWords, quote, sortProblems, type ImportProblem } from './problems';

export interface AllocationOptions {
  readonly idColumn?: string;
  readonly armColumn?: string;
  /** One column, or several (REDCap stratifies by several fields: strat_site, strat_sex). */
  readonly stratumColumn?: string | readonly string[];
  /** Allowed arm labels, matched ignoring letter case. Default: intervention, control. */
  readonly arms?: readonly string[];
  /** Codes in the file → arm labels, for exports that code arms as numbers: { '1': 'intervention' }. */
  readonly armMap?: Readonly<Record<string, string>>;
}

export interface AllocationRow {
  readonly participant: string;
  /** The arm as spelled in options.arms. */
  readonly arm: string;
  /** The stratum value; with several stratum columns, "strat_site=A; strat_sex=F". */
  readonly stratum: string | null;
  /** The row the participant's allocation was read from. */
  readonly row: number;
}

export interface AllocationColumns {
  readonly participant: string;
  readonly arm: string;
  readonly stratum: readonly string[];
}

export type AllocationParse =
  | { readonly ok: true; readonly rows: AllocationRow[]; readonly columns: string[]; readonly used: AllocationColumns }
  | { readonly ok: false; readonly problems: ImportProblem[]; readonly columns?: string[] };

export const DEFAULT_ARMS: readonly string[] = ['intervention', 'control'];

const ARM_ALIASES = [
  'arm',
  'allocation',
  'allocated_arm',
  'redcap_randomization_group',
  'randomization_group',
  'randomisation_group',
  'rand_group',
  'randgroup',
  'randomization_arm',
  'randomisation_arm',
  'randomization',
  'randomisation',
  'randomize',
  'randomise',
  'treatment_arm',
  'treatment_group',
  'treatment',
  'trial_arm',
  'study_arm',
  'group',
  'condition',
];

const STRATUM_ALIASES = ['stratum', 'strata', 'stratification', 'randomization_stratum', 'randomisation_stratum', 'stratum_id'];
const STRATUM_PREFIXES = ['strat_', 'stratum_', 'strata_'];

/** REDCap columns that mean one record spans several rows (events or repeating instruments). */
const REDCAP_MULTI_ROW = ['redcap_event_name', 'redcap_repeat_instrument'];

export function parseAllocationCsv(bytes: Uint8Array, options: AllocationOptions = {}): AllocationParse {
  const read = readCsv(bytes);
  if (!read.ok) return { ok: false, problems: read.problems };
  const { header, headerRow, records } = read.table;
  const columns = [...header];
  const problems: ImportProblem[] = [...read.problems];

  const arms = checkArms(options, problems);
  const idCol = findColumns(header, headerRow, {
    label: 'participant id',
    option: 'idColumn',
    aliases: PARTICIPANT_ALIASES,
    required: true,
    explicit: options.idColumn,
  });
  const armCol = findColumns(header, headerRow, { label: 'arm', option: 'armColumn', aliases: ARM_ALIASES, required: true, explicit: options.armColumn });
  const stratumCols = findColumns(header, headerRow, {
    label: 'stratum',
    option: 'stratumColumn',
    aliases: STRATUM_ALIASES,
    prefixes: STRATUM_PREFIXES,
    required: false,
    explicit: options.stratumColumn,
  });
  problems.push(...idCol.problems, ...armCol.problems, ...stratumCols.problems);
  const idIndex = idCol.indices[0];
  const armIndex = armCol.indices[0];
  if (idIndex === undefined || armIndex === undefined || arms === null) return { ok: false, problems: sortProblems(problems), columns };

  const idName = header[idIndex] ?? '';
  const armName = header[armIndex] ?? '';
  const stratumIndices = stratumCols.indices;
  const multiRow = header.some((h) => REDCAP_MULTI_ROW.includes(normalizeHeader(h)));

  const rows: AllocationRow[] = [];
  const eventRowsWithoutArm = new Map<string, number>();
  if (records.length === 0) problems.push({ code: 'empty_file', row: headerRow, message: 'The file has a header row but no participants.' });
  for (const record of records) {
    const participant = record.cells[idIndex] ?? '';
    const armValue = record.cells[armIndex] ?? '';
    if (participant === '') {
      problems.push({
        code: 'empty_participant',
        row: record.row,
        column: idName,
        message: `Row ${record.row} has no participant id in column "${idName}".`,
      });
    }
    if (armValue === '') {
      // In a longitudinal REDCap export the arm is filled on the randomisation event only.
      if (multiRow && participant !== '') {
        if (!eventRowsWithoutArm.has(participant)) eventRowsWithoutArm.set(participant, record.row);
        continue;
      }
      problems.push({
        code: 'empty_arm',
        row: record.row,
        column: armName,
        message: `Row ${record.row}${participant ? ` (participant ${quote(participant)})` : ''} has no arm in column "${armName}".`,
      });
    } else {
      const arm = arms.lookup(armValue);
      if (arm === null) {
        problems.push({ code: 'unknown_arm', row: record.row, column: armName, message: unknownArmMessage(record.row, armValue, arms.labels, options.armMap) });
      } else if (participant !== '') {
        rows.push({ participant, arm, stratum: stratumOf(record.cells, stratumIndices, header), row: record.row });
      }
    }
  }

  problems.push(...duplicateParticipants(records, idIndex, idName, multiRow ? armIndex : null));
  const withArm = new Set(records.filter((r) => (r.cells[armIndex] ?? '') !== '').map((r) => r.cells[idIndex] ?? ''));
  for (const [participant, row] of eventRowsWithoutArm) {
    if (withArm.has(participant)) continue;
    problems.push({
      code: 'no_arm_on_any_event',
      row,
      column: armName,
      message: `Participant ${quote(participant)} (first seen on row ${row}) has no arm on any of their rows in column "${armName}".`,
    });
  }

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems), columns };
  return {
    ok: true,
    rows,
    columns,
    used: { participant: idName, arm: armName, stratum: stratumIndices.map((i) => header[i] ?? '') },
  };
}

interface ArmLookup {
  readonly labels: readonly string[];
  lookup(value: string): string | null;
}

function checkArms(options: AllocationOptions, problems: ImportProblem[]): ArmLookup | null {
  const labels = (options.arms ?? DEFAULT_ARMS).map((a) => a.trim());
  const before = problems.length;
  if (labels.length === 0 || labels.some((a) => a === '')) {
    problems.push({ code: 'bad_arm_option', message: 'The list of arms is empty or has an empty label; name every arm of the trial.' });
  }
  const folded = labels.map(fold);
  const repeated = labels.filter((_, i) => folded.indexOf(folded[i] ?? '') !== i);
  if (repeated.length > 0) {
    problems.push({ code: 'bad_arm_option', message: `The list of arms names ${listInWords(repeated.map((a) => quote(a)))} more than once.` });
  }
  const byLabel = new Map(labels.map((a) => [fold(a), a]));
  const byCode = new Map<string, string>();
  for (const [code, target] of Object.entries(options.armMap ?? {})) {
    const arm = byLabel.get(fold(target));
    if (arm === undefined) {
      problems.push({
        code: 'bad_arm_option',
        message: `The arm codes send ${quote(code.trim())} to ${quote(target)}, which is not one of the arms (${labels.join(', ')}).`,
      });
    } else {
      byCode.set(fold(code), arm);
    }
  }
  if (problems.length > before) return null;
  return { labels, lookup: (value) => byCode.get(fold(value)) ?? byLabel.get(fold(value)) ?? null };
}

function unknownArmMessage(row: number, value: string, labels: readonly string[], armMap: AllocationOptions['armMap']): string {
  const base = `Row ${row}: arm ${quote(value)} is not one of the trial's arms (${labels.join(', ')}).`;
  const codes = Object.keys(armMap ?? {});
  if (codes.length > 0) return `${base} Arm codes known: ${codes.map((c) => quote(c)).join(', ')}.`;
  if (/^\d+$/.test(value)) {
    return `${base} REDCap's raw export writes arms as numbers: say which number is which arm, or export with labels.`;
  }
  return base;
}

function stratumOf(cells: readonly string[], indices: readonly number[], header: readonly string[]): string | null {
  if (indices.length === 1) return cells[indices[0] ?? 0] || null;
  const parts = indices.filter((i) => (cells[i] ?? '') !== '').map((i) => `${header[i] ?? ''}=${cells[i] ?? ''}`);
  return parts.length === 0 ? null : parts.join('; ');
}

function duplicateParticipants(
  records: readonly { row: number; cells: readonly string[] }[],
  idIndex: number,
  idName: string,
  armIndexForEvents: number | null,
): ImportProblem[] {
  // In a longitudinal export only the rows that carry an arm allocate; the others are other events.
  const allocating = records.filter((r) => (r.cells[idIndex] ?? '') !== '' && (armIndexForEvents === null || (r.cells[armIndexForEvents] ?? '') !== ''));
  const groups = new Map<string, { row: number; id: string }[]>();
  for (const r of allocating) {
    const id = r.cells[idIndex] ?? '';
    const key = fold(id);
    groups.set(key, [...(groups.get(key) ?? []), { row: r.row, id }]);
  }
  const problems: ImportProblem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const rows = group.map((g) => g.row);
    const spellings = [...new Set(group.map((g) => g.id))];
    const message =
      spellings.length === 1
        ? `Participant ${quote(spellings[0] ?? '')} appears on rows ${listInWords(rows)}; each participant must be allocated once.`
        : `Participant ids ${listInWords(group.map((g) => `${quote(g.id)} (row ${g.row})`))} differ only in letter case; each participant must be allocated once.`;
    for (const g of group) problems.push({ code: 'duplicate_participant', row: g.row, column: idName, message });
  }
  return problems;
}

function fold(value: string): string {
  return value.trim().normalize('NFC').toLowerCase();
}
