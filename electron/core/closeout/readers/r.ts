// The R script written beside an export, after REDCap's: read the CSV with every column's type
// fixed (ids stay text, "001" is not 1), set each variable's label as the "label" attribute (what
// Hmisc::label(), labelled and RStudio's viewer show), add a `<name>.factor` beside each coded
// column with its value labels, and parse times as UTC. Base R only: nothing to install.
import type { ReaderColumn } from './columns';

const str = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
/** A syntactic R name needs no backticks; the CSV writer's names (letter, then [A-Za-z0-9_]) all are. */
const col = (name: string) => `data$${name}`;

const CLASS: Record<ReaderColumn['kind'], string> = { text: 'character', number: 'numeric', integer: 'integer', flag: 'integer', time: 'character' };

export function rScript(file: string, columns: readonly ReaderColumn[], o: { bom: boolean; title: string }): string {
  const lines: string[] = [];
  lines.push(`# ${o.title}`);
  lines.push(`# Reads ${file} with its types and applies the data dictionary's variable and value labels.`);
  lines.push('# Set the working directory to the folder holding the CSV, then: source("' + file.replace(/\.csv$/i, '.R') + '")');
  lines.push('');
  lines.push(`data <- read.csv(${str(file)}, fileEncoding = ${str(o.bom ? 'UTF-8-BOM' : 'UTF-8')}, na.strings = "", check.names = FALSE,`);
  lines.push('  colClasses = c(');
  columns.forEach((c, i) => lines.push(`    ${c.name} = ${str(CLASS[c.kind])}${i === columns.length - 1 ? '' : ','}`));
  lines.push('  ))');
  lines.push('');
  lines.push('# Times are ISO 8601 in UTC.');
  for (const c of columns.filter((c) => c.kind === 'time')) {
    lines.push(`${col(c.name)} <- as.POSIXct(${col(c.name)}, format = "%Y-%m-%dT%H:%M:%OS", tz = "UTC")`);
  }
  lines.push('');
  lines.push('# Variable labels.');
  for (const c of columns) lines.push(`attr(${col(c.name)}, "label") <- ${str(c.label)}`);
  lines.push('');
  lines.push('# Value labels: a factor beside each coded column; the column itself keeps its values.');
  for (const c of columns.filter((c) => c.valueLabels.length > 0)) {
    const levels = c.valueLabels.map((v) => (typeof v.value === 'number' ? String(v.value) : str(v.value))).join(', ');
    const labels = c.valueLabels.map((v) => str(v.label)).join(', ');
    lines.push(`data$${c.name}.factor <- factor(${col(c.name)}, levels = c(${levels}), labels = c(${labels}))`);
  }
  lines.push('');
  return lines.join('\n');
}
