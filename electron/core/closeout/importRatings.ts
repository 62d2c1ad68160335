// Ratings coded elsewhere — on paper forms or in a spreadsheet — brought into a study. The file has
// one row per clip × coder × dimension (clip code, coder, dimension, score; optionally a note and
// the time it was coded). Validation reads the whole file and reports every problem with its row;
// only a file without problems is imported, in one transaction, each rating through the same
// submitRating a coder's own submission uses. Assignments must already exist: an import records
// work that was assigned, it does not assign.
import { findAssignment } from '../../../db/repositories/assignments';
import { findClipByCode } from '../../../db/repositories/clips';
import { latestRating } from '../../../db/repositories/ratings';
import { findUserByName } from '../../../db/repositories/users';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import { studyDimensions } from '../coding/dimensions';
import { submitRating } from '../coding/ratings';
import { isOnScale } from '../coding/scales';
import type { ScaleDimension } from '../../common/contract';
import { findColumns, type ColumnSpec } from '../setup/import/columns';
import { readCsv } from '../setup/import/csv';
import { checkIsoDate } from '../setup/import/dates';
import { listInWords, quote, type ImportProblemCode } from '../setup/import/problems';
import { getLock } from '../../../db/repositories/closeout';

export type RatingImportProblemCode =
  | ImportProblemCode
  | 'unknown_column'
  | 'study_locked'
  | 'empty_value'
  | 'unknown_clip'
  | 'unknown_coder'
  | 'not_assigned'
  | 'unknown_dimension'
  | 'bad_score'
  | 'off_scale'
  | 'duplicate_row'
  | 'already_submitted'
  | 'missing_dimension'
  | 'bad_time'
  | 'conflicting_time'
  | 'note_too_long';

export interface RatingImportProblem {
  readonly row?: number;
  readonly column?: string;
  readonly code: RatingImportProblemCode;
  readonly message: string;
}

export type RatingImportOutcome =
  | { readonly ok: true; readonly value: { readonly ratings: number; readonly rows: number } }
  | { readonly ok: false; readonly problems: readonly RatingImportProblem[] };

const SPECS = {
  clip: { label: 'clip code', option: 'clip_code', aliases: ['clip_code', 'code', 'clip'], required: true },
  coder: { label: 'coder', option: 'coder', aliases: ['coder', 'coder_name', 'rater'], required: true },
  dimension: { label: 'dimension', option: 'dimension', aliases: ['dimension', 'dimension_id', 'scale'], required: true },
  score: { label: 'score', option: 'score', aliases: ['score', 'rating', 'value'], required: true },
  note: { label: 'note', option: 'note', aliases: ['note', 'notes', 'comment'], required: false },
  time: { label: 'time coded', option: 'submitted_at', aliases: ['submitted_at', 'coded_at', 'time', 'date', 'timestamp'], required: false },
} as const satisfies Record<string, ColumnSpec>;

/** Problems in reading order (by row; file-level problems first), stable otherwise. */
function sortProblems(problems: readonly RatingImportProblem[]): RatingImportProblem[] {
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
    .map(({ p }) => p);
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;
const TIME = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time (a time without a zone is read as UTC), as UTC ISO; or a reason. */
export function parseCodedTime(value: string, now = Date.now()): { ok: true; iso: string } | { ok: false; reason: string } {
  const m = TIME.exec(value.trim());
  if (!m) return { ok: false, reason: 'is not an ISO 8601 date or time, e.g. 2024-03-27 or 2024-03-27T14:05:00Z' };
  const date = checkIsoDate(m[1]!);
  if (!date.ok) return { ok: false, reason: date.reason };
  const [hh, mm, ss] = [m[2], m[3], m[4]].map((x) => Number(x ?? 0));
  if (hh! > 23 || mm! > 59 || ss! > 59) return { ok: false, reason: 'is not a real time of day' };
  const zone = m[5] ?? 'Z';
  const ms = Date.parse(`${date.date}T${String(hh).padStart(2, '0')}:${String(mm).padStart(2, '0')}:${String(ss).padStart(2, '0')}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  if (Number.isNaN(ms)) return { ok: false, reason: 'is not a valid time' };
  if (ms > now + 60_000) return { ok: false, reason: 'is in the future' };
  return { ok: true, iso: new Date(ms).toISOString() };
}

function dimensionOf(dimensions: readonly ScaleDimension[], value: string): ScaleDimension | undefined {
  const v = value.trim().toLowerCase();
  return dimensions.find((d) => d.id === v) ?? dimensions.find((d) => d.label.trim().toLowerCase() === v);
}

interface ParsedRow {
  readonly row: number;
  readonly code: string;
  readonly coderId: number;
  readonly coderName: string;
  readonly dimension: ScaleDimension;
  readonly score: number;
  readonly note: string;
  readonly time: string | null;
}

/** Validates the whole file against the study. Writes nothing. */
export function checkRatingsCsv(db: Db, bytes: Uint8Array): { problems: RatingImportProblem[]; rows: ParsedRow[] } {
  const lock = getLock(db);
  if (lock) return { problems: [{ code: 'study_locked', message: `The study was locked on ${lock.lockedAt}: no rating can be added` }], rows: [] };
  const read = readCsv(bytes);
  if (!read.ok) return { problems: read.problems, rows: [] };
  const { header, headerRow, records } = read.table;
  const problems: RatingImportProblem[] = [...read.problems];
  const index: Partial<Record<keyof typeof SPECS, number>> = {};
  for (const [role, spec] of Object.entries(SPECS) as [keyof typeof SPECS, ColumnSpec][]) {
    const found = findColumns(header, headerRow, spec);
    problems.push(...found.problems);
    if (found.indices[0] !== undefined) index[role] = found.indices[0];
  }
  const used = new Set(Object.values(index));
  header.forEach((name, i) => {
    if (!used.has(i) && name !== '') {
      problems.push({ code: 'unknown_column', row: headerRow, column: name, message: `The column "${name}" is not one this import reads (clip_code, coder, dimension, score, note, submitted_at).` });
    }
  });
  if (problems.length > 0) return { problems: sortProblems(problems), rows: [] };

  const dimensions = studyDimensions(db);
  const rows: ParsedRow[] = [];
  const seen = new Map<string, number>();
  const coders = new Map<string, { id: number; name: string; role: string } | undefined>();
  for (const record of records) {
    const at = (role: keyof typeof SPECS) => (index[role] === undefined ? '' : (record.cells[index[role]!] ?? ''));
    const row = record.row;
    const rowProblems: RatingImportProblem[] = [];
    const need = (role: keyof typeof SPECS, value: string) => {
      if (value === '') rowProblems.push({ code: 'empty_value', row, column: header[index[role]!], message: `Row ${row} has no ${SPECS[role].label}.` });
      return value;
    };
    const code = need('clip', at('clip')).toUpperCase();
    const coderName = need('coder', at('coder'));
    const dimensionText = need('dimension', at('dimension'));
    const scoreText = need('score', at('score'));
    const note = at('note');
    const timeText = at('time');
    let coder: { id: number; name: string; role: string } | undefined;
    if (coderName !== '') {
      if (!coders.has(coderName.toLowerCase())) coders.set(coderName.toLowerCase(), findUserByName(db, coderName));
      coder = coders.get(coderName.toLowerCase());
      if (!coder) rowProblems.push({ code: 'unknown_coder', row, message: `Row ${row}: there is no user called ${quote(coderName)} in this study.` });
    }
    const clipKnown = code !== '' && findClipByCode(db, code) !== undefined;
    if (code !== '' && !clipKnown) rowProblems.push({ code: 'unknown_clip', row, message: `Row ${row}: there is no clip ${quote(code)} in this study.` });
    let assignmentId: number | undefined;
    if (coder && clipKnown) {
      assignmentId = findAssignment(db, coder.id, code)?.id;
      if (assignmentId === undefined) {
        rowProblems.push({ code: 'not_assigned', row, message: `Row ${row}: clip ${code} is not assigned to ${coder.name}; assign it before importing the rating.` });
      } else if (latestRating(db, assignmentId)) {
        rowProblems.push({ code: 'already_submitted', row, message: `Row ${row}: ${coder.name} has already submitted a rating of clip ${code}; amend it in the app instead.` });
      }
    }
    const dimension = dimensionText === '' ? undefined : dimensionOf(dimensions, dimensionText);
    if (dimensionText !== '' && !dimension) {
      rowProblems.push({ code: 'unknown_dimension', row, message: `Row ${row}: ${quote(dimensionText)} is not a dimension of this study (${dimensions.map((d) => d.id).join(', ')}).` });
    }
    let score = NaN;
    if (scoreText !== '') {
      if (!NUMBER.test(scoreText)) {
        const hint = /^\d+,\d+$/.test(scoreText) ? " Write decimals with a '.' (5.5, not 5,5)." : '';
        rowProblems.push({ code: 'bad_score', row, message: `Row ${row}: the score ${quote(scoreText)} is not a number.${hint}` });
      } else {
        score = Number(scoreText);
        if (dimension && !isOnScale(dimension, score)) {
          rowProblems.push({ code: 'off_scale', row, message: `Row ${row}: ${score} is not on the ${dimension.label} scale (${dimension.min}–${dimension.max} in steps of ${dimension.step}).` });
        }
      }
    }
    let time: string | null = null;
    if (timeText !== '') {
      const parsed = parseCodedTime(timeText);
      if (parsed.ok) time = parsed.iso;
      else rowProblems.push({ code: 'bad_time', row, message: `Row ${row}: the time ${quote(timeText)} ${parsed.reason}.` });
    }
    if (note.length > 4000) rowProblems.push({ code: 'note_too_long', row, message: `Row ${row}: the note is longer than 4000 characters.` });
    if (coder && dimension && code !== '') {
      const k = `${code}\u0000${coder.id}\u0000${dimension.id}`;
      const earlier = seen.get(k);
      if (earlier !== undefined) {
        rowProblems.push({ code: 'duplicate_row', row, message: `Row ${row} repeats row ${earlier}: ${coder.name}'s ${dimension.id} score of clip ${code} appears twice.` });
      } else seen.set(k, row);
    }
    problems.push(...rowProblems);
    if (rowProblems.length === 0 && coder && dimension) {
      rows.push({ row, code, coderId: coder.id, coderName: coder.name, dimension, score, note, time });
    }
  }
  if (records.length === 0) problems.push({ code: 'empty_file', message: 'The file has a header but no ratings.' });

  // Each clip × coder must be a complete rating: every dimension of the study, one coding time.
  const groups = new Map<string, ParsedRow[]>();
  for (const r of rows) groups.set(`${r.code}\u0000${r.coderId}`, [...(groups.get(`${r.code}\u0000${r.coderId}`) ?? []), r]);
  for (const group of groups.values()) {
    const first = group[0]!;
    const missing = dimensions.filter((d) => !group.some((r) => r.dimension.id === d.id));
    if (missing.length > 0) {
      problems.push({
        code: 'missing_dimension',
        row: first.row,
        message: `${first.coderName}'s rating of clip ${first.code} (row${group.length === 1 ? '' : 's'} ${listInWords(group.map((r) => r.row))}) has no ${listInWords(missing.map((d) => d.id))} score; a rating needs every dimension.`,
      });
    }
    const times = [...new Set(group.map((r) => r.time).filter((t) => t !== null))];
    if (times.length > 1) {
      problems.push({ code: 'conflicting_time', row: first.row, message: `${first.coderName}'s rating of clip ${first.code} (rows ${listInWords(group.map((r) => r.row))}) gives different times.` });
    }
  }
  return { problems: sortProblems(problems), rows };
}

/**
 * Imports a ratings file whole or not at all. `source` (the file's name) is recorded with each
 * rating's overall note and in the audit log, so imported ratings stay recognisable in exports.
 */
export function importRatings(db: Db, bytes: Uint8Array, actor: string, source = 'a file'): RatingImportOutcome {
  const { problems, rows } = checkRatingsCsv(db, bytes);
  if (problems.length > 0) return { ok: false, problems };
  const groups = new Map<string, ParsedRow[]>();
  for (const r of rows) groups.set(`${r.code}\u0000${r.coderId}`, [...(groups.get(`${r.code}\u0000${r.coderId}`) ?? []), r]);
  db.transaction(() => {
    for (const group of groups.values()) {
      const first = group[0]!;
      const time = group.find((r) => r.time)?.time ?? null;
      const scores: Record<string, number> = {};
      const notes: Record<string, string> = {};
      for (const r of group) {
        scores[r.dimension.id] = r.score;
        if (r.note !== '') notes[r.dimension.id] = r.note;
      }
      submitRating(
        db,
        { id: first.coderId, name: first.coderName },
        first.code,
        { scores, notes, overallNote: `[imported by ${actor}${time ? `; coded ${time}` : ''}]`, unscorable: null },
        0,
      );
    }
    appendAudit(db, { actor, action: 'ratings.import', detail: { source, ratings: groups.size, rows: rows.length } });
  })();
  return { ok: true, value: { ratings: groups.size, rows: rows.length } };
}
