// The statistical packages' readers written beside every export, as REDCap ships them: an R
// script, SPSS syntax, a Stata do-file and a SAS program, each reading the CSV with the right types
// and applying the dictionary's variable and value labels. Pure: columns and rows in, text out.
import type { Cell } from '../../csv';
import type { ColumnDoc } from '../dictionary';
import { readerColumns } from './columns';
import { rScript } from './r';
import { sasProgram } from './sas';
import { spssSyntax } from './spss';
import { stataDoFile } from './stata';

export type { ReaderColumn, ValueLabel } from './columns';
export { readerColumns, variableLabel, FLAG_LABELS, MAX_LABEL_LENGTH } from './columns';

export const READER_EXTENSIONS = { r: '.R', spss: '.sps', stata: '.do', sas: '.sas' } as const;
export type Reader = keyof typeof READER_EXTENSIONS;

export function readerScripts(
  file: string,
  columns: readonly ColumnDoc[],
  rows: readonly (readonly Cell[])[],
  o: { bom: boolean; title: string },
): Record<Reader, string> {
  const c = readerColumns(columns, rows);
  return {
    r: rScript(file, c, o),
    spss: spssSyntax(file, c, o),
    stata: stataDoFile(file, c, o),
    sas: sasProgram(file, c, o),
  };
}
