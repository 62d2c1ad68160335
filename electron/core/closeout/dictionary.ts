// The data dictionary written next to every export (Markdown, so it reads well as plain text and
// renders on any repository host): what a row is, every variable, the scoring rule, the dimensions
// and their categories, the state of the lock and unblinding, every emergency unblinding, and how
// to read the file into R, SPSS and Stata.
import type { ExportInput } from './exportInput';
import { SCORING_RULE } from './scoring';

export interface ColumnDoc {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly values?: string;
}

export interface DictionaryOptions {
  readonly file: string;
  readonly layout: 'tidy' | 'wide';
  readonly rows: number;
  readonly columns: readonly ColumnDoc[];
  readonly bom: boolean;
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function rowsText(input: ExportInput, layout: 'tidy' | 'wide'): string {
  if (layout === 'tidy') {
    return 'One row per clip × coder × dimension. Every assignment of an outcome clip is included; a rating that was not submitted at the lock is a row with status "not_submitted" and no score.';
  }
  return input.key
    ? 'One row per randomised participant × timepoint (× task when recordings name tasks), including participants without a recording there (recorded = 0). Each dimension column holds the score that counts under the scoring rule below.'
    : 'One row per de-identified outcome clip (the blinded stand-in for participant × timepoint). Each dimension column holds the score that counts under the scoring rule below.';
}

export function dataDictionary(input: ExportInput, o: DictionaryOptions): string {
  const lines: string[] = [];
  lines.push(`# Data dictionary: ${o.file}`, '');
  lines.push(`Study: ${input.study}  `);
  lines.push(`Exported: ${input.generatedAt} (UTC)  `);
  lines.push(`Export: ${input.key ? 'unblinded' : 'blinded'}, ${o.layout}; ${o.rows} data row${o.rows === 1 ? '' : 's'}, ${o.columns.length} columns`, '');

  lines.push('## Status', '');
  if (input.lock) {
    const ex = input.lock.exceptions;
    lines.push(`- Data lock: locked on ${input.lock.lockedAt} by ${input.lock.lockedBy}.`);
    lines.push(
      ex.length === 0
        ? '- Every assigned rating was submitted before the lock.'
        : `- Exceptions confirmed at the lock (${ex.length} assignment${ex.length === 1 ? '' : 's'} not submitted): ${ex.map((e) => `${e.code} (${e.coder}, ${e.kind === 'session' ? 'fidelity audit' : e.purpose})`).join(', ')}.`,
    );
  } else {
    lines.push('- Data lock: **not locked** — ratings may still change after this export.');
  }
  if (input.key) {
    const u = input.key.unblinding;
    lines.push(`- Unblinded on ${u.unblindedAt} by ${u.unblindedBy}. Reason: "${cell(u.reason)}".`);
    lines.push(`- Sealed key commitment (SHA-256), checked against the seal before unblinding: \`${u.commitment}\`.`);
  } else {
    lines.push('- Blinded export: no participant, arm, timepoint or recording detail; clips are known by their codes only.');
  }
  lines.push('');
  lines.push('## Emergency unblindings', '');
  if (input.emergencies.length === 0) lines.push('None.');
  for (const e of input.emergencies) lines.push(`- ${e.code}: on ${e.unblindedAt} by ${e.unblindedBy}. Reason: "${cell(e.reason)}".`);
  lines.push('');

  lines.push('## Rows', '', rowsText(input, o.layout), '');
  lines.push('## Scoring rule', '', SCORING_RULE, '');
  if (input.consensus === null) lines.push('This study has no consensus scores (its database predates them).', '');

  lines.push('## Variables', '', '| Variable | Type | Description | Values |', '|---|---|---|---|');
  for (const c of o.columns) lines.push(`| ${c.name} | ${c.type} | ${cell(c.description)} | ${cell(c.values ?? '')} |`);
  lines.push('');

  lines.push('## Dimensions', '', '| Id | Label | Scale | Categories (lowest score of each) |', '|---|---|---|---|');
  for (const d of input.dimensions) {
    const categories = d.categories.map((c) => `${cell(c.label)} ≥ ${c.from}`).join('; ');
    lines.push(`| ${d.id} | ${cell(d.label)} | ${d.min}–${d.max}, steps of ${d.step} | ${categories} |`);
  }
  lines.push('');

  lines.push('## File format', '');
  lines.push(
    `RFC 4180 CSV: comma-separated, CRLF line ends, header row, UTF-8${o.bom ? ' with a byte-order mark' : ' without a byte-order mark'}. ` +
      "Numbers use '.' as the decimal mark; an empty field is a missing value; flags are 1/0; times are ISO 8601 in UTC. " +
      "Text is always quoted; text that begins with =, +, -, @, a tab or a carriage return is prefixed with a single quote (') so spreadsheets do not run it as a formula.",
    '',
  );
  lines.push('- R: `read.csv("' + o.file + '", encoding = "UTF-8"' + (o.bom ? ', fileEncoding = "UTF-8-BOM"' : '') + ', na.strings = "")`');
  lines.push('- Stata: `import delimited "' + o.file + '", encoding("utf-8") varnames(1) bindquote(strict)`');
  lines.push('- SPSS: `GET DATA /TYPE=TXT /FILE="' + o.file + '" /ENCODING="UTF8" /DELIMITERS="," /QUALIFIER=\'"\' /FIRSTCASE=2.`');
  lines.push('');
  return lines.join('\n');
}
