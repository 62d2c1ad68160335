// The wide export: one row per randomised participant, the long export's per-timepoint columns
// repeated once per timepoint (× task) with a suffix — `sensitivity_pre`, `sensitivity_post`, … —
// the shape a baseline-adjusted analysis (follow-up ~ arm + baseline) reads directly. Built by
// pivoting the long rows, so the two layouts cannot disagree. Blinded, no participant is known and
// the unit stays the clip: the blinded wide export is the blinded long one.
import type { Cell } from '../csv';
import type { ColumnDoc } from './dictionary';
import type { ExportInput } from './exportInput';
import { longTable } from './long';
import type { Table } from './tidy';

/** The participant's own columns (participant, arm, stratum); the rest repeat per timepoint. */
const PARTICIPANT_COLUMNS = 3;
/** The long table's timepoint and task columns, which the suffixes replace. */
const PIVOT_COLUMNS = 2;
/** Stata's and SAS's limit on a variable name. */
export const MAX_NAME_LENGTH = 32;

export interface Suffix {
  readonly suffix: string;
  readonly timepoint: string | null;
  readonly task: string | null;
}

const portable = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '') || 'x';

/**
 * One suffix per timepoint (× task): the timepoint's own name made portable (`follow-up` →
 * `follow_up`) when every column name then fits in 32 characters and no two collide; otherwise
 * `t0`, `t1`, … in study order (t0 the baseline), as trial data sets often name them. The
 * dictionary lists which is which.
 */
export function timepointSuffixes(cells: readonly { timepoint: string | null; task: string | null }[], baseNames: readonly string[]): Suffix[] {
  const longest = Math.max(0, ...baseNames.map((n) => n.length));
  const tasks = new Set(cells.map((c) => c.task));
  const withTask = tasks.size > 1 || !tasks.has(null);
  const named = cells.map((c) => [portable(c.timepoint ?? 'none'), ...(withTask ? [portable(c.task ?? 'none')] : [])].join('_'));
  const fits = new Set(named).size === named.length && named.every((s) => longest + 1 + s.length <= MAX_NAME_LENGTH);
  const timepoints = [...new Set(cells.map((c) => c.timepoint))];
  const taskList = [...tasks];
  return cells.map((c, i) => ({
    suffix: fits ? named[i]! : `t${timepoints.indexOf(c.timepoint)}${withTask ? `k${taskList.indexOf(c.task) + 1}` : ''}`,
    timepoint: c.timepoint,
    task: c.task,
  }));
}

export function wideTable(input: ExportInput): Table & { suffixes: readonly Suffix[] } {
  const long = longTable(input);
  if (!input.key) return { ...long, suffixes: [] };
  const perTimepoint = long.columns.slice(PARTICIPANT_COLUMNS + PIVOT_COLUMNS);
  // The long rows come sorted by participant, then timepoint (study order), then task.
  const byParticipant = new Map<string, (readonly Cell[])[]>();
  for (const row of long.rows) {
    const participant = String(row[0]);
    byParticipant.set(participant, [...(byParticipant.get(participant) ?? []), row]);
  }
  const firstRows = [...byParticipant.values()][0] ?? [];
  const cells = firstRows.map((r) => ({ timepoint: (r[PARTICIPANT_COLUMNS] ?? null) as string | null, task: (r[PARTICIPANT_COLUMNS + 1] ?? null) as string | null }));
  const suffixes = timepointSuffixes(cells, perTimepoint.map((c) => c.name));
  const at = (s: Suffix) => `${s.timepoint ?? 'no timepoint'}${s.task ? `, ${s.task}` : ''}`;
  const columns: ColumnDoc[] = [
    ...long.columns.slice(0, PARTICIPANT_COLUMNS),
    ...suffixes.flatMap((s) =>
      perTimepoint.map((c) => ({
        ...c,
        name: `${c.name}_${s.suffix}`,
        label: `${c.label ?? c.name} (${at(s)})`,
        description: `At ${at(s)}: ${c.description}`,
      })),
    ),
  ];
  const rows = [...byParticipant.values()].map((rows) => [
    ...rows[0]!.slice(0, PARTICIPANT_COLUMNS),
    ...rows.flatMap((r) => r.slice(PARTICIPANT_COLUMNS + PIVOT_COLUMNS)),
  ]);
  return { columns, rows, suffixes };
}
