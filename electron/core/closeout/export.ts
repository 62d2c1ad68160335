// Exports: the tidy, long and wide CSV files, each with its data dictionary and the R, SPSS, Stata
// and SAS readers that apply its labels (REDCap's convention). Building them is pure (input in,
// text out); writing them is the one edge, and refuses to put unblinded data inside the study
// folder (which coders' machines may sync or back up) or to overwrite a file unless asked.
import { existsSync } from 'node:fs';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from '../../../db/open';
import { appendAudit } from '../audit/chain';
import type { ExportReceiptView } from '../../common/contract';
import { CoreError } from '../../common/result';
import { toCsv } from '../csv';
import { dataDictionary, type ExportLayout } from './dictionary';
import { longTable } from './long';
import { READER_EXTENSIONS, readerScripts, type Reader } from './readers';
import { gatherExportInput, type ExportInput, type OpenedKey } from './exportInput';
import { tidyTable } from './tidy';
import { wideTable } from './wide';

export interface ExportOptions {
  readonly layout: ExportLayout;
  /** Write a UTF-8 byte-order mark (for Excel). */
  readonly bom?: boolean;
}

export interface ExportDocument {
  readonly csv: string;
  readonly dictionary: string;
  readonly rows: number;
  readonly columns: readonly string[];
  /** The readers, by package: R, SPSS, Stata, SAS. */
  readonly scripts: Readonly<Record<Reader, string>>;
}

/** The CSV and its dictionary, as text. `fileName` is only used inside the dictionary. */
export function buildExport(input: ExportInput, options: ExportOptions & { fileName: string }): ExportDocument {
  const wide = options.layout === 'wide' ? wideTable(input) : null;
  const table = wide ?? (options.layout === 'long' ? longTable(input) : tidyTable(input));
  const columns = table.columns.map((c) => c.name);
  const bom = options.bom ?? false;
  const title = `${input.key ? 'Unblinded' : 'Blinded'} ${options.layout} export of ${input.study || 'the study'}, ${input.generatedAt} (UTC)`;
  return {
    csv: toCsv(columns, table.rows, { bom }),
    dictionary: dataDictionary(input, {
      file: options.fileName,
      layout: options.layout,
      rows: table.rows.length,
      columns: table.columns,
      bom,
      suffixes: wide?.suffixes ?? [],
    }),
    rows: table.rows.length,
    columns,
    scripts: readerScripts(options.fileName, table.columns, table.rows, { bom, title }),
  };
}

/** The readers' paths for an export file: `trial.csv` → `trial.R`, `trial.sps`, `trial.do`, `trial.sas`. */
export function scriptPathsFor(file: string): Record<Reader, string> {
  const ext = path.extname(file);
  const base = ext.toLowerCase() === '.csv' ? file.slice(0, -ext.length) : file;
  return {
    r: `${base}${READER_EXTENSIONS.r}`,
    spss: `${base}${READER_EXTENSIONS.spss}`,
    stata: `${base}${READER_EXTENSIONS.stata}`,
    sas: `${base}${READER_EXTENSIONS.sas}`,
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
  const scriptFiles = scriptPathsFor(file);
  if (request.key && isInside(request.studyDir, file)) {
    throw new CoreError('bad_input', 'Write unblinded exports outside the study folder: it must never hold the allocation');
  }
  if (!request.overwrite) {
    for (const f of [file, dictionaryFile, ...Object.values(scriptFiles)]) if (existsSync(f)) throw new CoreError('conflict', `${path.basename(f)} already exists; choose another name or overwrite it`);
  }
  const input = gatherExportInput(db, request.key, request.timepoints ? { timepoints: request.timepoints } : {});
  const doc = buildExport(input, { layout: request.layout, bom: request.bom ?? false, fileName: path.basename(file) });
  for (const [target, text] of [
    [file, doc.csv],
    [dictionaryFile, doc.dictionary],
    ...(Object.keys(scriptFiles) as Reader[]).map((k) => [scriptFiles[k], doc.scripts[k]] as const),
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
  return { file, dictionaryFile, scriptFiles: Object.values(scriptFiles), rows: doc.rows, unblinded: request.key !== null, layout: request.layout };
}
