// The order of timepoints (the first is the baseline) and Student's t quantiles.
import { describe, expect, it } from 'vitest';
import { orderTimepoints } from '../../../electron/core/analysis/timepoints';
import { twoSidedT } from '../../../electron/core/analysis/stats';

describe('timepoint order', () => {
  it('puts the usual baseline and post-test names first, then sorts naturally', () => {
    expect(orderTimepoints(['follow-up', 'post', 'pre'])).toEqual(['pre', 'post', 'follow-up']);
    expect(orderTimepoints(['T10', 'T2', 'T0', 'T1'])).toEqual(['T0', 'T1', 'T2', 'T10']);
    expect(orderTimepoints(['12 months', '6 months', 'Baseline'])).toEqual(['Baseline', '6 months', '12 months']);
    expect(orderTimepoints(['b', null, 'a'])).toEqual([null, 'a', 'b']);
  });

  it("follows the study's own list, or an explicit one that must name every timepoint", () => {
    expect(orderTimepoints(['x', 'y'], { studyList: ['y', 'x', 'z'] })).toEqual(['y', 'x']);
    expect(orderTimepoints(['x', 'w'], { studyList: ['y', 'x'] })).toEqual(['w', 'x']);
    expect(orderTimepoints(['x', 'y'], { explicit: ['y', 'x'], studyList: ['x', 'y'] })).toEqual(['y', 'x']);
    expect(() => orderTimepoints(['x', 'y'], { explicit: ['y'] })).toThrow(/does not name "x"/);
  });
});

describe("Student's t", () => {
  it('matches printed tables (two-sided 95%)', () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [5, 2.571],
      [10, 2.228],
      [30, 2.042],
      [120, 1.98],
    ];
    for (const [df, t] of table) expect(twoSidedT(0.95, df)).toBeCloseTo(t, 3);
    expect(twoSidedT(0.99, 10)).toBeCloseTo(3.169, 3);
    expect(() => twoSidedT(0.95, 0)).toThrow();
  });
});
