// What every manifest CSV shares — recordings (setup/import/manifest) and intervention sessions
// (fidelity/manifest): reading the table, finding columns, one file path per row relative to the
// folder, each file listed once, optional ISO dates. The two manifests add only their own columns.
import { findColumns } from './columns';
import { readCsv } from './csv';
import { checkIsoDate } from './dates';
import { relativeInsideFolder } from './paths';
import { listInWords, quote, type ImportProblem } from './problems';

export interface ManifestWording {
  /** "recordings" or "sessions": the folder the paths are relative to, and what a row lists. */
  readonly folder: string;
  /** An example relative path for the message about absolute paths. */
  readonly example: string;
  /** "recording date" or "session date". */
  readonly dateLabel: string;
}

interface Cells {
  readonly row: number;
  readonly cells: readonly string[];
}

export interface ManifestTable {
  readonly columns: string[];
  readonly headerRow: number;
  readonly records: readonly Cells[];
  /** Every problem so far; the caller adds its own and returns them all. */
  readonly problems: ImportProblem[];
  /** The index of a column found by an explicit name or by its aliases (problems recorded). */
  find(label: string, explicit: string | undefined, option: string, aliases: readonly string[], required: boolean): number | undefined;
  /** The header text of a column index, '' for none. */
  name(index: number | undefined): string;
}

export function openManifest(bytes: Uint8Array, wording: ManifestWording): { ok: false; problems: ImportProblem[] } | { ok: true; table: ManifestTable } {
  const read = readCsv(bytes);
  if (!read.ok) return { ok: false, problems: read.problems };
  const { header, headerRow, records } = read.table;
  const problems: ImportProblem[] = [...read.problems];
  const table: ManifestTable = {
    columns: [...header],
    headerRow,
    records,
    problems,
    find(label, explicit, option, aliases, required) {
      const found = findColumns(header, headerRow, { label, option, aliases, required, explicit });
      problems.push(...found.problems);
      return found.indices[0];
    },
    name: (i) => (i === undefined ? '' : (header[i] ?? '')),
  };
  if (records.length === 0) {
    problems.push({ code: 'empty_file', row: headerRow, message: `The manifest has a header row but no ${wording.folder}.` });
  }
  return { ok: true, table };
}

/** The file column of a manifest: each path checked to stay inside the folder, each listed once. */
export class ManifestFiles {
  private readonly rowsByFile = new Map<string, number[]>();

  constructor(
    private readonly column: string,
    private readonly wording: ManifestWording,
  ) {}

  /** The normalised relative path, or null after recording why the cell is not one. */
  check(row: number, written: string, problems: ImportProblem[]): string | null {
    const checked = relativeInsideFolder(written);
    if (!checked.ok) {
      const code = checked.reason === 'empty' ? 'empty_file_path' : checked.reason === 'absolute' ? 'absolute_path' : 'path_escapes_folder';
      problems.push({ code, row, column: this.column, message: this.pathMessage(row, written, checked.reason) });
      return null;
    }
    this.rowsByFile.set(checked.path, [...(this.rowsByFile.get(checked.path) ?? []), row]);
    return checked.path;
  }

  /** A problem on every row of a file listed more than once. */
  duplicates(): ImportProblem[] {
    const problems: ImportProblem[] = [];
    for (const [file, rows] of this.rowsByFile) {
      if (rows.length < 2) continue;
      for (const row of rows) {
        problems.push({
          code: 'duplicate_file_row',
          row,
          column: this.column,
          file,
          message: `The file ${quote(file)} is listed on rows ${listInWords(rows)}; list each recording once.`,
        });
      }
    }
    return problems;
  }

  private pathMessage(row: number, written: string, reason: 'empty' | 'absolute' | 'escapes'): string {
    const folder = this.wording.folder;
    switch (reason) {
      case 'empty':
        return `Row ${row} has no file name.`;
      case 'absolute':
        return `Row ${row}: ${quote(written, 120)} is an absolute path. Write the path relative to the ${folder} folder, for example "${this.wording.example}".`;
      case 'escapes':
        return `Row ${row}: ${quote(written, 120)} points outside the ${folder} folder (through ".."). Move the file into the ${folder} folder and write its path relative to it.`;
    }
  }
}

/** An optional ISO date cell: null when empty, the date when valid, undefined after recording a problem. */
export function manifestDate(row: number, written: string, column: string, wording: ManifestWording, problems: ImportProblem[]): string | null | undefined {
  if (written === '') return null;
  const d = checkIsoDate(written);
  if (d.ok) return d.date;
  problems.push({ code: 'bad_date', row, column, message: `Row ${row}: ${wording.dateLabel} ${quote(written)} ${d.reason}` });
  return undefined;
}
