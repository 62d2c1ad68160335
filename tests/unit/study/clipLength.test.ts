// Clip length as a blinding question (core/setup/clipLength): bands about 10% wide, judged by the
// picture's rule.
import { describe, expect, it } from 'vitest';
import { lengthBand } from '../../../electron/core/setup/clipLength';
import { tells } from '../../../electron/core/setup/picture';

const band = (s: number) => lengthBand(s)!;

describe('clip length bands', () => {
  it('tells 6 s from 8 s and 10 min from 20 min, not 10:00 from 10:02', () => {
    expect(band(6)).not.toBe(band(8));
    expect(band(600)).not.toBe(band(1200));
    expect(band(600)).toBe(band(602));
    expect(band(6)).toBe('about 6.1 s');
    expect(band(600)).toMatch(/^about \d+:\d\d$/);
    expect(band(4000)).toMatch(/^about 1:\d\d:\d\d$/);
    expect(lengthBand(0)).toBeNull();
    expect(lengthBand(Number.NaN)).toBeNull();
  });

  it('a baseline filmed for 6 s and a follow-up for 8 s gives the timepoint away by the picture rule; a mix does not', () => {
    const six = band(6);
    const eight = band(8);
    expect(tells([{ level: 'baseline', counts: { [six]: 4 } }, { level: 'follow-up', counts: { [eight]: 4 } }], [six, eight])).toBe(true);
    expect(tells([{ level: 'baseline', counts: { [six]: 2, [eight]: 2 } }, { level: 'follow-up', counts: { [six]: 2, [eight]: 2 } }], [six, eight])).toBe(false);
  });
});
