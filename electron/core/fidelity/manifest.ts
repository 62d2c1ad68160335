// The session-recordings manifest: a CSV that says which file under the sessions folder is which
// clinician's session with which family, its session number and date. Pure: bytes in, rows or every
// problem out. The CSV reading, column finding, dates, paths and messages are setup/import's; only
// the columns differ from the outcome manifest.
import { PARTICIPANT_ALIASES } from '../setup/import/columns';
import { manifestDate, ManifestFiles, openManifest } from '../setup/import/manifestTable';
import { quote, sortProblems, type ImportProblem, type ImportProblemCode } from '../setup/import/problems';

/** Problems only session import has, beside setup/import's. */
export type SessionProblemCode = 'empty_clinician' | 'empty_family' | 'empty_session_number' | 'bad_session_number' | 'no_audio_stream';

export type SessionImportProblem = Omit<ImportProblem, 'code'> & { readonly code: ImportProblemCode | SessionProblemCode };

export interface SessionManifestOptions {
  readonly fileColumn?: string;
  readonly clinicianColumn?: string;
  readonly familyColumn?: string;
  readonly sessionColumn?: string;
  readonly dateColumn?: string;
}

export interface SessionManifestRow {
  /** Relative to the sessions folder, '/' separators, normalised (setup/import/paths). */
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly sessionNumber: number;
  /** yyyy-mm-dd, or null when there is no date column or the cell is empty. */
  readonly date: string | null;
  readonly row: number;
}

export interface SessionManifestColumns {
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly session: string;
  readonly date: string | null;
}

export type SessionManifestParse =
  | { readonly ok: true; readonly rows: SessionManifestRow[]; readonly columns: string[]; readonly used: SessionManifestColumns }
  | { readonly ok: false; readonly problems: SessionImportProblem[]; readonly columns?: string[] };

export const MAX_SESSION_NUMBER = 999;

const FILE_ALIASES = ['file', 'filename', 'file_name', 'file_path', 'filepath', 'path', 'relative_path', 'recording', 'recording_file', 'audio', 'audio_file', 'video', 'video_file', 'media_file'];
const CLINICIAN_ALIASES = ['clinician', 'clinician_id', 'clinician_name', 'therapist', 'interventionist', 'intervener', 'home_visitor', 'visitor', 'practitioner', 'counsellor', 'counselor', 'provider', 'staff'];
const FAMILY_ALIASES = ['family', 'family_id', 'family_code', 'dyad', 'household', 'household_id', ...PARTICIPANT_ALIASES.filter((a) => a !== 'family_id')];
const SESSION_ALIASES = ['session', 'session_number', 'session_no', 'session_nr', 'session_num', 'visit_number', 'visit_no', 'visit'];
const DATE_ALIASES = ['date', 'session_date', 'recording_date', 'recorded_on', 'date_recorded', 'visit_date'];

/** "3", "03" → 3; anything else (3.5, "S3", -1, 1000) → a reason. */
export function checkSessionNumber(value: string): { ok: true; value: number } | { ok: false; reason: string } {
  if (!/^\d{1,3}$/.test(value)) return { ok: false, reason: 'is not a whole session number (write 1, 2, 3…)' };
  const n = Number(value);
  if (n > MAX_SESSION_NUMBER) return { ok: false, reason: `is above ${MAX_SESSION_NUMBER}` };
  return { ok: true, value: n };
}

const WORDING = { folder: 'sessions', example: 'Anna/F012_session3.m4a', dateLabel: 'session date' } as const;

export function parseSessionsManifest(bytes: Uint8Array, options: SessionManifestOptions = {}): SessionManifestParse {
  const opened = openManifest(bytes, WORDING);
  if (!opened.ok) return { ok: false, problems: opened.problems };
  const { table } = opened;
  const { name } = table;
  const problems: SessionImportProblem[] = table.problems;
  const find = (label: string, option: keyof SessionManifestOptions, aliases: readonly string[], required: boolean) =>
    table.find(label, options[option], option, aliases, required);
  const fileIndex = find('file', 'fileColumn', FILE_ALIASES, true);
  const clinicianIndex = find('clinician', 'clinicianColumn', CLINICIAN_ALIASES, true);
  const familyIndex = find('family id', 'familyColumn', FAMILY_ALIASES, true);
  const sessionIndex = find('session number', 'sessionColumn', SESSION_ALIASES, true);
  const dateIndex = find('session date', 'dateColumn', DATE_ALIASES, false);
  if (fileIndex === undefined || clinicianIndex === undefined || familyIndex === undefined || sessionIndex === undefined) {
    return { ok: false, problems: sorted(problems.filter((p) => p.code !== 'empty_file')), columns: table.columns };
  }

  const files = new ManifestFiles(name(fileIndex), WORDING);
  const rows: SessionManifestRow[] = [];
  for (const { row, cells } of table.records) {
    const cell = (i: number | undefined): string => (i === undefined ? '' : (cells[i] ?? ''));
    const file = files.check(row, cell(fileIndex), table.problems);
    let ok = file !== null;
    const clinician = cell(clinicianIndex);
    if (clinician === '') {
      ok = false;
      problems.push({ code: 'empty_clinician', row, column: name(clinicianIndex), message: `Row ${row} has no clinician in column "${name(clinicianIndex)}".` });
    }
    const family = cell(familyIndex);
    if (family === '') {
      ok = false;
      problems.push({ code: 'empty_family', row, column: name(familyIndex), message: `Row ${row} has no family id in column "${name(familyIndex)}".` });
    }
    const writtenSession = cell(sessionIndex);
    let sessionNumber = 0;
    if (writtenSession === '') {
      ok = false;
      problems.push({ code: 'empty_session_number', row, column: name(sessionIndex), message: `Row ${row} has no session number in column "${name(sessionIndex)}".` });
    } else {
      const s = checkSessionNumber(writtenSession);
      if (s.ok) sessionNumber = s.value;
      else {
        ok = false;
        problems.push({ code: 'bad_session_number', row, column: name(sessionIndex), message: `Row ${row}: session number ${quote(writtenSession)} ${s.reason}.` });
      }
    }
    const date = manifestDate(row, cell(dateIndex), name(dateIndex), WORDING, table.problems);
    if (ok && file !== null && date !== undefined) rows.push({ file, clinician, family, sessionNumber, date, row });
  }
  problems.push(...files.duplicates());

  if (problems.length > 0) return { ok: false, problems: sorted(problems), columns: table.columns };
  return {
    ok: true,
    rows,
    columns: table.columns,
    used: {
      file: name(fileIndex),
      clinician: name(clinicianIndex),
      family: name(familyIndex),
      session: name(sessionIndex),
      date: dateIndex === undefined ? null : name(dateIndex),
    },
  };
}

/** setup/import's reading order, for problems that may carry a session-only code. */
export function sorted(problems: readonly SessionImportProblem[]): SessionImportProblem[] {
  // sortProblems only reorders the objects it is given; the codes pass through untouched.
  return sortProblems(problems as readonly ImportProblem[]) as SessionImportProblem[];
}
