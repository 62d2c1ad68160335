// The written audit of what a copy keeps (electron/core/blinding/deidentify/AUDIT.md) covers every
// box the verification lets through: a box added to an allow-list without its argument fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ALLOWED_CHILDREN } from '../../../electron/core/blinding/deidentify/boxes';
import { ENTRY_CHILDREN, TABLES } from '../../../electron/core/blinding/deidentify/leaves';

const audit = readFileSync(new URL('../../../electron/core/blinding/deidentify/AUDIT.md', import.meta.url), 'utf8');
/** The box names in the first column of the audit's tables. */
const argued = new Set([...audit.matchAll(/^\| `([^`]{4})` \|/gm)].map((m) => m[1]));

describe('AUDIT.md', () => {
  it('argues for every box the allow-lists accept', () => {
    const accepted = new Set([
      ...Object.values(ALLOWED_CHILDREN).flat(),
      ...Object.keys(ENTRY_CHILDREN),
      ...Object.values(ENTRY_CHILDREN).flatMap((children) => Object.keys(children)),
      ...Object.keys(TABLES),
    ]);
    expect([...accepted].filter((type) => !argued.has(type))).toEqual([]);
    expect(accepted.size).toBeGreaterThan(30);
  });

  it('argues only for boxes the verification knows (no stale rows)', () => {
    const known = new Set([...Object.keys(ALLOWED_CHILDREN), ...Object.values(ALLOWED_CHILDREN).flat(), ...Object.keys(ENTRY_CHILDREN), ...Object.values(ENTRY_CHILDREN).flatMap((c) => Object.keys(c))]);
    expect([...argued].filter((type) => !known.has(type ?? ''))).toEqual([]);
  });
});
