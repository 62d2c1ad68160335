// How long work reads on screen: "12 of 40 clips · about 3 min left", and one date format.
import { describe, expect, it } from 'vitest';
import { finishedItems, progressText, timeLeft } from '../../../renderer/src/progress';
import { localRange, localTime } from '../../../renderer/src/time';

describe('progress text', () => {
  it('counts items and scales the time taken so far by what is left', () => {
    // 12 of 40 done (30%) in 77 s: 77 · 0.7 / 0.3 ≈ 180 s left.
    expect(progressText(12, 40, 'clips', 0.3, 77_000)).toBe('12 of 40 clips · about 3 min left');
    expect(timeLeft(0.5, 20_000)).toBe('about 20 s left');
    expect(timeLeft(0.9, 1_000)).toBeNull(); // too soon to tell
    expect(timeLeft(0.01, 60_000)).toBeNull(); // too little done to scale
    expect(progressText(40, 40, 'clips', 1, 300_000)).toBe('40 of 40 clips');
    expect(finishedItems({ A: 100, B: 42, C: 100 })).toBe(2);
  });
});

describe('dates', () => {
  it('are local time with the zone, year first', () => {
    process.env['TZ'] = 'UTC';
    expect(localTime('2026-12-04T01:04:11.000Z')).toBe('2026-12-04 01:04 UTC');
    expect(localTime('2026-12-04T01:04:11.000Z', { seconds: true })).toBe('2026-12-04 01:04:11 UTC');
    expect(localRange('2026-12-04T09:00:00.000Z', '2026-12-04T17:30:00.000Z')).toBe('2026-12-04 09:00–17:30 UTC');
    expect(localRange('2026-12-04T09:00:00.000Z', '2026-12-05T08:00:00.000Z')).toBe('2026-12-04 09:00 UTC to 2026-12-05 08:00 UTC');
  });
});
