import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioPeaks, foldPeaks } from '../../../electron/core/media/peaks';
import { runFfmpeg } from '../../../electron/core/media/run';
import { tempDir } from '../../support/tempStudy';

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

describe('foldPeaks', () => {
  it('folds blocks into bins keeping each bin’s extremes, scaled to −1…1', () => {
    const w = foldPeaks([-32768, -100, 0, -16384], [100, 32767, 16384, 0], 2, 4);
    expect(w).toEqual({ bins: 2, durationSeconds: 4, min: [-1, -0.5], max: [1, 0.5] });
  });
  it('never makes more bins than blocks', () => {
    expect(foldPeaks([0], [0], 1000, 1).bins).toBe(1);
  });
});

describe('audioPeaks', () => {
  it('shows a tone as loud and the silence after it as quiet', async () => {
    const file = path.join(dir, 'tone-then-silence.m4a');
    await runFfmpeg([
      '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=1', '-f', 'lavfi', '-i', 'anullsrc=r=44100:cl=mono',
      '-filter_complex', '[1]atrim=duration=1[s];[0][s]concat=n=2:v=0:a=1', '-c:a', 'aac', file,
    ]);
    const w = await audioPeaks(file, 2, 100);
    expect(w.bins).toBe(100);
    const loud = w.max.slice(5, 45);
    const quiet = w.max.slice(60, 95);
    expect(Math.min(...loud)).toBeGreaterThan(0.05);
    expect(Math.max(...quiet)).toBeLessThan(0.01);
    for (let i = 0; i < w.bins; i++) expect(w.min[i]!).toBeLessThanOrEqual(w.max[i]!);
  });
  it('fails clearly on a file without audio', async () => {
    const file = path.join(dir, 'text.m4a');
    (await import('node:fs')).writeFileSync(file, 'not audio');
    await expect(audioPeaks(file, 1, 10)).rejects.toThrow(/Could not read the audio/);
  });
});
