// The data dictionary written next to every export (Markdown, so it reads well as plain text and
// renders on any repository host): what a row is, every variable with its label and value labels,
// the wide layout's timepoint suffixes, the scoring rule, the dimensions and their categories, the
// state of the lock and unblinding, every emergency unblinding, and the R, SPSS, Stata and SAS
// readers written beside it.
import type { ExportInput } from './exportInput';
import { readerColumns } from './readers/columns';
import { SCORING_RULE } from './scoring';

export interface ColumnDoc {
  readonly name: string;
  readonly type: string;
  readonly description: string;
  readonly values?: string;
  /** The variable label the R, SPSS, Stata and SAS scripts apply (at most 80 characters); else the description's first sentence. */
  readonly label?: string;
  /** Labels of a text column's values, for the scripts; else each listed value labels itself. */
  readonly valueLabels?: readonly { readonly value: string; readonly label: string }[];
}

export type ExportLayout = 'tidy' | 'long' | 'wide';

export interface DictionaryOptions {
  readonly file: string;
  readonly layout: ExportLayout;
  readonly rows: number;
  readonly columns: readonly ColumnDoc[];
  readonly bom: boolean;
  /** The wide layout's timepoint suffixes. */
  readonly suffixes?: readonly { readonly suffix: string; readonly timepoint: string | null; readonly task: string | null }[];
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

function rowsText(input: ExportInput, layout: ExportLayout): string {
  if (layout === 'tidy') {
    return 'One row per clip × coder × dimension. Every assignment of an outcome clip is included; a rating that was not submitted at the lock is a row with status "not_submitted" and no score.';
  }
  if (!input.key) {
    return `One row per de-identified outcome clip (the blinded stand-in for participant × timepoint${layout === 'wide' ? ': without the key no clip can be placed in a participant\'s row, so the blinded wide export is the blinded long one' : ''}). Each dimension column holds the score that counts under the scoring rule below.`;
  }
  return layout === 'long'
    ? 'Long: one row per randomised participant × timepoint (× task when recordings name tasks), including participants without a recording there (recorded = 0). Each dimension column holds the score that counts under the scoring rule below.'
    : "Wide: one row per randomised participant. The columns of each timepoint (× task) carry its suffix (see Timepoint suffixes); a participant without a recording at a timepoint has recorded_<suffix> = 0 and that timepoint's other columns empty. Each dimension column holds the score that counts under the scoring rule below.";
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
    const o = input.reliabilityOverride;
    if (o) {
      lines.push(
        `- Locked despite reliability problems: ${o.failing.length} coder pair × dimension(s) failing the criterion${o.failing.length ? ` (${o.failing.map((f) => `${f.a}–${f.b} ${f.dimension}`).join(', ')})` : ''}, ${o.unresolved.length} disagreement(s) without consensus. Reason: "${cell(o.reason)}".`,
      );
    }
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
  lines.push('## Blinding-check differences accepted at set-up', '');
  const accepted = input.blindingExceptions ?? [];
  if (accepted.length === 0) lines.push('None: the clips coders saw did not differ in picture by timepoint or arm, or were made alike.');
  for (const e of accepted) lines.push(`- The ${e.check} differed by ${e.tells.join(' and by ')}; accepted by ${e.recordedBy} on ${e.recordedAt}. Reason: "${cell(e.reason)}".`);
  lines.push('');

  lines.push('## Rows', '', rowsText(input, o.layout), '');
  lines.push('## Scoring rule', '', SCORING_RULE, '');
  if (input.consensus === null) lines.push('This study has no consensus scores (its database predates them).', '');

  if (o.suffixes && o.suffixes.length > 0) {
    lines.push('## Timepoint suffixes', '', '| Suffix | Timepoint | Task |', '|---|---|---|');
    for (const x of o.suffixes) lines.push(`| _${x.suffix} | ${cell(x.timepoint ?? '(none)')} | ${cell(x.task ?? '')} |`);
    lines.push('');
  }

  const readers = readerColumns(o.columns, []);
  lines.push('## Variables', '', '| Variable | Type | Label | Description | Values |', '|---|---|---|---|---|');
  o.columns.forEach((c, i) => {
    const labels = readers[i]!.valueLabels.map((v) => (String(v.value) === v.label ? v.label : `${v.value} = ${v.label}`)).join('; ');
    lines.push(`| ${c.name} | ${c.type} | ${cell(readers[i]!.label)} | ${cell(c.description)} | ${cell(labels)} |`);
  });
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
  const base = o.file.replace(/\.csv$/i, '');
  lines.push('## Reading it', '');
  lines.push('Beside this file are readers that load the CSV with every column\'s type (ids stay text) and apply the variable labels and value labels above:', '');
  lines.push(`- R: \`source("${base}.R")\` (base R; variable labels as the "label" attribute, a \`<name>.factor\` beside each coded column, times as POSIXct in UTC)`);
  lines.push(`- SPSS: \`${base}.sps\` (GET DATA, VARIABLE LABELS, VALUE LABELS)`);
  lines.push(`- Stata: \`do "${base}.do"\` (import delimited, label variable; coded text columns become labelled numerics)`);
  lines.push(`- SAS: \`%include "${base}.sas";\` (PROC FORMAT and a DATA step into work.export)`);
  lines.push('', 'Run each from the folder that holds the CSV.', '');
  return lines.join('\n');
}
