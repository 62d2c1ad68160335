// `npm run bench` alone does not spend six minutes generating the player bench's clip first: the
// player runs when named, or when BENCH_PLAYER_CLIP gives a clip to reuse (README, "Performance").
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { selectBenches } from '../../bench/select';
import { tempDir } from '../../support/tempStudy';

const ALL = ['media', 'kappa', 'deidentify', 'deidentifySteps', 'server', 'scale', 'player'];
const { dir, cleanup } = tempDir('blindfold-bench-select-');
afterAll(() => cleanup());

describe('npm run bench', () => {
  it('alone runs every bench but the player, and says how to run that', () => {
    const chosen = selectBenches(ALL, undefined, {});
    expect(chosen).toEqual({
      ok: true,
      run: ['media', 'kappa', 'deidentify', 'deidentifySteps', 'server', 'scale'],
      skipped: [{ name: 'player', why: expect.stringMatching(/30-minute clip .*"npm run bench player".*BENCH_PLAYER_CLIP/) }],
    });
  });

  it('alone runs the player too when BENCH_PLAYER_CLIP names a clip that exists, and not when it names none', () => {
    const clip = path.join(dir, 'long.mp4');
    writeFileSync(clip, '');
    expect(selectBenches(ALL, undefined, { BENCH_PLAYER_CLIP: clip })).toMatchObject({ ok: true, run: ALL, skipped: [] });
    expect(selectBenches(ALL, undefined, { BENCH_PLAYER_CLIP: path.join(dir, 'missing.mp4') })).toMatchObject({ ok: true, skipped: [{ name: 'player' }] });
  });

  it('with a name runs that bench, the player included; an unknown name lists the benches', () => {
    expect(selectBenches(ALL, 'player', {})).toEqual({ ok: true, run: ['player'], skipped: [] });
    expect(selectBenches(ALL, 'scale', {})).toEqual({ ok: true, run: ['scale'], skipped: [] });
    expect(selectBenches(ALL, 'players', {})).toEqual({ ok: false, message: `No bench "players"; the benches are: ${ALL.join(', ')}` });
  });
});
