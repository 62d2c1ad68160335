// Exports: the tidy and wide CSV files with their data dictionaries. Building them is pure (input
// in, text out); writing them is the one edge, and refuses to put unblinded data inside the study
// folder (which coders' machines may sync or back up) or to overwrite a file unless asked.
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import type { ExportReceiptView } from '../../common/contract';
import { CoreError } from '../../common/result';
import { toCsv } from '../csv';
import { dataDictionary } from './dictionary';
import { gatherExportInput, type ExportInput, type OpenedKey } from './exportInput';
import { tidyTable } from './tidy';
import { wideTable } from './wide';

export interface ExportOptions {
  readonly layout: 'tidy' | 'wide';
  /** Write a UTF-8 byte-order mark (for Excel). */
  readonly bom?: boolean;
}

export interface ExportDocument {
  readonly csv: string;
  readonly dictionary: string;
  readonly rows: number;
  readonly columns: readonly string[];
}

/** The CSV and its dictionary, as text. `fileName` is only used inside the dictionary. */
export function buildExport(input: ExportInput, options: ExportOptions & { fileName: string }): ExportDocument {
  const table = options.layout === 'wide' ? wideTable(input) : tidyTable(input);
  const columns = table.columns.map((c) => c.name);
  return {
    csv: toCsv(columns, table.rows, { bom: options.bom ?? false }),
    dictionary: dataDictionary(input, { file: options.fileName, layout: options.layout, rows: table.rows.length, columns: table.columns, bom: options.bom ?? false }),
    rows: table.rows.length,
    columns,
  };
}

/** The dictionary's path for an export file: `trial.csv` → `trial.dictionary.md`. */
export function dictionaryPathFor(file: string): string {
  const ext = path.extname(file);
  return `${ext.toLowerCase() === '.csv' ? file.slice(0, -ext.length) : file}.dictionary.md`;
}

export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(path.resolve(parent), path.resolve(child));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Writes an export and its dictionary (each to a temporary name, then renamed, so a reader never
 * sees half a file) and records it in the audit log. Pass the opened key for an unblinded export.
 */
export async function writeExport(
  db: Db,
  request: ExportOptions & { out: string; studyDir: string; key: OpenedKey | null; actor: string; overwrite?: boolean; timepoints?: readonly string[] },
): Promise<ExportReceiptView> {
  const file = path.resolve(request.out);
  const dictionaryFile = dictionaryPathFor(file);
  if (request.key && isInside(request.studyDir, file)) {
    throw new CoreError('bad_input', 'Write unblinded exports outside the study folder: it must never hold the allocation');
  }
  if (!request.overwrite) {
    for (const f of [file, dictionaryFile]) if (existsSync(f)) throw new CoreError('conflict', `${path.basename(f)} already exists; choose another name or overwrite it`);
  }
  const input = gatherExportInput(db, request.key, request.timepoints ? { timepoints: request.timepoints } : {});
  const doc = buildExport(input, { layout: request.layout, bom: request.bom ?? false, fileName: path.basename(file) });
  for (const [target, text] of [
    [file, doc.csv],
    [dictionaryFile, doc.dictionary],
  ] as const) {
    const temp = `${target}.${process.pid}.partial`;
    try {
      await writeFile(temp, text, 'utf8');
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw new CoreError('bad_input', `Could not write ${path.basename(target)}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
    }
  }
  db.transaction(() =>
    appendAudit(db, {
      actor: request.actor,
      action: request.key ? 'export.unblinded' : 'export.blinded',
      detail: { layout: request.layout, rows: doc.rows },
    }),
  )();
  return { file, dictionaryFile, rows: doc.rows, unblinded: request.key !== null, layout: request.layout };
}
