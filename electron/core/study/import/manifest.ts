// The recordings manifest: a CSV that says which file under the recordings folder is which
// participant, timepoint and task, and when it was recorded. Pure: bytes in, rows or every problem
// out. Whether the files exist is checked by scanRecordings, which reads the folder.
import { findColumns, PARTICIPANT_ALIASES } from './columns';
import { readCsv } from './csv';
import { checkIsoDate } from './dates';
import { relativeInsideFolder } from './paths';
import { listInWords, quote, sortProblems, type ImportProblem } from './problems';

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

export function parseRecordingsManifest(bytes: Uint8Array, options: ManifestOptions = {}): ManifestParse {
  const read = readCsv(bytes);
  if (!read.ok) return { ok: false, problems: read.problems };
  const { header, headerRow, records } = read.table;
  const columns = [...header];
  const problems: ImportProblem[] = [...read.problems];

  const find = (label: string, option: keyof ManifestOptions, aliases: readonly string[], required: boolean): number | undefined => {
    const found = findColumns(header, headerRow, { label, option, aliases, required, explicit: options[option] });
    problems.push(...found.problems);
    return found.indices[0];
  };
  const fileIndex = find('file', 'fileColumn', FILE_ALIASES, true);
  const participantIndex = find('participant id', 'participantColumn', PARTICIPANT_ALIASES, true);
  const timepointIndex = find('timepoint', 'timepointColumn', TIMEPOINT_ALIASES, true);
  const taskIndex = find('task', 'taskColumn', TASK_ALIASES, false);
  const dateIndex = find('recording date', 'dateColumn', DATE_ALIASES, false);
  if (fileIndex === undefined || participantIndex === undefined || timepointIndex === undefined) {
    return { ok: false, problems: sortProblems(problems), columns };
  }
  const name = (i: number | undefined): string => (i === undefined ? '' : (header[i] ?? ''));
  if (records.length === 0) problems.push({ code: 'empty_file', row: headerRow, message: 'The manifest has a header row but no recordings.' });

  const rows: ManifestRow[] = [];
  const rowsByFile = new Map<string, number[]>();
  for (const { row, cells } of records) {
    const cell = (i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? ''));
    let ok = true;
    const written = cell(fileIndex);
    const checked = relativeInsideFolder(written);
    if (!checked.ok) {
      ok = false;
      problems.push({ code: pathCode(checked.reason), row, column: name(fileIndex), message: pathMessage(row, written, checked.reason) });
    } else {
      rowsByFile.set(checked.path, [...(rowsByFile.get(checked.path) ?? []), row]);
    }
    const participant = cell(participantIndex);
    if (participant === '') {
      ok = false;
      problems.push({ code: 'empty_participant', row, column: name(participantIndex), message: `Row ${row} has no participant id in column "${name(participantIndex)}".` });
    }
    const timepoint = cell(timepointIndex);
    if (timepoint === '') {
      ok = false;
      problems.push({ code: 'empty_timepoint', row, column: name(timepointIndex), message: `Row ${row} has no timepoint in column "${name(timepointIndex)}".` });
    }
    let date: string | null = null;
    const writtenDate = cell(dateIndex);
    if (writtenDate !== '') {
      const d = checkIsoDate(writtenDate);
      if (d.ok) date = d.date;
      else {
        ok = false;
        problems.push({ code: 'bad_date', row, column: name(dateIndex), message: `Row ${row}: recording date ${quote(writtenDate)} ${d.reason}` });
      }
    }
    if (ok && checked.ok) rows.push({ file: checked.path, participant, timepoint, task: cell(taskIndex) || null, date, row });
  }

  for (const [file, fileRows] of rowsByFile) {
    if (fileRows.length < 2) continue;
    for (const row of fileRows) {
      problems.push({
        code: 'duplicate_file_row',
        row,
        column: name(fileIndex),
        file,
        message: `The file ${quote(file)} is listed on rows ${listInWords(fileRows)}; list each recording once.`,
      });
    }
  }

  if (problems.length > 0) return { ok: false, problems: sortProblems(problems), columns };
  return {
    ok: true,
    rows,
    columns,
    used: {
      file: name(fileIndex),
      participant: name(participantIndex),
      timepoint: name(timepointIndex),
      task: taskIndex === undefined ? null : name(taskIndex),
      date: dateIndex === undefined ? null : name(dateIndex),
    },
  };
}

function pathCode(reason: 'empty' | 'absolute' | 'escapes'): ImportProblem['code'] {
  return reason === 'empty' ? 'empty_file_path' : reason === 'absolute' ? 'absolute_path' : 'path_escapes_folder';
}

function pathMessage(row: number, written: string, reason: 'empty' | 'absolute' | 'escapes'): string {
  switch (reason) {
    case 'empty':
      return `Row ${row} has no file name.`;
    case 'absolute':
      return `Row ${row}: ${quote(written, 120)} is an absolute path. Write the path relative to the recordings folder, for example "T1/P001_T1.mp4".`;
    case 'escapes':
      return `Row ${row}: ${quote(written, 120)} points outside the recordings folder (through ".."). Move the file into the recordings folder and write its path relative to it.`;
  }
}
