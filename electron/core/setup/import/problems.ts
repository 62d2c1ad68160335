// What an import found wrong, as data. Import validation never throws on bad input and never stops
// at the first problem: it collects every problem it can find so the study manager fixes the file
// once, not once per error. Each problem says where (row/column of a spreadsheet, or a file under
// the recordings folder) and what, in words a trial manager can act on.
import type { Problem } from '../../../common/contract';

export type ImportProblemCode =
  // The text of a CSV file
  | 'empty_file'
  | 'not_utf8'
  | 'utf16'
  | 'unclosed_quote'
  | 'extra_cells'
  // Columns
  | 'missing_column'
  | 'duplicate_column'
  | 'ambiguous_column'
  // Allocation values
  | 'empty_participant'
  | 'duplicate_participant'
  | 'empty_arm'
  | 'unknown_arm'
  | 'no_arm_on_any_event'
  | 'bad_arm_option'
  // Manifest values
  | 'empty_file_path'
  | 'absolute_path'
  | 'path_escapes_folder'
  | 'duplicate_file_row'
  | 'empty_timepoint'
  | 'bad_date'
  // Filename patterns
  | 'bad_pattern'
  // Recordings
  | 'folder_unreadable'
  | 'no_recordings'
  | 'no_pattern_match'
  | 'ambiguous_file_name'
  | 'manifest_file_missing'
  | 'not_in_manifest'
  | 'unknown_participant'
  | 'empty_media'
  | 'unreadable_media'
  | 'truncated_media'
  | 'zero_duration'
  | 'no_video_stream'
  | 'no_media_streams'
  | 'implausible_dimensions'
  | 'duplicate_content'
  | 'duplicate_mapping'
  | 'symlink_outside_folder'
  | 'broken_symlink'
  | 'left_out_not_found';

/** The contract's Problem (the manager sees it as it is), with this import's codes. */
export type ImportProblem = Omit<Problem, 'code'> & { readonly code: ImportProblemCode };

/** Problems in reading order: by file, then row; otherwise in the order they were found. */
export function sortProblems(problems: readonly ImportProblem[]): ImportProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        compareOptional(a.p.file, b.p.file) ||
        (a.p.row ?? 0) - (b.p.row ?? 0) ||
        a.i - b.i,
    )
    .map(({ p }) => p);
}

function compareOptional(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return -1;
  if (b === undefined) return 1;
  return a < b ? -1 : 1;
}

/** "1, 4 and 9" — for messages that name several rows or files. */
export function listInWords(items: readonly (string | number)[]): string {
  const words = items.map(String);
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1] ?? ''}`;
}

/** Quotes a value from a user's file for a message, shortened so one bad cell cannot flood the UI. */
export function quote(value: string, max = 60): string {
  const shown = value.length > max ? `${value.slice(0, max - 1)}…` : value;
  return `"${shown}"`;
}
