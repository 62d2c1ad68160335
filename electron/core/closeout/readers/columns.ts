// What the four readers (R, SPSS, Stata, SAS) need to know of each column, derived once from the
// dictionary's column docs and the data: its storage type, a variable label short enough for every
// package (Stata's limit is 80 characters), its value labels, and — for SPSS's and SAS's
// fixed-width strings — the longest value in bytes.
import { csvField, type Cell } from '../../csv';
import type { ColumnDoc } from '../dictionary';

export type ReaderKind = 'text' | 'number' | 'integer' | 'flag' | 'time';

export interface ValueLabel {
  readonly value: string | number;
  readonly label: string;
}

export interface ReaderColumn {
  readonly name: string;
  readonly kind: ReaderKind;
  readonly label: string;
  readonly valueLabels: readonly ValueLabel[];
  /** Longest value as written (bytes of UTF-8, the quote prefix of a defused formula included), at least 1. */
  readonly width: number;
}

/** Stata's limit on a variable label; SAS allows 256 and SPSS more. */
export const MAX_LABEL_LENGTH = 80;

export const FLAG_LABELS: readonly ValueLabel[] = [
  { value: 0, label: 'No' },
  { value: 1, label: 'Yes' },
];

function kindOf(type: string): ReaderKind {
  if (type === '0/1') return 'flag';
  if (type === 'integer') return 'integer';
  if (type === 'number') return 'number';
  if (type.startsWith('ISO 8601')) return 'time';
  return 'text';
}

export function variableLabel(c: ColumnDoc): string {
  const first = c.description.replace(/\s*\(.*?\)\s*/g, ' ').split(/(?<=\.)\s/)[0] ?? c.name;
  const text = (c.label ?? first).replace(/\s+/g, ' ').replace(/\s*\.$/, '').trim();
  return text.length <= MAX_LABEL_LENGTH ? text : `${text.slice(0, MAX_LABEL_LENGTH - 1)}…`;
}

/** A text column's value labels: its own, else one per listed value (`values: 'a, b'`), labelled by itself. */
function valueLabelsOf(c: ColumnDoc, kind: ReaderKind): readonly ValueLabel[] {
  if (kind === 'flag') return FLAG_LABELS;
  if (c.valueLabels) return c.valueLabels;
  if (kind === 'text' && c.values) return c.values.split(',').map((v) => ({ value: v.trim(), label: v.trim() }));
  return [];
}

export function readerColumns(columns: readonly ColumnDoc[], rows: readonly (readonly Cell[])[]): ReaderColumn[] {
  return columns.map((c, i) => {
    const kind = kindOf(c.type);
    let width = 1;
    for (const r of rows) {
      const v = r[i];
      if (typeof v === 'string') width = Math.max(width, Buffer.byteLength(csvField(v).slice(1, -1).replace(/""/g, '"'), 'utf8'));
    }
    return { name: c.name, kind, label: variableLabel(c), valueLabels: valueLabelsOf(c, kind), width };
  });
}
