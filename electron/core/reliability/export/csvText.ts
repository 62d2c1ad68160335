// CSV text for exports opened in spreadsheets: RFC 4180 quoting, CRLF line ends, and text cells
// that a spreadsheet would run as a formula (= + - @, tab, CR) prefixed with an apostrophe (OWASP,
// "CSV Injection"). Numbers are written at full precision — a reliability figure must match the
// report to the last decimal — and never prefixed, so a negative kappa stays a number.

export type CsvCell = string | number | boolean | null;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return [header.map(csvCell), ...rows.map((r) => r.map(csvCell))].map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}
