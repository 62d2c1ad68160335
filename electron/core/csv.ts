// The one CSV writer: every export (the blinded and unblinded data, the reliability report and its
// pairs, consensus, the fidelity summary) goes through it, so a fix is made once. Written so that R,
// SPSS, Stata and Excel all read it the same way:
//   - RFC 4180: CRLF line ends, a header row, fields with a comma, quote or line break quoted,
//     quotes doubled;
//   - UTF-8, with a byte-order mark only when asked (Excel wants one; R's read.csv and Stata keep
//     it as part of the first column's name unless told fileEncoding = "UTF-8-BOM");
//   - numbers written with '.' and never in exponent notation; a missing value is an empty field;
//     flags are 1/0 (Stata and SPSS read TRUE/FALSE as text);
//   - text that a spreadsheet would run as a formula (=, +, -, @, tab or carriage return first) is
//     prefixed with a single quote and quoted, as OWASP's "CSV Injection" page recommends, so a
//     note typed as "=HYPERLINK(…)" stays text. Numbers are never prefixed: −1.5 is a number.
export type Cell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`cannot write ${n} to a CSV file`);
  if (Object.is(n, -0)) return '0';
  // Full precision (the shortest text that reads back as the same double), so a figure in a CSV
  // file equals the report's and the JSON's to the last digit; a value rounded for people is
  // rounded where it is made, never here.
  const short = String(n);
  if (!/e/i.test(short)) return short;
  return expandExponent(short);
}

/** "1.5e-7" → "0.00000015", "1.2e+21" → "1200000000000000000000": the same digits, no exponent. */
function expandExponent(text: string): string {
  const [mantissa = '', exp = '0'] = text.toLowerCase().split('e');
  const negative = mantissa.startsWith('-');
  const [int = '', frac = ''] = mantissa.replace('-', '').split('.');
  const digits = int + frac;
  const point = int.length + Number(exp);
  const body =
    point <= 0 ? `0.${'0'.repeat(-point)}${digits}` : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return (negative ? '-' : '') + body.replace(/^0+(?=\d)/, '');
}

export function csvField(value: Cell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return formatNumber(value);
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (value === '') return '';
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replace(/"/g, '""')}"`;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[], options: { bom?: boolean } = {}): string {
  // Variable names every package accepts: a letter, then letters, digits and underscores.
  const bad = header.find((h) => !/^[A-Za-z][A-Za-z0-9_]*$/.test(h));
  if (bad !== undefined) throw new Error(`"${bad}" is not a portable column name`);
  const lines = [header.join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return `${options.bom ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}
