// The recordings manifest: a CSV that says which file under the recordings folder is which
// participant, timepoint and task, and when it was recorded. Pure: bytes in, rows or every problem
// out. Whether the files exist is checked by scanRecordings, which reads the folder.
import { PARTICIPANT_ALIASES } from './columns';
import { manifestDate, ManifestFiles, openManifest } from './manifestTable';
import { sortProblems, type ImportProblem } from './problems';

export interface ManifestOptions {
  readonly fileColumn?: string;
  readonly participantColumn?: string;
  readonly timepointColumn?: string;
  readonly taskColumn?: string;
  readonly dateColumn?: string;
}

export interface ManifestRow {
  /** Relative to the recordings folder, '/' separators, normalised (see paths.ts). */
  readonly file: string;
  readonly participant: string;
  readonly timepoint: string;
  readonly task: string | null;
  /** yyyy-mm-dd, or null when the file has no date column or the cell is empty. */
  readonly date: string | null;
  readonly row: number;
}

export interface ManifestColumns {
  readonly file: string;
  readonly participant: string;
  readonly timepoint: string;
  readonly task: string | null;
  readonly date: string | null;
}

export type ManifestParse =
  | { readonly ok: true; readonly rows: ManifestRow[]; readonly columns: string[]; readonly used: ManifestColumns }
  | { readonly ok: false; readonly problems: ImportProblem[]; readonly columns?: string[] };

const FILE_ALIASES = ['file', 'filename', 'file_name', 'file_path', 'filepath', 'path', 'relative_path', 'recording', 'recording_file', 'video', 'video_file', 'media_file'];
const TIMEPOINT_ALIASES = ['timepoint', 'time_point', 'wave', 'visit', 'assessment', 'occasion', 'tp', 'redcap_event_name'];
const TASK_ALIASES = ['task', 'episode', 'procedure', 'paradigm', 'activity'];
const DATE_ALIASES = ['date', 'recording_date', 'recorded_on', 'date_recorded', 'session_date', 'visit_date', 'assessment_date'];

const WORDING = { folder: 'recordings', example: 'T1/P001_T1.mp4', dateLabel: 'recording date' } as const;

export function parseRecordingsManifest(bytes: Uint8Array, options: ManifestOptions = {}): ManifestParse {
  const opened = openManifest(bytes, WORDING);
  if (!opened.ok) return { ok: false, problems: opened.problems };
  const { table } = opened;
  const { problems, name } = table;
  const find = (label: string, option: keyof ManifestOptions, aliases: readonly string[], required: boolean) =>
    table.find(label, options[option], option, aliases, required);
  const fileIndex = find('file', 'fileColumn', FILE_ALIASES, true);
  const participantIndex = find('participant id', 'participantColumn', PARTICIPANT_ALIASES, true);
  const timepointIndex = find('timepoint', 'timepointColumn', TIMEPOINT_ALIASES, true);
  const taskIndex = find('task', 'taskColumn', TASK_ALIASES, false);
  const dateIndex = find('recording date', 'dateColumn', DATE_ALIASES, false);
  if (fileIndex === undefined || participantIndex === undefined || timepointIndex === undefined) {
    return { ok: false, problems: sortProblems(problems.filter((p) => p.code !== 'empty_file')), columns: table.columns };
  }

  const files = new ManifestFiles(name(fileIndex), WORDING);
  const rows: ManifestRow[] = [];
  for (const { row, cells } of table.records) {
    const cell = (i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? ''));
    const file = files.check(row, cell(fileIndex), problems);
    const participant = cell(participantIndex);
    if (participant === '') {
      problems.push({ code: 'empty_participant', row, column: name(participantIndex), message: `Row ${row} has no participant id in column "${name(participantIndex)}".` });
    }
    const timepoint = cell(timepointIndex);
    if (timepoint === '') {
      problems.push({ code: 'empty_timepoint', row, column: name(timepointIndex), message: `Row ${row} has no timepoint in column "${name(timepointIndex)}".` });
    }
    const date = manifestDate(row, cell(dateIndex), name(dateIndex), WORDING, problems);
    if (file !== null && participant !== '' && timepoint !== '' && date !== undefined) {
      rows.push({ file, participant, timepoint, task: cell(taskIndex) || null, date, row });
    }
  }
  problems.push(...files.duplicates());

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems), columns: table.columns };
  return {
    ok: true,
    rows,
    columns: table.columns,
    used: {
      file: name(fileIndex),
      participant: name(participantIndex),
      timepoint: name(timepointIndex),
      task: taskIndex === undefined ? null : name(taskIndex),
      date: dateIndex === undefined ? null : name(dateIndex),
    },
  };
}
