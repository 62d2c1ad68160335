// The Stata do-file written beside an export: import delimited with every column's type fixed
// (ids stay strings) and names kept as written, then variable labels, value labels on the 0/1
// flags, and each coded text column turned into a labelled numeric by `encode` against a label
// defined here (noextend: a value outside the dictionary stops the do-file rather than passing
// unlabelled). Times stay ISO 8601 strings in UTC; `clock()` converts them when wanted.
import type { ReaderColumn } from './columns';

/** Stata's compound quotes take any text but a newline. */
const str = (s: string) => `\`"${s.replace(/\n/g, ' ')}"'`;

/** Column numbers as Stata's numlist, e.g. "1 2 5/7". */
function numlist(indices: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < indices.length; ) {
    let j = i;
    while (j + 1 < indices.length && indices[j + 1] === indices[j]! + 1) j++;
    parts.push(j > i ? `${indices[i]! + 1}/${indices[j]! + 1}` : String(indices[i]! + 1));
    i = j + 1;
  }
  return parts.join(' ');
}

/** A label name of at most 32 characters, unique per column. */
const labelName = (i: number) => `lbl${i + 1}`;

export function stataDoFile(file: string, columns: readonly ReaderColumn[], o: { title: string }): string {
  const lines: string[] = [];
  lines.push(`* ${o.title}`);
  lines.push(`* Reads ${file} with its types and applies the data dictionary's variable and value labels.`);
  lines.push('* Run from the folder holding the CSV: do "' + file.replace(/\.csv$/i, '.do') + '"');
  lines.push('');
  const strings = columns.flatMap((c, i) => (c.kind === 'text' || c.kind === 'time' ? [i] : []));
  const numbers = columns.flatMap((c, i) => (c.kind === 'text' || c.kind === 'time' ? [] : [i]));
  lines.push(
    `import delimited using ${str(file)}, clear varnames(1) case(preserve) encoding("utf-8") bindquote(strict) delimiters(",")` +
      `${strings.length ? ` stringcols(${numlist(strings)})` : ''}${numbers.length ? ` numericcols(${numlist(numbers)})` : ''}`,
  );
  lines.push('');
  lines.push('* Variable labels.');
  for (const c of columns) lines.push(`label variable ${c.name} ${str(c.label)}`);
  lines.push('');
  lines.push('* Value labels.');
  columns.forEach((c, i) => {
    if (c.valueLabels.length === 0) return;
    const name = labelName(i);
    if (c.kind === 'text') {
      lines.push(`label define ${name} ${c.valueLabels.map((v, k) => `${k + 1} ${str(v.label)}`).join(' ')}, replace`);
      // encode maps the text through the label's *labels*; map each value to its label first.
      lines.push(`tempvar code`);
      lines.push(`generate \`code' = .`);
      c.valueLabels.forEach((v, k) => lines.push(`replace \`code' = ${k + 1} if ${c.name} == ${str(String(v.value))}`));
      lines.push(`assert !missing(\`code') if ${c.name} != ""`);
      lines.push(`drop ${c.name}`);
      lines.push(`rename \`code' ${c.name}`);
      lines.push(`label values ${c.name} ${name}`);
      lines.push(`label variable ${c.name} ${str(c.label)}`);
    } else {
      lines.push(`label define ${name} ${c.valueLabels.map((v) => `${v.value} ${str(v.label)}`).join(' ')}, replace`);
      lines.push(`label values ${c.name} ${name}`);
    }
  });
  lines.push(`order ${columns.map((c) => c.name).join(' ')}`);
  lines.push('');
  return lines.join('\n');
}
