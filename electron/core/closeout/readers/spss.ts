// The SPSS syntax written beside an export: GET DATA with every column's format (strings as wide
// as their longest value, so nothing is cut), then VARIABLE LABELS and VALUE LABELS from the data
// dictionary. Times stay ISO 8601 strings in UTC (SPSS has no zone-aware date type).
import type { ReaderColumn } from './columns';

const str = (s: string) => `'${s.replace(/'/g, "''").replace(/\n/g, ' ')}'`;

function format(c: ReaderColumn): string {
  if (c.kind === 'text' || c.kind === 'time') return `A${Math.min(32767, c.width)}`;
  if (c.kind === 'number') return 'F16.6';
  return 'F8.0';
}

export function spssSyntax(file: string, columns: readonly ReaderColumn[], o: { title: string }): string {
  const lines: string[] = [];
  lines.push(`* ${o.title}.`);
  lines.push(`* Reads ${file} with its types and applies the data dictionary's variable and value labels.`);
  lines.push('* Run from the folder holding the CSV (or put its full path in /FILE).');
  lines.push('');
  lines.push('GET DATA');
  lines.push('  /TYPE=TXT');
  lines.push(`  /FILE=${str(file)}`);
  lines.push("  /ENCODING='UTF8'");
  lines.push('  /DELCASE=LINE');
  lines.push("  /DELIMITERS=','");
  lines.push(`  /QUALIFIER='"'`);
  lines.push('  /ARRANGEMENT=DELIMITED');
  lines.push('  /FIRSTCASE=2');
  lines.push('  /VARIABLES=');
  for (const c of columns) lines.push(`    ${c.name} ${format(c)}`);
  lines.push('.');
  lines.push('');
  lines.push('VARIABLE LABELS');
  columns.forEach((c, i) => lines.push(`  ${c.name} ${str(c.label)}${i === columns.length - 1 ? '.' : ' /'}`));
  lines.push('');
  const coded = columns.filter((c) => c.valueLabels.length > 0);
  if (coded.length > 0) {
    lines.push('VALUE LABELS');
    coded.forEach((c, i) => {
      const pairs = c.valueLabels.map((v) => `${typeof v.value === 'number' ? v.value : str(v.value)} ${str(v.label)}`).join(' ');
      lines.push(`  ${c.name} ${pairs}${i === coded.length - 1 ? '.' : ' /'}`);
    });
    lines.push('');
  }
  lines.push('EXECUTE.');
  lines.push('');
  return lines.join('\r\n');
}
