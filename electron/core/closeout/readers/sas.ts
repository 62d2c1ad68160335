// The SAS program written beside an export: formats for the value labels (PROC FORMAT), then a
// DATA step that reads the CSV with DSD (quoted fields, empty = missing) and every column's
// informat, and applies the variable labels and formats. Times stay ISO 8601 strings in UTC.
import type { ReaderColumn } from './columns';

/** A single-quoted SAS string: SAS resolves no macro trigger (& or %) inside single quotes, so a label stays as written. */
const str = (s: string) => `'${s.replace(/'/g, "''").replace(/\n/g, ' ')}'`;

/** A format name: at most 32 characters, not ending in a digit; `$` marks a character format. */
const formatName = (c: ReaderColumn, i: number) => `${c.kind === 'text' ? '$' : ''}F${i + 1}_`;

export function sasProgram(file: string, columns: readonly ReaderColumn[], o: { title: string; bom: boolean }): string {
  const lines: string[] = [];
  lines.push(`/* ${o.title} */`);
  lines.push(`/* Reads ${file} with its types and applies the data dictionary's variable and value labels. */`);
  lines.push('/* Put the full path of the CSV in the INFILE statement if SAS does not run in its folder. */');
  lines.push('');
  const coded = columns.map((c, i) => ({ c, i })).filter(({ c }) => c.valueLabels.length > 0);
  if (coded.length > 0) {
    lines.push('proc format;');
    for (const { c, i } of coded) {
      const pairs = c.valueLabels.map((v) => `${typeof v.value === 'number' ? v.value : str(v.value)} = ${str(v.label)}`).join(' ');
      lines.push(`  value ${formatName(c, i)} ${pairs};`);
    }
    lines.push('run;');
    lines.push('');
  }
  lines.push('data work.export;');
  lines.push(`  infile ${str(file)} dsd dlm=',' firstobs=2 lrecl=10000000 encoding='utf-8' termstr=crlf truncover${o.bom ? ' /* the byte-order mark is on the header line, skipped by firstobs */' : ''};`);
  lines.push('  informat');
  for (const c of columns) lines.push(`    ${c.name} ${c.kind === 'text' || c.kind === 'time' ? `$${Math.min(32767, c.width)}.` : 'best32.'}`);
  lines.push('  ;');
  lines.push(`  input ${columns.map((c) => `${c.name}${c.kind === 'text' || c.kind === 'time' ? ' $' : ''}`).join(' ')};`);
  lines.push('  label');
  for (const c of columns) lines.push(`    ${c.name} = ${str(c.label)}`);
  lines.push('  ;');
  if (coded.length > 0) lines.push(`  format ${coded.map(({ c, i }) => `${c.name} ${formatName(c, i)}.`).join(' ')};`);
  lines.push('run;');
  lines.push('');
  return lines.join('\n');
}
