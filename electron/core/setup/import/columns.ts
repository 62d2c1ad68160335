// Which column holds what. A column chosen by the user wins; otherwise it is found by name among
// the names trial exports use (REDCap field names, or their labels: "Record ID" → record_id).
// Two plausible columns for one role is reported, never guessed: picking the wrong "id" column
// would silently mis-attribute every allocation.
import { listInWords, type ImportProblem } from './problems';

/** Names of a participant id column, shared by the allocation list and the manifest. */
export const PARTICIPANT_ALIASES: readonly string[] = [
  'participant',
  'participant_id',
  'record_id',
  'study_id',
  'subject_id',
  'subject',
  'dyad_id',
  'family_id',
  'case_id',
  'pid',
  'id',
];

export interface ColumnSpec {
  /** The role in words, for messages: "participant id". */
  readonly label: string;
  /** The option that chooses the column explicitly, for messages: "idColumn". */
  readonly option: string;
  /** Header names (normalised, see normalizeHeader) that fill the role, most specific first. */
  readonly aliases: readonly string[];
  /** Name prefixes (normalised) that fill the role together when no alias matches (strat_site, strat_sex). */
  readonly prefixes?: readonly string[];
  readonly required: boolean;
  /** Column name(s) chosen by the user; overrides the aliases. */
  readonly explicit?: string | readonly string[] | undefined;
}

export interface FoundColumns {
  /** Indices into the header; empty when an optional role has no column. */
  readonly indices: readonly number[];
  readonly problems: readonly ImportProblem[];
}

/** "Record ID", "record_id", "RECORD-ID" → "record_id" (letters and digits of any script kept). */
export function normalizeHeader(name: string): string {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '');
}

/** Spreadsheet column letter of a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = Math.floor((n - 1) / 26);
  }
  return letters;
}

export function findColumns(header: readonly string[], headerRow: number, spec: ColumnSpec): FoundColumns {
  const explicit = spec.explicit === undefined ? [] : typeof spec.explicit === 'string' ? [spec.explicit] : [...spec.explicit];
  if (explicit.length > 0) return findExplicit(header, headerRow, spec, explicit);

  const normalized = header.map(normalizeHeader);
  for (const alias of spec.aliases) {
    const hits = indicesWhere(normalized, (n) => n === alias);
    if (hits.length === 0) continue;
    const others = indicesWhere(normalized, (n) => n !== alias && spec.aliases.includes(n));
    const candidates = [...hits, ...others].sort((a, b) => a - b);
    if (hits.length > 1) return { indices: [], problems: [duplicateProblem(header, headerRow, hits)] };
    if (others.length > 0) {
      return {
        indices: [],
        problems: [
          {
            code: 'ambiguous_column',
            row: headerRow,
            message:
              `${listInWords(candidates.map((i) => describe(header, i)))} could each hold the ${spec.label}; ` +
              `choose which one to use (${spec.option}).`,
          },
        ],
      };
    }
    return { indices: hits, problems: [] };
  }
  const byPrefix = indicesWhere(normalized, (n) => (spec.prefixes ?? []).some((p) => n.startsWith(p) && n.length > p.length));
  if (byPrefix.length > 0) return { indices: byPrefix, problems: [] };
  if (!spec.required) return { indices: [], problems: [] };
  const looked = [...spec.aliases, ...(spec.prefixes ?? []).map((p) => `${p}…`)].join(', ');
  return {
    indices: [],
    problems: [
      {
        code: 'missing_column',
        row: headerRow,
        message:
          `No ${spec.label} column found. Looked for a column named ${looked} (any letter case). ` +
          `${foundList(header)} Rename the column in the file or choose it (${spec.option}).`,
      },
    ],
  };
}

function findExplicit(header: readonly string[], headerRow: number, spec: ColumnSpec, names: readonly string[]): FoundColumns {
  const indices: number[] = [];
  const problems: ImportProblem[] = [];
  for (const raw of names) {
    const name = raw.trim();
    let hits = indicesWhere(header, (h) => h === name);
    if (hits.length === 0) hits = indicesWhere(header, (h) => normalizeHeader(h) === normalizeHeader(name));
    if (hits.length === 0) {
      problems.push({
        code: 'missing_column',
        row: headerRow,
        column: name,
        message: `The column "${name}" chosen for the ${spec.label} (${spec.option}) is not in the file. ${foundList(header)}`,
      });
    } else if (hits.length > 1) {
      problems.push(duplicateProblem(header, headerRow, hits));
    } else {
      indices.push(...hits);
    }
  }
  return { indices: problems.length > 0 ? [] : indices, problems };
}

function duplicateProblem(header: readonly string[], headerRow: number, hits: readonly number[]): ImportProblem {
  const name = header[hits[0] ?? 0] ?? '';
  return {
    code: 'duplicate_column',
    row: headerRow,
    column: name,
    message: `${hits.length} columns are called "${name}" (columns ${listInWords(hits.map(columnLetter))}); keep one, or rename the others.`,
  };
}

function describe(header: readonly string[], index: number): string {
  return `"${header[index] ?? ''}" (column ${columnLetter(index)})`;
}

function foundList(header: readonly string[]): string {
  const named = header.filter((h) => h !== '');
  return named.length === 0 ? 'The header row has no column names.' : `Columns in the file: ${named.map((h) => `"${h}"`).join(', ')}.`;
}

function indicesWhere(values: readonly string[], test: (value: string) => boolean): number[] {
  const out: number[] = [];
  values.forEach((v, i) => {
    if (test(v)) out.push(i);
  });
  return out;
}
