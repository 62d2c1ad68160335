// Where de-identification's time goes, step by step, at 1, 2 and 4 jobs at once: each step of the
// pipeline (../../electron/core/blinding/deidentify/job.ts) run alone over the same files, with as
// many files in flight as there are jobs, beside the pipeline itself and the two baselines — a raw
// `ffmpeg -c copy` loop, and the same with the audio re-encoded to AAC as every output's is. Rounds
// are interleaved (every step at every width in each round), and medians printed; asserts nothing.
//
//   npm run bench deidentifySteps       (BENCH_CLIPS, BENCH_SECONDS, BENCH_ROUNDS override)
import { readFileSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { planEncode, runDeidentification } from '../../electron/core/blinding/deidentify';
import { inspectAudioPayload } from '../../electron/core/blinding/deidentify/audioPayload';
import { repairAvcC } from '../../electron/core/blinding/deidentify/avcCRepair';
import { boxProblems } from '../../electron/core/blinding/deidentify/boxes';
import { unclaimedMediaDataProblems } from '../../electron/core/blinding/deidentify/mdat';
import { AAC_OPTIONS, STRIP_OPTIONS } from '../../electron/core/blinding/deidentify/plan';
import { neutraliseSei } from '../../electron/core/blinding/deidentify/sei';
import { inspectSource } from '../../electron/core/blinding/deidentify/source';
import { inspectVideoPayload } from '../../electron/core/blinding/deidentify/videoPayload';
import { sha256File, sha256WithFingerprint } from '../../electron/core/media/hash';
import { probeJson } from '../../electron/core/media/probe';
import { runFfmpeg } from '../../electron/core/media/run';
import { makeClip } from '../support/mediaFixtures';

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** CPU seconds used so far by this process and by its children that have exited (Linux: /proc/self/stat). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  // After the command name: state is field 3, cutime and cstime are fields 16 and 17 (clock ticks, 100 per second).
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (own.user + own.system) / 1e6 + (Number(fields[13]) + Number(fields[14])) / 100;
}

/** Wall time of `work` over every index, `width` at once. */
async function pooled(count: number, width: number, work: (i: number) => Promise<unknown>): Promise<number> {
  const start = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      while (next < count) await work(next++);
    }),
  );
  return (performance.now() - start) / 1000;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};

export async function benchDeidentifySteps(): Promise<void> {
  const clips = setting('BENCH_CLIPS', 4);
  const seconds = setting('BENCH_SECONDS', 60);
  const rounds = setting('BENCH_ROUNDS', 3);
  const widths = [1, 2, 4];
  const root = await mkdtemp(join(tmpdir(), 'blindfold-steps-'));
  try {
    const sources: string[] = [];
    for (let i = 0; i < clips; i++) {
      const file = join(root, `source-${i}.mp4`);
      if (i < 2) {
        await makeClip(file, {
          seconds, size: '1280x720', fps: 30, preset: 'ultrafast',
          audioSource: `anoisesrc=color=pink:amplitude=0.${3 + i}:seed=${i + 1}`, extra: ['-ac', '2', '-ar', '48000'],
        });
      } else {
        await copyFile(sources[i % 2] ?? '', file);
      }
      sources.push(file);
    }
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const known = await Promise.all(sources.map((file) => sha256WithFingerprint(file)));
    const plan = planEncode(await inspectSource(sources[0] ?? ''));
    console.log(`deidentify steps: ${clips} clips of ${seconds} s at 1280x720 30 fps, stereo 48 kHz; median of ${rounds} interleaved rounds`);

    type Step = { label: string; run: (dir: string, i: number) => Promise<unknown>; batch?: (dir: string, width: number) => Promise<void> };
    const out = (dir: string, i: number): string => join(dir, `out-${i}.mp4`);
    const steps: Step[] = [
      { label: 'baseline: ffmpeg -c copy -map_metadata -1', run: (d, i) => runFfmpeg(['-y', '-i', sources[i] ?? '', '-c', 'copy', '-map_metadata', '-1', join(d, `raw-${i}.mp4`)]) },
      { label: 'baseline: -c:v copy -c:a aac (audio re-encoded)', run: (d, i) => runFfmpeg(['-y', '-i', sources[i] ?? '', '-c:v', 'copy', ...AAC_OPTIONS, '-map_metadata', '-1', join(d, `rawaac-${i}.mp4`)]) },
      {
        label: 'pipeline (runDeidentification, concurrency = jobs)',
        run: () => Promise.resolve(),
        batch: async (d, width) => {
          const report = await runDeidentification(
            sources.map((sourceFile, i) => ({
              sourceFile,
              outputDir: join(d, 'pipeline'),
              code: `BNCH-${String(i).padStart(4, '0')}`,
              ...(known[i]?.fingerprint ? { knownSource: { sha256: known[i].sha256, fingerprint: known[i].fingerprint } } : {}),
            })),
            { concurrency: width },
          );
          if (report.failures.length > 0) throw new Error(JSON.stringify(report.failures));
        },
      },
      { label: 'step: probe the source (ffprobe)', run: (_d, i) => inspectSource(sources[i] ?? '') },
      { label: 'step: remux, video only (-an, faststart)', run: (d, i) => runFfmpeg(['-y', '-i', sources[i] ?? '', '-map', '0:V:0', '-c:v', 'copy', ...STRIP_OPTIONS, '-movflags', '+faststart', '-f', 'mp4', join(d, `v-${i}.mp4`)]) },
      { label: 'step: audio re-encode alone (AAC)', run: (d, i) => runFfmpeg(['-y', '-i', sources[i] ?? '', '-map', '0:a:0', ...STRIP_OPTIONS, ...AAC_OPTIONS, '-f', 'mp4', join(d, `a-${i}.m4a`)]) },
      { label: 'step: encode (the pipeline\'s ffmpeg arguments)', run: (d, i) => runFfmpeg(['-y', ...plan.inputOptions, '-i', sources[i] ?? '', ...plan.outputOptions, out(d, i)]) },
      { label: 'step: avcC repair + SEI walk (in place)', run: async (d, i) => { await repairAvcC(out(d, i)); await neutraliseSei(out(d, i)); } },
      { label: 'step: probe the output (ffprobe)', run: (d, i) => probeJson(out(d, i)) },
      { label: 'step: box walk + mdat coverage', run: (d, i) => Promise.all([boxProblems(out(d, i)), unclaimedMediaDataProblems(out(d, i))]) },
      { label: 'step: NAL walk of every sample + sha256', run: (d, i) => inspectVideoPayload(out(d, i)) },
      { label: 'step: AAC frame walk', run: (d, i) => inspectAudioPayload(out(d, i)) },
      { label: 'for scale: sha256 of the output alone', run: (d, i) => sha256File(out(d, i)) },
      { label: 'for scale: sha256 of the source (skipped when import\'s holds)', run: (_d, i) => sha256File(sources[i] ?? '') },
    ];
    const times = new Map<string, number[]>();
    const cpu = new Map<string, number[]>();
    for (let round = 0; round < rounds; round++) {
      for (const width of widths) {
        const dir = join(root, `r${round}-w${width}`);
        await mkdir(dir, { recursive: true });
        for (const step of steps) {
          const key = `${step.label}\u0000${width}`;
          const { batch } = step;
          const cpu0 = cpuSeconds();
          const t = batch ? await pooled(1, 1, () => batch(dir, width)) : await pooled(clips, width, (i) => step.run(dir, i));
          times.set(key, [...(times.get(key) ?? []), t]);
          cpu.set(key, [...(cpu.get(key) ?? []), cpuSeconds() - cpu0]);
        }
        await rm(dir, { recursive: true, force: true });
      }
    }
    const at = (label: string, width: number): number => median(times.get(`${label}\u0000${width}`) ?? []);
    console.log(`  ${'wall time for the batch, s'.padEnd(62)} ${widths.map((w) => `${w} job${w > 1 ? 's' : ' '}`.padStart(8)).join('')}`);
    for (const step of steps) console.log(`  ${step.label.padEnd(62)} ${widths.map((w) => at(step.label, w).toFixed(2).padStart(8)).join('')}`);
    // CPU time (this process and its ffmpeg/ffprobe children) does not depend on what else the
    // machine runs, which wall time on a shared machine does.
    console.log(`  ${'CPU time for the batch, s (process + children)'.padEnd(62)} ${widths.map((w) => `${w} job${w > 1 ? 's' : ' '}`.padStart(8)).join('')}`);
    const cpuAt = (label: string, width: number): number => median(cpu.get(`${label}\u0000${width}`) ?? []);
    for (const step of steps) console.log(`  ${step.label.padEnd(62)} ${widths.map((w) => cpuAt(step.label, w).toFixed(2).padStart(8)).join('')}`);
    const [raw, rawAac, pipeline] = [steps[0]?.label ?? '', steps[1]?.label ?? '', steps[2]?.label ?? ''];
    console.log(`  ${'ratio pipeline / -c copy'.padEnd(62)} ${widths.map((w) => (at(pipeline, w) / at(raw, w)).toFixed(2).padStart(8)).join('')}`);
    console.log(`  ${'ratio pipeline / -c:v copy -c:a aac'.padEnd(62)} ${widths.map((w) => (at(pipeline, w) / at(rawAac, w)).toFixed(2).padStart(8)).join('')}`);
    console.log(`  ${'CPU ratio pipeline / -c copy'.padEnd(62)} ${widths.map((w) => (cpuAt(pipeline, w) / cpuAt(raw, w)).toFixed(2).padStart(8)).join('')}`);
    console.log(`  ${'CPU ratio pipeline / -c:v copy -c:a aac'.padEnd(62)} ${widths.map((w) => (cpuAt(pipeline, w) / cpuAt(rawAac, w)).toFixed(2).padStart(8)).join('')}`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDeidentifySteps();
}
