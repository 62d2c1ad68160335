// The reliability commands over a study folder: the report (text, JSON, CSV, HTML), consensus,
// training, certification and settings, with the lead named by --as and their password from the
// environment.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { allAuditRows } from '../../../db/repositories/audit';
import {
  assignTrainingCommand,
  certifyCommand,
  consensusCommand,
  consensusExportCommand,
  goldScoresCommand,
  reliabilityReportCommand,
  reliabilitySettingsCommand,
} from '../../../electron/cli/commands/reliability';
import { UsageError, type CliIo } from '../../../electron/cli/io';
import { addUser } from '../../../electron/core/auth/users';
import type { PairReportJson } from '../../../electron/core/reliability/export';
import { RELIABILITY_CSV_COLUMNS } from '../../../electron/core/reliability/export';
import { day, reliabilityFixture, type Fixture } from './fixture';

let f: Fixture;
let out: string;
let err: string;
let codes: string[];

const io = (env: Record<string, string> = { BLINDFOLD_PASSWORD: 'lead-password' }): CliIo => ({
  stdout: (s) => {
    out += s;
  },
  stderr: (s) => {
    err += s;
  },
  readFile: async (p) => readFileSync(p),
  env,
});

// Cohen (1968)-style small example: 12 clips, [anna, ben] on sensitivity.
const SCORES: [number, number][] = [
  [5, 5],
  [4.5, 5],
  [3, 3],
  [6, 4],
  [2, 2.5],
  [7, 6.5],
  [5.5, 5.5],
  [4, 4],
  [3.5, 2],
  [6, 6],
  [1.5, 1.5],
  [5, 6],
];

beforeEach(async () => {
  out = '';
  err = '';
  f = reliabilityFixture();
  const anna = f.user('anna');
  const ben = f.user('ben');
  await addUser(f.db, { name: 'lea', role: 'reliability', password: 'lead-password' }, 'test');
  codes = SCORES.map(([a, b], i) => {
    const c = f.clip();
    f.rate(f.assign(c.id, anna), { sensitivity: a, non_intrusiveness: 5 }, { at: day(i), notes: { sensitivity: i === 3 ? 'warm but missed cues' : '' } });
    f.rate(f.assign(c.id, ben, 'reliability'), { sensitivity: b, non_intrusiveness: 5 }, { at: day(i + 1) });
    return c.code;
  });
});
afterEach(() => f.close());

describe('blindfold reliability-report', () => {
  it('prints the report, and writes CSV, pairs and printable HTML', async () => {
    const csv = path.join(f.dir, 'stats.csv');
    const pairs = path.join(f.dir, 'pairs.csv');
    const html = path.join(f.dir, 'report.html');
    const code = await reliabilityReportCommand(
      [f.dir, '--a', 'anna', '--b', 'ben', '--dimension', 'sensitivity', '--batch', '4', '--csv', csv, '--pairs-csv', pairs, '--html', html],
      io(),
    );
    expect(code).toBe(0);
    expect(out).toContain('Reliability: EAS maternal sensitivity (sensitivity), anna (A) vs ben (B)');
    expect(out).toContain('pairs used: 12');
    expect(out).toMatch(/Verdict: PASS/);
    expect(out).toContain('warm but missed cues');
    expect(readFileSync(csv, 'utf8').split('\r\n')[0]).toBe(RELIABILITY_CSV_COLUMNS.join(','));
    expect(readFileSync(pairs, 'utf8')).toContain('warm but missed cues');
    expect(readFileSync(html, 'utf8')).toMatch(/^<!DOCTYPE html>/);
    expect(err).toContain(`Wrote the printable report to ${html}`);
  });

  it('prints one JSON object with --json, restricted to a date range', async () => {
    await reliabilityReportCommand([f.dir, '--a', 'anna', '--b', 'ben', '--dimension', 'sensitivity', '--json', '--from', day(4).slice(0, 10)], io());
    const json = JSON.parse(out) as PairReportJson;
    expect(json.n).toBe(9); // the later submission of clip 3 is on day 4
    expect(json.range).toEqual({ from: day(4).slice(0, 10), to: null });
    expect(json.pairs.map((p) => p.clip)).toEqual(codes.slice(3));
    expect(json.statistics.linear.kappa).toEqual(expect.any(Number));
  });

  it('refuses bad arguments as usage errors', async () => {
    await expect(reliabilityReportCommand([f.dir, '--a', 'anna', '--dimension', 'sensitivity'], io())).rejects.toThrow(UsageError);
    await expect(reliabilityReportCommand([f.dir, '--a', 'anna', '--b', 'ben', '--gold', '--dimension', 'sensitivity'], io())).rejects.toThrow(/either/);
    await expect(reliabilityReportCommand([f.dir, '--a', 'anna', '--b', 'ben', '--dimension', 'sensitivity', '--batch', 'x'], io())).rejects.toThrow(/number/);
    await expect(reliabilityReportCommand([f.dir, '--a', 'anna', '--b', 'ben', '--dimension', 'sensitivity', '--clips', 'all'], io())).rejects.toThrow(/outcome or training/);
  });
});

describe('blindfold consensus', () => {
  it('records a consensus as the named lead after checking their password', async () => {
    const args = [f.dir, '--clip', codes[3]!.toLowerCase(), '--dimension', 'sensitivity', '--score', '5', '--reason', 'Re-watched: missed cues at 02:40', '--as', 'lea'];
    expect(await consensusCommand(args, io())).toBe(0);
    expect(out).toContain(`Recorded consensus 5 for ${codes[3]} on sensitivity (version 1)`);
    const entry = allAuditRows(f.db).find((r) => r.action === 'reliability.consensus')!;
    expect(entry.actor).toBe('lea');
    await expect(consensusCommand(args, io({ BLINDFOLD_PASSWORD: 'wrong-password' }))).rejects.toThrow(/do not match/);
    await expect(consensusCommand(args.slice(0, -2), io())).rejects.toThrow(/--as/);
    out = '';
    expect(await consensusExportCommand([f.dir], io())).toBe(0);
    expect(out.split('\r\n')[0]).toBe('clip,dimension,source,rater,score,version,unscorable,at,reason');
    expect(out).toContain(`"${codes[3]}","sensitivity","consensus","lea",5,1,0`);
  });

  it('is refused to a coder', async () => {
    await addUser(f.db, { name: 'cody', role: 'coder', password: 'coder-password' }, 'test');
    await expect(
      consensusCommand([f.dir, '--clip', codes[3]!, '--dimension', 'sensitivity', '--score', '5', '--reason', 'because', '--as', 'cody'], io({ BLINDFOLD_PASSWORD: 'coder-password' })),
    ).rejects.toThrow(/is a coder/);
  });
});

describe('blindfold gold-scores, assign-training and certify', () => {
  it('records master scores, gives the trainee the clips and certifies', async () => {
    for (let i = 1; i <= 3; i++) f.goldClip(`T${i}`);
    const scores = path.join(f.dir, 'gold.csv');
    await import('node:fs/promises').then((fs) => fs.writeFile(scores, 'clip,sensitivity,non_intrusiveness\nT1,5,6\nT2,3,\nT3,6.5,7\n'));
    expect(await goldScoresCommand([f.dir, scores, '--source', 'EAS trainers', '--as', 'lea'], io())).toBe(0);
    expect(out).toContain('Master scores: 5 added, 0 corrected, 0 unchanged');
    expect(await assignTrainingCommand([f.dir, '--trainee', 'anna', '--as', 'lea'], io())).toBe(0);
    expect(out).toContain('Gave anna 3 gold-standard clips');
    out = '';
    expect(await certifyCommand([f.dir, '--trainee', 'anna', '--preview'], io({}))).toBe(0);
    expect(out).toContain('anna against the gold standard: NOT YET (preview, not recorded)');
    expect(out).toMatch(/sensitivity\s+n\s+0/);
    out = '';
    expect(await certifyCommand([f.dir, '--trainee', 'anna', '--as', 'lea', '--json'], io())).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ trainee: 'anna', verdict: 'not_yet', recorded: true });
  });
});

describe('blindfold reliability-settings', () => {
  it('shows the settings, and changes them as a named user', async () => {
    expect(await reliabilitySettingsCommand([f.dir], io({}))).toBe(0);
    expect(out).toContain('Pass/fail: linear weighted kappa >= 0.7, at least 10 pairs');
    out = '';
    expect(await reliabilitySettingsCommand([f.dir, '--threshold', '0.75', '--weights', 'quadratic', '--batch', '10', '--as', 'lea', '--json'], io())).toBe(0);
    expect(JSON.parse(out)).toMatchObject({ criterion: { threshold: 0.75, weights: 'quadratic' }, driftBatchSize: 10, driftStep: 10 });
    await expect(reliabilitySettingsCommand([f.dir, '--weights', 'cubic', '--as', 'lea'], io())).rejects.toThrow(/linear or quadratic/);
  });
});
