// The UTF-8 check that locates bad bytes must agree exactly with TextDecoder's fatal mode, which
// decides whether a file is accepted at all.
import { describe, expect, it } from 'vitest';

import { detectDelimiter } from '../../../electron/core/setup/import/csv';
import { invalidUtf8Offsets } from '../../../electron/core/setup/import/text';

function decodes(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

describe('invalidUtf8Offsets', () => {
  it('finds the lead byte of each ill-formed sequence', () => {
    const cases: [number[], number[]][] = [
      [[0x41, 0xe9, 0x42], [1]], // Latin-1 é
      [[0xc3, 0xa9], []], // UTF-8 é
      [[0xe2, 0x82, 0x41], [0]], // truncated 3-byte sequence
      [[0xc0, 0xaf], [0, 1]], // overlong "/"
      [[0xed, 0xa0, 0x80], [0, 1, 2]], // surrogate
      [[0xf4, 0x90, 0x80, 0x80], [0, 1, 2, 3]], // above U+10FFFF
      [[0xf0, 0x9f, 0x98, 0x80], []], // emoji
      [[0x41, 0xf0, 0x9f, 0x98], [1]], // emoji cut at the end of the file
    ];
    for (const [bytes, expected] of cases) expect(invalidUtf8Offsets(new Uint8Array(bytes))).toEqual(expected);
  });

  it('agrees with TextDecoder (fatal and replacing) on 5000 random byte strings', () => {
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    const interesting = [0x00, 0x41, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff, 0xa0, 0x9f, 0x8f, 0x90];
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(1 + (next() % 8)).map(() => (next() % 3 === 0 ? next() % 256 : (interesting[next() % interesting.length] ?? 0)));
      const label = `bytes ${[...bytes].map((b) => b.toString(16)).join(' ')}`;
      expect(invalidUtf8Offsets(bytes).length === 0, label).toBe(decodes(bytes));
      // One error per U+FFFD that the replacing decoder writes (the "maximal subpart" rule).
      const replaced = new TextDecoder('utf-8').decode(bytes);
      if (!decodes(bytes)) expect(invalidUtf8Offsets(bytes).length, label).toBe(replaced.split('\uFFFD').length - 1);
    }
  });
});

describe('detectDelimiter', () => {
  it('picks the delimiter of the header line, ignoring quoted text and leading blank lines', () => {
    expect(detectDelimiter('a,b,c\n1;2;3;4;5\n')).toBe(',');
    expect(detectDelimiter('"a,b";c;d\n')).toBe(';');
    expect(detectDelimiter('\n\nparticipant\tarm\n')).toBe('\t');
    expect(detectDelimiter('participant\n')).toBe(',');
  });
});
