// The close-out on a study set up the real way — allocation, recordings de-identified by ffmpeg,
// seeded assignment, seal — then coded through core, locked, unblinded, exported and analysed.
// Tiny generated recordings keep it quick.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCommand, exportCommand, lockCommand, unblindCommand } from '../../../electron/cli/commands/closeout';
import type { CliIo } from '../../../electron/cli/io';
import { main } from '../../../electron/cli/main';
import type { AnalysisReport } from '../../../electron/common/contract';
import { submitRating } from '../../../electron/core/coding/ratings';
import { runFfmpeg, testPatternArgs } from '../../../electron/core/media/run';
import { openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { run } from './cliRun';

const PASSPHRASE = 'pipeline close-out passphrase';
const ENV = { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'manager-password' };
const ALLOCATION: Record<string, 'intervention' | 'control'> = { 'PX-2001': 'intervention', 'PX-2002': 'control', 'PX-2003': 'intervention', 'PX-2004': 'control' };

let root: string;
let cleanup: () => void;
let studyDir: string;

async function setup(...argv: string[]): Promise<void> {
  let err = '';
  const io: CliIo = { stdout: () => undefined, stderr: (s) => (err += s), readFile: async (p) => readFileSync(p), env: ENV };
  const code = await main(argv, io);
  if (code !== 0) throw new Error(`blindfold ${argv[0]} failed: ${err}`);
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-closeout-pipeline-'));
  studyDir = path.join(root, 'study');
  const recordings = path.join(root, 'recordings');
  mkdirSync(recordings);
  let i = 0;
  for (const p of Object.keys(ALLOCATION)) {
    for (const t of ['T0', 'T1']) {
      await runFfmpeg(testPatternArgs({ out: path.join(recordings, `${p}_${t}_play.mp4`), seconds: 1, size: '160x120', fps: 10, frequency: 300 + 40 * i++ }));
    }
  }
  writeFileSync(path.join(root, 'allocation.csv'), `participant,arm\n${Object.entries(ALLOCATION).map(([p, a]) => `${p},${a}`).join('\n')}\n`);
  await setup('init', studyDir, '--name', 'Pipeline close-out');
  for (const name of ['ann', 'bob']) await setup('add-user', studyDir, '--name', name, '--role', 'coder');
  await setup('add-user', studyDir, '--name', 'maria', '--role', 'manager');
  await setup('import-allocation', studyDir, path.join(root, 'allocation.csv'));
  await setup('import-recordings', studyDir, recordings, '--pattern', '{participant}_{timepoint}_*.mp4');
  await setup('deidentify', studyDir, '--jobs', '2');
  await setup('assign', studyDir, '--coders', 'ann,bob', '--seed', 'close-out', '--double-fraction', '0');
  await setup('seal', studyDir);
}, 180_000);
afterAll(() => cleanup());

describe('a study set up through the pipeline', () => {
  it('is coded, locked, unblinded, exported and analysed', async () => {
    // Blind coders cannot know whose clip they score: each clip gets a score recorded here by code,
    // and the unblinded long export must put each score on the right participant and arm.
    const study = openStudy(studyDir);
    const given = new Map<string, number>();
    try {
      const assignments = study.db
        .prepare('SELECT c.code, u.id, u.name, a.position FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id ORDER BY c.code')
        .all() as { code: string; id: number; name: string; position: number }[];
      expect(assignments).toHaveLength(8);
      assignments.forEach((a, i) => {
        const s = 2 + (i % 6) * 0.5 + (a.position % 2) * 2;
        given.set(a.code, s);
        submitRating(study.db, { id: a.id, name: a.name }, a.code, { scores: { sensitivity: s, non_intrusiveness: s - 1 }, notes: {}, overallNote: '', unscorable: null }, 30);
      });
    } finally {
      study.close();
    }
    expect(await run(lockCommand, [studyDir], ENV)).toMatchObject({ code: 0 });
    expect(await run(unblindCommand, [studyDir, '--manager', 'maria', '--reason', 'Planned primary analysis'], ENV)).toMatchObject({ code: 0 });

    const wideFile = path.join(root, 'wide.csv');
    expect(await run(exportCommand, [studyDir, '--out', wideFile, '--long', '--unblinded'], ENV)).toMatchObject({ code: 0 });
    const wide = Papa.parse<Record<string, string>>(readFileSync(wideFile, 'utf8'), { header: true, skipEmptyLines: true }).data;
    expect(wide).toHaveLength(8);
    for (const row of wide) {
      expect(row['arm']).toBe(ALLOCATION[row['participant']!]);
      expect(Number(row['sensitivity'])).toBe(given.get(row['clip_code']!));
    }

    const r = await run(analyseCommand, [studyDir, '--json'], ENV);
    expect(r.err).toBe('');
    const report = JSON.parse(r.out) as AnalysisReport;
    expect(report.timepoints).toEqual(['T0', 'T1']);
    for (const t of ['T0', 'T1']) {
      const o = report.outcomes.find((x) => x.dimension === 'sensitivity' && x.timepoint === t)!;
      for (const arm of ['intervention', 'control'] as const) {
        const values = wide.filter((w) => w['timepoint'] === t && w['arm'] === arm).map((w) => Number(w['sensitivity']));
        expect(o[arm].n).toBe(2);
        expect(o[arm].mean).toBeCloseTo((values[0]! + values[1]!) / 2, 12);
        expect(o[arm].upper.count).toBe(values.filter((v) => v >= 5.5).length);
      }
    }
    expect(report.completion.every((c) => c.intervention.count === 2 && c.control.count === 2)).toBe(true);
  });
});
