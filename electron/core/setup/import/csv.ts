// A CSV file as a trial manager's spreadsheet shows it: a header row and records, each record
// carrying the physical line it starts on (header = row 1, a value with an embedded line break
// makes the next record start further down), every value trimmed and in Unicode NFC (so "é" typed
// on a Mac equals "é" typed on Windows), blank lines dropped.
import Papa from 'papaparse';
import { decodeCsvBytes } from './text';
import type { ImportProblem } from './problems';

export interface CsvRecord {
  /** Physical line the record starts on, 1-based (the header's line is row 1 in a normal file). */
  readonly row: number;
  /** Trimmed values, as many as the header has columns (missing ones are ''). */
  readonly cells: readonly string[];
}

export interface CsvTable {
  readonly delimiter: string;
  readonly headerRow: number;
  /** Trimmed header names, as written. */
  readonly header: readonly string[];
  readonly records: readonly CsvRecord[];
}

export type CsvRead = { readonly ok: true; readonly table: CsvTable; readonly problems: ImportProblem[] } | { readonly ok: false; readonly problems: ImportProblem[] };

/** Delimiters a spreadsheet export may use: comma, semicolon (Excel with a decimal comma), tab. */
const DELIMITERS = [',', ';', '\t'] as const;

/**
 * Decodes and parses a CSV file. Problems that leave the table usable (a stray cell beyond the
 * header) come back with ok: true so a caller can add its own and report everything together.
 */
export function readCsv(bytes: Uint8Array): CsvRead {
  const decoded = decodeCsvBytes(bytes);
  if (!decoded.ok) return decoded;
  // One line-break convention so the line count is the spreadsheet's: CRLF, LF or a lone CR.
  const text = decoded.text.replace(/\r\n?/g, '\n');
  if (text.trim() === '') return { ok: false, problems: [{ code: 'empty_file', message: 'The file is empty.' }] };

  // Excel honours (and some exports write) a first line "sep=;" that names the delimiter.
  const sepLine = /^sep=([,;\t|])\n/i.exec(text);
  const body = sepLine ? text.slice(sepLine[0].length) : text;
  const delimiter = sepLine?.[1] ?? detectDelimiter(body);
  const problems: ImportProblem[] = [];
  const rows: { row: number; cells: string[] }[] = [];
  let start = 0;
  let line = sepLine ? 2 : 1;
  Papa.parse<string[]>(body, {
    delimiter,
    newline: '\n',
    quoteChar: '"',
    step: (result) => {
      const end = result.meta.cursor;
      const row = line;
      for (let i = start; i < end && i < body.length; i++) if (body.charCodeAt(i) === 10) line++;
      start = end;
      if (result.errors.some((e) => e.code === 'MissingQuotes')) {
        problems.push({
          code: 'unclosed_quote',
          row,
          message: `A quoted value on row ${row} is never closed (a closing " is missing), so everything after it was read as one value. Check the quotes on row ${row}.`,
        });
      }
      const cells = result.data.map((c) => c.normalize('NFC').trim());
      if (cells.some((c) => c !== '')) rows.push({ row, cells });
    },
  });

  const [headerRecord, ...dataRows] = rows;
  if (!headerRecord) return { ok: false, problems: [{ code: 'empty_file', message: 'The file is empty.' }] };
  const header = headerRecord.cells;
  const width = header.length;
  const records: CsvRecord[] = dataRows.map(({ row, cells }) => {
    const used = cells.reduce((n, c, i) => (c === '' ? n : i + 1), 0);
    if (used > width) {
      problems.push({
        code: 'extra_cells',
        row,
        message:
          `Row ${row} has ${used} values but the header has ${width} columns. ` +
          `A value probably contains an unquoted "${printable(delimiter)}": put that value in double quotes.`,
      });
    }
    const fitted = cells.slice(0, width);
    while (fitted.length < width) fitted.push('');
    return { row, cells: fitted };
  });
  return { ok: true, table: { delimiter, headerRow: headerRecord.row, header, records }, problems };
}

/** The delimiter that occurs most often, outside quotes, on the first line that has any text. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  let seenText = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && ch === '\n') {
      if (seenText) break;
    } else if (!inQuotes && counts.has(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
    if (ch.trim() !== '') seenText = true;
  }
  let best: string = ',';
  for (const d of DELIMITERS) if ((counts.get(d) ?? 0) > (counts.get(best) ?? 0)) best = d;
  return best;
}

function printable(delimiter: string): string {
  return delimiter === '\t' ? 'tab' : delimiter;
}
