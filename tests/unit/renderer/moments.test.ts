// Times written in a coder's note, found so each can seek the video there (issue 16, point 6).
import { describe, expect, it } from 'vitest';
import { clockTime, noteParts, timesIn, withMarker } from '../../../renderer/src/components/moments';

const seconds = (text: string) => timesIn(text).map((t) => t.seconds);

describe('times in a note', () => {
  it('reads m:ss and h:mm:ss, with a fraction of a second', () => {
    expect(seconds('bids at 0:03 and 1:02:05')).toEqual([3, 3725]);
    expect(seconds('12:30.5 then 00:07')).toEqual([750.5, 7]);
    expect(seconds('(0:03), 0:04; 0:05.')).toEqual([3, 4, 5]);
  });

  it('leaves what is not a time: ratios, scores, dates, longer runs of numbers', () => {
    expect(seconds('score 5.5, ratio 2:1, at 3:5')).toEqual([]);
    expect(seconds('0:75 is no time')).toEqual([]);
    expect(seconds('10:30:45:12 and 1:99:00')).toEqual([]);
    expect(seconds('2024-01-02 12.30')).toEqual([]);
  });

  it('cuts the note into parts that join to the note again', () => {
    const text = 'turns away at 0:03, back by 0:07.2';
    const parts = noteParts(text);
    expect(parts.map((p) => p.text).join('')).toBe(text);
    expect(parts.filter((p) => p.seconds !== null).map((p) => [p.text, p.seconds])).toEqual([
      ['0:03', 3],
      ['0:07.2', 7.2],
    ]);
    expect(noteParts('')).toEqual([]);
    expect(noteParts('no times')).toEqual([{ text: 'no times', seconds: null }]);
  });

  it('writes a marker’s moment to the millisecond', () => {
    expect(clockTime(0)).toBe('0:00.000');
    expect(clockTime(5)).toBe('0:05.000');
    expect(clockTime(3725.25)).toBe('1:02:05.250');
  });
});

describe('adding a marker', () => {
  it('goes in time order, after any at the same time, and says where', () => {
    const a = { seconds: 1, frame: 10, note: 'a' };
    const c = { seconds: 3, frame: 30, note: 'c' };
    expect(withMarker([a, c], { seconds: 2, frame: 20, note: '' })).toEqual({ markers: [a, { seconds: 2, frame: 20, note: '' }, c], index: 1 });
    expect(withMarker([a, c], { seconds: 3, frame: 30, note: 'd' }).index).toBe(2);
    expect(withMarker([], a)).toEqual({ markers: [a], index: 0 });
  });
});
