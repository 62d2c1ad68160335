// The batch runner: progress to 100, cancellation that leaves nothing behind, resumption after a
// crash without redoing finished work, and job-level failures collected rather than thrown.
import { copyFile, mkdir, stat, truncate, writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { partialName, runDeidentification } from '../../../electron/core/blinding/deidentify';
import type { DeidentifyJob, DeidentifyProgress } from '../../../electron/core/blinding/deidentify';
import { makeClip } from '../../support/mediaFixtures';
import { listing, useWorkspace } from './workspace';

const ws = useWorkspace('runner');
const clip = (name: string): string => ws.path('sources', name);

beforeAll(async () => {
  await mkdir(ws.path('sources'));
  await Promise.all([makeClip(clip('a.mp4')), makeClip(clip('b.mp4')), makeClip(clip('c.mp4'), { frequency: 660 })]);
  // Long enough to report progress several times and to be cancelled mid-way; MPEG-4 forces a transcode.
  await makeClip(clip('long.mkv'), { seconds: 20, size: '640x360', videoCodec: 'mpeg4', audioCodec: 'libmp3lame' });
});

describe('progress', () => {
  it('reaches 100 for every job and overall, never going backwards', async () => {
    const events: DeidentifyProgress[] = [];
    const out = ws.path('progress');
    const { results } = await runDeidentification(
      [
        { sourceFile: clip('long.mkv'), outputDir: out, code: 'PROG-LONG' },
        { sourceFile: clip('a.mp4'), outputDir: out, code: 'PROG-COPY' },
      ],
      { concurrency: 1, onProgress: (e) => events.push(e) },
    );
    expect(results).toHaveLength(2);
    for (const code of ['PROG-LONG', 'PROG-COPY']) {
      const mine = events.filter((e) => e.code === code);
      const percents = mine.map((e) => e.percent);
      expect(percents).toEqual([...percents].sort((x, y) => x - y));
      expect(mine.at(-1)).toMatchObject({ percent: 100, stage: 'done' });
    }
    const long = events.filter((e) => e.code === 'PROG-LONG' && e.stage === 'encoding').map((e) => e.percent);
    expect(long.some((p) => p > 0 && p < 99)).toBe(true);
    const overall = events.map((e) => e.overall);
    expect(overall).toEqual([...overall].sort((x, y) => x - y));
    expect(overall.at(-1)).toBe(100);
  });
});

describe('cancellation', () => {
  it('kills ffmpeg and removes the partial file; queued jobs never start', async () => {
    const out = ws.path('cancelled');
    const controller = new AbortController();
    const events: DeidentifyProgress[] = [];
    const report = await runDeidentification(
      [
        { sourceFile: clip('long.mkv'), outputDir: out, code: 'CANC-0001' },
        { sourceFile: clip('a.mp4'), outputDir: out, code: 'CANC-0002' },
      ],
      {
        concurrency: 1,
        signal: controller.signal,
        onProgress: (e) => {
          events.push(e);
          if (e.stage === 'encoding' && e.percent > 0) controller.abort();
        },
      },
    );
    expect(report.cancelled).toBe(true);
    expect(report.results).toEqual([]);
    expect(report.failures.map((f) => [f.code, f.error.code])).toEqual([
      ['CANC-0001', 'cancelled'],
      ['CANC-0002', 'cancelled'],
    ]);
    expect(events.some((e) => e.code === 'CANC-0002' && e.stage === 'encoding')).toBe(false);
    expect(await listing(out)).toEqual([]);
    // ffmpeg is dead, not merely detached: nothing reappears.
    await sleep(500);
    expect(await listing(out)).toEqual([]);
  });

  it('does nothing when already aborted', async () => {
    const report = await runDeidentification([{ sourceFile: clip('a.mp4'), outputDir: ws.path('pre-aborted'), code: 'CANC-0003' }], {
      signal: AbortSignal.abort(),
    });
    expect(report).toMatchObject({ cancelled: true, results: [] });
    expect(report.failures[0]?.error.code).toBe('cancelled');
  });
});

describe('resume after a crash', () => {
  const out = (): string => ws.path('resume');
  const jobs = (expectedB?: string): DeidentifyJob[] => [
    { sourceFile: clip('a.mp4'), outputDir: out(), code: 'RESU-000A' },
    { sourceFile: clip('b.mp4'), outputDir: out(), code: 'RESU-000B', ...(expectedB ? { expectedOutputSha256: expectedB } : {}) },
    { sourceFile: clip('c.mp4'), outputDir: out(), code: 'RESU-000C' },
  ];

  it('keeps a verified output, removes stale partials, redoes a damaged output', async () => {
    // Before the crash: B finished; A was mid-encode; C's output was damaged afterwards.
    const first = await runDeidentification([jobs()[1] as DeidentifyJob, jobs()[2] as DeidentifyJob]);
    const shaB = first.results.find((r) => r.code === 'RESU-000B')?.outputSha256 ?? '';
    const finalB = ws.path('resume', 'RESU-000B.mp4');
    const finalC = ws.path('resume', 'RESU-000C.mp4');
    const before = await stat(finalB);
    await writeFile(ws.path('resume', partialName('RESU-000A')), Buffer.alloc(4096, 7));
    await writeFile(ws.path('resume', partialName('RESU-000B')), Buffer.alloc(100, 1));
    await truncate(finalC, 2000);

    const events: DeidentifyProgress[] = [];
    const report = await runDeidentification(jobs(shaB), { onProgress: (e) => events.push(e) });
    expect(report.failures).toEqual([]);
    expect(report.resumed).toEqual(['RESU-000B']);
    expect(report.results.map((r) => r.code)).toEqual(['RESU-000A', 'RESU-000B', 'RESU-000C']);
    expect(report.results.find((r) => r.code === 'RESU-000B')).toMatchObject({ outputSha256: shaB, mode: 'copy', audio: true });
    // B was not rewritten, and never encoded again.
    const after = await stat(finalB);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    expect(events.some((e) => e.code === 'RESU-000B' && e.stage === 'encoding')).toBe(false);
    expect(events.find((e) => e.code === 'RESU-000B')).toMatchObject({ stage: 'resumed', percent: 100 });
    expect((await stat(finalC)).size).toBeGreaterThan(2000);
    expect(await listing(out())).toEqual(['RESU-000A.mp4', 'RESU-000B.mp4', 'RESU-000C.mp4']);
  });

  it('redoes an output whose hash differs from the recorded one', async () => {
    const report = await runDeidentification(jobs('0'.repeat(64)));
    expect(report.failures).toEqual([]);
    expect(report.resumed).toEqual(['RESU-000A', 'RESU-000C']);
    expect(await listing(out())).toEqual(['RESU-000A.mp4', 'RESU-000B.mp4', 'RESU-000C.mp4']);
  });

  it('replaces a final file that does not verify (e.g. the raw source copied in by hand)', async () => {
    await copyFile(clip('a.mp4'), ws.path('resume', 'RESU-000A.mp4'));
    const report = await runDeidentification(jobs());
    expect(report.resumed).toEqual(['RESU-000B', 'RESU-000C']);
    expect(report.results).toHaveLength(3);
  });
});

describe('job-level failures', () => {
  it('are collected, and the rest of the batch still runs', async () => {
    const out = ws.path('failures');
    const report = await runDeidentification([
      { sourceFile: clip('a.mp4'), outputDir: out, code: '../escape' },
      { sourceFile: clip('a.mp4'), outputDir: out, code: 'FAIL-0001' },
      { sourceFile: clip('b.mp4'), outputDir: out, code: 'FAIL-0001' },
      { sourceFile: clip('missing.mp4'), outputDir: out, code: 'FAIL-0002' },
    ]);
    expect(report.results.map((r) => r.code)).toEqual(['FAIL-0001']);
    expect(report.failures.map((f) => [f.code, f.error.code])).toEqual([
      ['../escape', 'invalid_job'],
      ['FAIL-0001', 'invalid_job'],
      ['FAIL-0002', 'source_unreadable'],
    ]);
    expect(await listing(out)).toEqual(['FAIL-0001.mp4']);
  });

  it('reject a nonsensical concurrency up front', async () => {
    await expect(runDeidentification([], { concurrency: 0 })).rejects.toThrow(RangeError);
  });
});
