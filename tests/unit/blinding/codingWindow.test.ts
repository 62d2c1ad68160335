// The coding window in the de-identification plan: exact cuts need a re-encode; the output runs
// for the window, or for what is left of a shorter recording.
import { describe, expect, it } from 'vitest';
import { planEncode, windowedDuration } from '../../../electron/core/blinding/deidentify/plan';
import type { SourceFacts } from '../../../electron/core/blinding/deidentify/source';

const h264: SourceFacts = {
  durationSeconds: 900,
  video: { codecName: 'h264', pixelFormat: 'yuv420p', width: 1280, height: 720, frameRate: 25, rotation: 0 },
  audio: { codecName: 'aac', channels: 2 },
};

describe('a coding window', () => {
  it('turns a stream copy into a frame-exact cut: -ss before the input, -t on the output', () => {
    expect(planEncode(h264).mode).toBe('copy');
    const plan = planEncode(h264, [], undefined, { startSeconds: 30, lengthSeconds: 600 });
    expect(plan.mode).toBe('transcode');
    expect(plan.inputOptions).toEqual(['-nostdin', '-hide_banner', '-ss', '30']);
    expect(plan.outputOptions.slice(0, 2)).toEqual(['-t', '600']);
    expect(plan.outputOptions).toContain('libx264');
  });

  it('runs for the window, or what a shorter recording has after the start', () => {
    expect(windowedDuration(900, { startSeconds: 30, lengthSeconds: 600 })).toBe(600);
    expect(windowedDuration(400, { startSeconds: 30, lengthSeconds: 600 })).toBe(370);
    expect(windowedDuration(20, { startSeconds: 30, lengthSeconds: 600 })).toBe(0);
    expect(windowedDuration(400)).toBe(400);
  });
});
