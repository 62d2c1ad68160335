// When the pictures coders see give a timepoint or arm away: a skew of more than 20 points in any
// picture's share between two levels, or a picture found at some levels only (two clips or more).
import { describe, expect, it } from 'vitest';
import type { PictureGroupView as PictureGroup } from '../../../electron/common/contract';
import { tells } from '../../../electron/core/setup/picture';

const HD = '1920×1080, 25 fps';
const SD = '1280×720, 30 fps';
const check = (groups: PictureGroup[]): boolean => tells(groups, [...new Set(groups.flatMap((g) => Object.keys(g.counts)))].sort());

describe('tells', () => {
  it('flags a new camera at follow-up (all or none)', () => {
    expect(check([{ level: 'pre', counts: { [SD]: 20 } }, { level: 'post', counts: { [HD]: 20 } }])).toBe(true);
  });

  it('flags a strong skew though both pictures occur at both levels (19:1 against 1:19)', () => {
    expect(check([{ level: 'VIPP', counts: { [HD]: 19, [SD]: 1 } }, { level: 'control', counts: { [HD]: 1, [SD]: 19 } }])).toBe(true);
  });

  it('does not flag the same mix at every level, or a skew of 20 points or less', () => {
    expect(check([{ level: 'VIPP', counts: { [HD]: 10, [SD]: 10 } }, { level: 'control', counts: { [HD]: 10, [SD]: 10 } }])).toBe(false);
    expect(check([{ level: 'VIPP', counts: { [HD]: 12, [SD]: 8 } }, { level: 'control', counts: { [HD]: 8, [SD]: 12 } }])).toBe(false);
  });

  it('does not flag one odd recording, or an unreadable one', () => {
    expect(check([{ level: 'pre', counts: { [SD]: 20, [HD]: 1 } }, { level: 'post', counts: { [SD]: 20 } }])).toBe(false);
    expect(check([{ level: 'pre', counts: { [SD]: 20, unreadable: 3 } }, { level: 'post', counts: { [SD]: 20 } }])).toBe(false);
  });

  it('flags a picture found at one level only once it is two clips', () => {
    expect(check([{ level: 'pre', counts: { [SD]: 40, [HD]: 2 } }, { level: 'post', counts: { [SD]: 40 } }])).toBe(true);
  });

  it('needs two levels and two pictures', () => {
    expect(check([{ level: 'pre', counts: { [SD]: 3, [HD]: 5 } }])).toBe(false);
    expect(check([{ level: 'pre', counts: { [SD]: 3 } }, { level: 'post', counts: { [SD]: 5 } }])).toBe(false);
  });
});
