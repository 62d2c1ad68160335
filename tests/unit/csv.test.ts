// CSV that R, SPSS, Stata and spreadsheets read alike, and that a spreadsheet cannot run as code.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvField, formatNumber, toCsv } from '../../electron/core/csv';

describe('CSV fields (RFC 4180, OWASP CSV injection)', () => {
  it('quotes text, doubling quotes, and keeps line breaks and delimiters inside the quotes', () => {
    expect(csvField('plain')).toBe('"plain"');
    expect(csvField('say "hi", then\r\nleave')).toBe('"say ""hi"", then\r\nleave"');
    expect(csvField('a;b\tc')).toBe('"a;b\tc"');
  });

  it('prefixes text a spreadsheet would run as a formula', () => {
    for (const risky of ['=cmd|/C calc!A0', '+1+1', '-2+3', '@SUM(A1)', '\tx', '\rx', '=HYPERLINK("http://x")']) {
      expect(csvField(risky)).toBe(`"'${risky.replace(/"/g, '""')}"`);
    }
    expect(csvField('a=b')).toBe('"a=b"');
  });

  it('writes numbers plainly: a point for decimals, no exponent, no prefix for negatives', () => {
    expect(csvField(-1.5)).toBe('-1.5');
    expect(csvField(5.5)).toBe('5.5');
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004'); // full precision: equal to the report's figure
    expect(formatNumber(0.7096989966555184)).toBe('0.7096989966555184');
    expect(formatNumber(1e-7)).toBe('0.0000001');
    expect(formatNumber(-1.5e-7)).toBe('-0.00000015');
    expect(formatNumber(1.2345e21)).toBe('1234500000000000000000');
    for (const x of [1e-7, -1.5e-7, 1.2345e21, 2 ** -30, 0.1 + 0.2, -123.456]) expect(Number(formatNumber(x))).toBe(x);
    expect(formatNumber(123456789012)).toBe('123456789012');
    expect(formatNumber(-0)).toBe('0');
    expect(() => formatNumber(Number.NaN)).toThrow();
    expect(() => formatNumber(Infinity)).toThrow();
  });

  it('writes missing values as empty fields and flags as 1/0', () => {
    expect([null, undefined, '', true, false].map(csvField)).toEqual(['', '', '', '1', '0']);
  });
});

describe('CSV files', () => {
  const rows = [
    ['ABCD-EFGH', 5.5, 'note, with "quotes"\nand a line', null],
    ['=1+1', -2, '', true],
  ];

  it('uses CRLF, a plain header and an optional byte-order mark', () => {
    const csv = toCsv(['clip_code', 'score', 'note', 'flag'], rows);
    expect(csv.startsWith('clip_code,score,note,flag\r\n')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(toCsv(['a'], [], { bom: true })).toBe('\uFEFFa\r\n');
    expect(() => toCsv(['bad name'], [])).toThrow(/portable/);
    expect(() => toCsv(['2x'], [])).toThrow(/portable/);
  });

  it('round-trips through a standard parser with nothing lost but the formula prefix', () => {
    const parsed = Papa.parse<string[]>(toCsv(['clip_code', 'score', 'note', 'flag'], rows), { skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data).toEqual([
      ['clip_code', 'score', 'note', 'flag'],
      ['ABCD-EFGH', '5.5', 'note, with "quotes"\nand a line', ''],
      ["'=1+1", '-2', '', '1'],
    ]);
  });
});
