// One CSV writer serves every export, so the formula-injection guard, the quoting and the number
// format are fixed in one place: no other file under electron/ quotes CSV fields or defuses formulas.
import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const sources = execSync('git ls-files electron', { encoding: 'utf8' })
  .split('\n')
  .filter((f) => /\.tsx?$/.test(f));

describe('CSV', () => {
  it('is written by electron/core/csv.ts alone', () => {
    const writers = sources.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return /\[=\+\\-@/.test(text) || /replace\(\/"\/g, '""'\)/.test(text) || /\.join\(','\)\)?\.join\('\\r\\n'\)/.test(text);
    });
    expect(writers).toEqual(['electron/core/csv.ts']);
  });
});
