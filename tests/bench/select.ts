// Which benches `npm run bench [name]` runs. The player bench first generates a 30-minute clip
// (about 6 minutes of ffmpeg), so a bare `npm run bench` runs it only with a clip to reuse
// (BENCH_PLAYER_CLIP); `npm run bench player` runs it in any case.
import { existsSync } from 'node:fs';

/** Benches a bare `npm run bench` leaves out, with why, unless `when` holds. */
const ON_REQUEST: Readonly<Record<string, { readonly when: (env: NodeJS.ProcessEnv) => boolean; readonly why: string }>> = {
  player: {
    when: (env) => env['BENCH_PLAYER_CLIP'] !== undefined && existsSync(env['BENCH_PLAYER_CLIP']),
    why: 'it first generates a 30-minute clip (about 6 minutes); run "npm run bench player", or set BENCH_PLAYER_CLIP=<file> to reuse one',
  },
};

export type BenchSelection =
  | { readonly ok: true; readonly run: readonly string[]; readonly skipped: readonly { readonly name: string; readonly why: string }[] }
  | { readonly ok: false; readonly message: string };

export function selectBenches(available: readonly string[], only: string | undefined, env: NodeJS.ProcessEnv): BenchSelection {
  if (only !== undefined) {
    return available.includes(only) ? { ok: true, run: [only], skipped: [] } : { ok: false, message: `No bench "${only}"; the benches are: ${available.join(', ')}` };
  }
  const skipped = available.filter((name) => ON_REQUEST[name] && !ON_REQUEST[name].when(env)).map((name) => ({ name, why: ON_REQUEST[name]!.why }));
  return { ok: true, run: available.filter((name) => !skipped.some((s) => s.name === name)), skipped };
}
