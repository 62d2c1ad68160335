// De-identification throughput against the cheapest thing that could work: a plain sequential loop
// of `ffmpeg -i in -c copy -map_metadata -1 out.mp4` over the same files, in the same process.
// The pipeline does more per file — probes, explicit maps, faststart, the audio re-encoded to
// AAC-LC (never copied: ../../electron/core/blinding/deidentify/plan.ts), avcC repaired and SEI
// overwritten in place, verification (ffprobe, box walk, a walk of every NAL unit and of every AAC
// frame), a sha256 of the output (the source's is import's, kept while the file's fingerprint
// holds), fsync — so the question is how much of that its overlapping of stages hides. The "for
// scale" lines time single parts in a plain loop: the audio re-encode (with ffmpeg's default AAC
// coder, and its `fast` one), the walk of the AAC frames, the hashing. Prints wall times and the
// ratio; asserts nothing.
//
//   npx tsx tests/bench/deidentify.ts          (BENCH_CLIPS, BENCH_SECONDS, BENCH_ROUNDS override)
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { defaultConcurrency, planEncode, runDeidentification } from '../../electron/core/blinding/deidentify';
import { aacFrameProblems } from '../../electron/core/blinding/deidentify/aacFrames';
import { AAC_OPTIONS, STRIP_OPTIONS } from '../../electron/core/blinding/deidentify/plan';
import { inspectSource } from '../../electron/core/blinding/deidentify/source';
import { sha256File, sha256WithFingerprint } from '../../electron/core/media/hash';
import { runFfmpeg } from '../../electron/core/media/run';
import { makeClip } from '../support/mediaFixtures';

function setting(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await work();
  return (performance.now() - start) / 1000;
}

export async function benchDeidentify(): Promise<void> {
  const clips = setting('BENCH_CLIPS', 8);
  const seconds = setting('BENCH_SECONDS', 60);
  const rounds = setting('BENCH_ROUNDS', 3);
  const root = await mkdtemp(join(tmpdir(), 'blindfold-bench-'));
  try {
    const sources: string[] = [];
    const generation = await timed(async () => {
      // Two distinct 720p recordings (phone-like 30 fps, 1 s GOP), copied to make up the set: the
      // benchmark measures remuxing, and encoding eight would take minutes on a small machine.
      const distinct = Math.min(2, clips);
      for (let i = 0; i < distinct; i++) {
        const file = join(root, `source-${i}.mp4`);
        // Room-like sound (pink noise), stereo at 48 kHz as cameras and phones record, so that an
        // audio re-encode costs here what it costs on a recording (a pure tone is several times slower).
        await makeClip(file, {
          seconds, size: '1280x720', fps: 30, preset: 'ultrafast',
          audioSource: `anoisesrc=color=pink:amplitude=0.${3 + i}:seed=${i + 1}`, extra: ['-ac', '2', '-ar', '48000'],
        });
        sources.push(file);
      }
      for (let i = distinct; i < clips; i++) {
        const file = join(root, `source-${i}.mp4`);
        await copyFile(sources[i % distinct] ?? '', file);
        sources.push(file);
      }
    });
    console.log(`deidentify bench: ${clips} clips of ${seconds} s at 1280x720, generated in ${generation.toFixed(1)} s`);
    console.log(`  ${availableParallelism()} cores; best of ${rounds} rounds (each round's times in brackets)`);

    // What import leaves behind for each recording: its hash and fingerprint (untimed, as import is
    // not part of de-identification). The pipeline reuses the hash while the fingerprint holds.
    // Import trusts a fingerprint only for a file last written a few seconds before it was read.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const known = await Promise.all(sources.map((file) => sha256WithFingerprint(file)));
    const plan = planEncode(await inspectSource(sources[0] ?? ''));
    const cores = availableParallelism();
    const parts = ['raw', 'rawAac', 'args', 'hash', 'pipeline', 'wide', 'aac', 'aacFast', 'walk'] as const;
    const times = Object.fromEntries(parts.map((k) => [k, [] as number[]])) as Record<(typeof parts)[number], number[]>;
    const audioOnly = async (key: 'aac' | 'aacFast', dir: string, extra: readonly string[]): Promise<void> => {
      times[key].push(
        await timed(async () => {
          for (const [i, source] of sources.entries()) {
            await runFfmpeg(['-y', '-i', source, '-map', '0:a:0', ...STRIP_OPTIONS, ...AAC_OPTIONS, ...extra, '-f', 'mp4', join(dir, `${key}-${i}.m4a`)]);
          }
        }),
      );
    };
    for (let round = 0; round < rounds; round++) {
      const dir = join(root, `round-${round}`);
      await mkdir(join(dir, 'raw'), { recursive: true });
      await mkdir(join(dir, 'args'), { recursive: true });
      const runRaw = async (): Promise<void> => {
        times.raw.push(
          await timed(async () => {
            for (const [i, source] of sources.entries()) {
              await runFfmpeg(['-y', '-i', source, '-c', 'copy', '-map_metadata', '-1', join(dir, 'raw', `clip-${i}.mp4`)]);
            }
          }),
        );
      };
      const runPipeline = async (key: 'pipeline' | 'wide', concurrency: number): Promise<void> => {
        let failures = 0;
        times[key].push(
          await timed(async () => {
            const report = await runDeidentification(
              sources.map((sourceFile, i) => ({
                sourceFile,
                outputDir: join(dir, key),
                code: `BNCH-${String(i).padStart(4, '0')}`,
                ...(known[i]?.fingerprint ? { knownSource: { sha256: known[i].sha256, fingerprint: known[i].fingerprint } } : {}),
              })),
              { concurrency },
            );
            failures = report.failures.length;
          }),
        );
        if (failures > 0) throw new Error(`${failures} pipeline jobs failed`);
      };
      // Alternate which goes first, so neither always meets a colder page cache.
      if (round % 2 === 0) {
        await runRaw();
        await runPipeline('pipeline', defaultConcurrency());
      } else {
        await runPipeline('pipeline', defaultConcurrency());
        await runRaw();
      }
      await runPipeline('wide', cores);
      // The cheapest thing that could work now that the sound is always re-encoded.
      times.rawAac.push(
        await timed(async () => {
          for (const [i, source] of sources.entries()) {
            await runFfmpeg(['-y', '-i', source, '-c:v', 'copy', ...AAC_OPTIONS, '-map_metadata', '-1', join(dir, 'raw', `aac-${i}.mp4`)]);
          }
        }),
      );
      // Where the time goes: the pipeline's own ffmpeg arguments in a plain loop, and the hashing.
      times.args.push(
        await timed(async () => {
          for (const [i, source] of sources.entries()) {
            await runFfmpeg(['-y', ...plan.inputOptions, '-i', source, ...plan.outputOptions, join(dir, 'args', `clip-${i}.mp4`)]);
          }
        }),
      );
      await audioOnly('aac', dir, []);
      await audioOnly('aacFast', dir, ['-aac_coder', 'fast']);
      times.walk.push(
        await timed(async () => {
          for (const i of sources.keys()) {
            const problems = await aacFrameProblems(join(dir, `aac-${i}.m4a`), 2, 0);
            // Told 0 frames, the walk must say how many it found: a check that it walked them all.
            if (problems.length !== 1) throw new Error(`unexpected walk result: ${problems.join('; ')}`);
          }
        }),
      );
      times.hash.push(
        await timed(async () => {
          for (const [i, source] of sources.entries()) {
            await sha256File(source);
            await sha256File(join(dir, 'pipeline', `BNCH-${String(i).padStart(4, '0')}.mp4`));
          }
        }),
      );
      await rm(dir, { recursive: true, force: true });
    }
    const best = (xs: number[]): number => Math.min(...xs);
    const line = (label: string, xs: number[]): void =>
      console.log(`  ${label.padEnd(44)} ${best(xs).toFixed(2).padStart(6)} s   (${xs.map((x) => x.toFixed(2)).join(' / ')})`);
    line('raw loop: ffmpeg -c copy -map_metadata -1', times.raw);
    line('raw loop, audio re-encoded: -c:v copy -c:a aac', times.rawAac);
    line(`pipeline, default concurrency ${defaultConcurrency()}`, times.pipeline);
    line(`pipeline, concurrency ${cores}`, times.wide);
    line('  for scale: pipeline ffmpeg arguments, a loop', times.args);
    line('  for scale: audio re-encode alone (AAC, default)', times.aac);
    line('  for scale: audio re-encode alone (-aac_coder fast)', times.aacFast);
    line('  for scale: AAC frame walk of every output', times.walk);
    line('  for scale: sha256 of sources and outputs', times.hash);
    const ratio = (of: number[], to: number[]): string => (best(of) / best(to)).toFixed(2);
    console.log(`  ratio pipeline / raw: ${ratio(times.pipeline, times.raw)} at concurrency ${defaultConcurrency()}, ${ratio(times.wide, times.raw)} at ${cores}`);
    console.log(`  ratio pipeline / raw with the audio re-encoded: ${ratio(times.pipeline, times.rawAac)} at concurrency ${defaultConcurrency()}, ` +
      `${ratio(times.wide, times.rawAac)} at ${cores}  (goal ≤ 1.00)`);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await benchDeidentify();
}
