// Bytes of a spreadsheet export → text. Only UTF-8 is accepted (with or without a BOM): guessing a
// legacy code page would silently turn "Zoë" into "ZoÃ«" and make two spellings of one participant.
// When the bytes are not UTF-8 we say exactly where, and how to re-save the file.
import { quote, listInWords, type ImportProblem } from './problems';

export type DecodedText = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly problems: ImportProblem[] };

const SAVE_AS_UTF8 =
  'Save it again as UTF-8: in Excel, File › Save As › "CSV UTF-8 (Comma delimited)"; in LibreOffice, Save As › Text CSV with "Edit filter settings" ticked and character set "Unicode (UTF-8)"; from REDCap, export as CSV (it is UTF-8 already).';

export function decodeCsvBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    return {
      ok: false,
      problems: [
        {
          code: 'utf16',
          row: 1,
          message: `The file is UTF-16 text ("Unicode Text" in Excel), not a UTF-8 CSV. ${SAVE_AS_UTF8}`,
        },
      ],
    };
  }
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body) };
  } catch {
    return { ok: false, problems: [invalidUtf8Problem(bytes)] };
  }
}

function invalidUtf8Problem(bytes: Uint8Array): ImportProblem {
  const offsets = invalidUtf8Offsets(bytes);
  const first = offsets[0] ?? 0;
  const row = lineOfOffset(bytes, first);
  const byte = bytes[first] ?? 0;
  const lineStart = lineStartBefore(bytes, first);
  const before = new TextDecoder('utf-8').decode(bytes.subarray(Math.max(lineStart, first - 40), first))
    .replace(/^\uFFFD+/, '')
    .trimStart();
  const legacy = new TextDecoder('windows-1252').decode(bytes.subarray(first, first + 1));
  const guess = /\p{L}/u.test(legacy) ? ` — probably "${legacy}" saved in a Windows/Latin-1 encoding` : '';
  const context = before ? ` right after ${quote(before, 40)}` : '';
  const otherRows = [...new Set(offsets.slice(1).map((o) => lineOfOffset(bytes, o)))].filter((r) => r !== row);
  const shown = `${listInWords(otherRows.slice(0, 10))}${otherRows.length > 10 ? ' and more' : ''}`;
  const more = otherRows.length === 0 ? '' : otherRows.length === 1 ? ` Row ${shown} also has bytes that are not UTF-8.` : ` Rows ${shown} also have bytes that are not UTF-8.`;
  return {
    code: 'not_utf8',
    row,
    message:
      `The file is not UTF-8 text: row ${row} has the byte 0x${hex(byte)} at byte offset ${first}${context}${guess}.` +
      `${more} ${SAVE_AS_UTF8}`,
  };
}

/**
 * Offsets of the first byte of every ill-formed sequence, per the Unicode Standard's table of
 * well-formed UTF-8 byte sequences (Unicode 15, §3.9, Table 3-7), skipping each "maximal subpart"
 * as one error (§3.9, U+FFFD substitution) — the same rule TextDecoder applies.
 */
export function invalidUtf8Offsets(bytes: Uint8Array): number[] {
  const bad: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const ranges = continuationRanges(bytes[i] ?? 0);
    let k = 0;
    while (k < ranges.length) {
      const c = bytes[i + 1 + k];
      const range = ranges[k];
      if (c === undefined || range === undefined || c < range[0] || c > range[1]) break;
      k++;
    }
    if (ranges.length === 0 && (bytes[i] ?? 0) > 0x7f) {
      bad.push(i);
      i += 1;
    } else if (k < ranges.length) {
      bad.push(i);
      i += 1 + k;
    } else {
      i += 1 + ranges.length;
    }
  }
  return bad;
}

const TAIL: readonly [number, number] = [0x80, 0xbf];

/** The allowed ranges of the bytes that follow a lead byte; [] for ASCII and for invalid leads. */
function continuationRanges(b: number): readonly (readonly [number, number])[] {
  if (b >= 0xc2 && b <= 0xdf) return [TAIL];
  if (b === 0xe0) return [[0xa0, 0xbf], TAIL];
  if ((b >= 0xe1 && b <= 0xec) || b === 0xee || b === 0xef) return [TAIL, TAIL];
  if (b === 0xed) return [[0x80, 0x9f], TAIL];
  if (b === 0xf0) return [[0x90, 0xbf], TAIL, TAIL];
  if (b >= 0xf1 && b <= 0xf3) return [TAIL, TAIL, TAIL];
  if (b === 0xf4) return [[0x80, 0x8f], TAIL, TAIL];
  return [];
}

/** 1-based physical line of a byte offset; CRLF, LF and a lone CR each end one line. */
function lineOfOffset(bytes: Uint8Array, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    const b = bytes[i];
    if (b === 0x0a) line++;
    else if (b === 0x0d && bytes[i + 1] !== 0x0a) line++;
  }
  return line;
}

function lineStartBefore(bytes: Uint8Array, offset: number): number {
  for (let i = offset - 1; i >= 0; i--) if (bytes[i] === 0x0a || bytes[i] === 0x0d) return i + 1;
  return 0;
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

function hex(b: number): string {
  return b.toString(16).toUpperCase().padStart(2, '0');
}
