import { describe, expect, it } from 'vitest';

import { kappaCommand } from '../../../electron/cli/commands/kappa';
import type { ReliabilityJson } from '../../../electron/core/reliability';

/** Runs the command against in-memory files and captures what it prints. */
async function run(args: string[], files: Record<string, string | Buffer>) {
  let stdout = '';
  let stderr = '';
  const code = await kappaCommand(args, {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    readFile: async (p) => {
      const f = files[p];
      if (f === undefined) throw new Error(`ENOENT: no such file, open '${p}'`);
      return typeof f === 'string' ? Buffer.from(f, 'utf8') : f;
    },
  });
  return { code, stdout, stderr };
}

/** One CSV row per clip from a table of counts (rows = coder A), with category values. */
function csvFromTable(table: number[][], values: number[], header = 'clip,coder_a,coder_b'): string {
  const lines = [header];
  let clip = 0;
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      for (let c = 0; c < count; c++) lines.push(`clip${++clip},${values[i]},${values[j]}`);
    }),
  );
  return `${lines.join('\n')}\n`;
}

function parseJson(stdout: string): ReliabilityJson {
  return JSON.parse(stdout) as ReliabilityJson;
}

// SAS PROC FREQ output for table10 = [[0,4,1],[0,8,0],[0,1,5]] as reproduced in statsmodels'
// statsmodels/stats/tests/test_inter_rater.py (UnweightedCohens, TestWeightedCohens).
const SAS_TABLE = [
  [0, 4, 1],
  [0, 8, 0],
  [0, 1, 5],
];

describe('blindfold kappa on a published example', () => {
  it('reproduces the SAS printout (simple and Cicchetti–Allison weighted kappa), with a BOM and skipped rows', async () => {
    const csv = `\uFEFF${csvFromTable(SAS_TABLE, [0, 1, 2])}clip98,,1\nclip99,2,NA\n`;
    const { code, stdout, stderr } = await run(['ratings.csv', '--a', 'coder_a', '--b', 'coder_b', '--scale', '0:2:1', '--json'], {
      'ratings.csv': csv,
    });
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const r = parseJson(stdout);
    expect(r.n).toBe(19);
    expect(r.skipped).toBe(2);
    expect(r.categories).toEqual({ mode: 'scale', values: [0, 1, 2] });
    // Simple Kappa: 0.4842, ASE 0.1380, 95% 0.2137–0.7547, ASE under H0 0.1484, Z 3.2626
    expect(r.unweighted.kappa).toBeCloseTo(0.4842, 4);
    expect(r.unweighted.se).toBeCloseTo(0.138, 4);
    expect(r.unweighted.ci95![0]).toBeCloseTo(0.2137, 4);
    expect(r.unweighted.ci95![1]).toBeCloseTo(0.7547, 4);
    expect(r.unweighted.clipped).toBe(false);
    expect(r.unweighted.se0).toBeCloseTo(0.1484, 4);
    expect(r.unweighted.z).toBeCloseTo(3.2626, 4);
    // Weighted Kappa: 0.4701, ASE 0.1457, 95% 0.1845–0.7558, ASE under H0 0.1426, Z 3.2971
    expect(r.linear.kappa).toBeCloseTo(0.4701, 4);
    expect(r.linear.se).toBeCloseTo(0.1457, 4);
    expect(r.linear.ci95![0]).toBeCloseTo(0.1845, 4);
    expect(r.linear.ci95![1]).toBeCloseTo(0.7558, 4);
    expect(r.linear.se0).toBeCloseTo(0.1426, 4);
    expect(r.linear.z).toBeCloseTo(3.2971, 4);
    // Stable field names.
    expect(Object.keys(r)).toEqual([
      'n',
      'skipped',
      'scale',
      'categories',
      'agreement',
      'unweighted',
      'linear',
      'quadratic',
      'icc2_1',
      'icc3_1',
      'alpha_ordinal',
      'alpha_interval',
      'ac1',
      'ac2_linear',
      'ac2_quadratic',
      'cutoffs',
    ]);
    expect(Object.keys(r.agreement)).toEqual(['exact', 'within_half', 'within_one']);
    expect(Object.keys(r.quadratic)).toEqual(['kappa', 'se', 'ci95', 'clipped', 'se0', 'z']);
    expect(r.agreement.exact).toBeCloseTo(13 / 19, 12);
  });

  it('reproduces vcd::Kappa(SexualFun) on a 1–4 scale (vcdExtra print.Kappa documentation)', async () => {
    const csv = csvFromTable(
      [
        [7, 7, 2, 3],
        [2, 8, 3, 7],
        [1, 5, 4, 9],
        [2, 8, 9, 14],
      ],
      [1, 2, 3, 4],
      'couple,husband,wife',
    );
    const { code, stdout } = await run(['fun.csv', '--a=husband', '--b=wife', '--scale=1:4:1', '--json'], { 'fun.csv': csv });
    expect(code).toBe(0);
    const r = parseJson(stdout);
    // Unweighted 0.1293 ASE 0.06860 lower -0.00512 upper 0.2638; Weighted 0.2374 0.07832 0.08388 0.3909
    expect(r.unweighted.kappa).toBeCloseTo(0.1293, 4);
    expect(r.unweighted.se).toBeCloseTo(0.0686, 5);
    expect(r.unweighted.ci95![0]).toBeCloseTo(-0.00512, 5);
    expect(r.unweighted.ci95![1]).toBeCloseTo(0.2638, 4);
    expect(r.linear.kappa).toBeCloseTo(0.2374, 4);
    expect(r.linear.se).toBeCloseTo(0.07832, 5);
    expect(r.linear.ci95![0]).toBeCloseTo(0.08388, 5);
    expect(r.linear.ci95![1]).toBeCloseTo(0.3909, 4);
  });

  it("reproduces irr::kappa2 on anxiety raters 2–3 with --categories observed, and differs with 'scale'", async () => {
    // statsmodels test_cohens_kappa_irr: "equal" 0.1459075 z 1.282472; "squared" 0.2520325 z 1.437451.
    const r2 = [3, 6, 4, 6, 2, 4, 2, 4, 3, 3, 2, 3, 3, 3, 2, 2, 1, 3, 3, 4];
    const r3 = [2, 1, 4, 4, 3, 2, 1, 6, 1, 1, 1, 2, 3, 3, 1, 1, 3, 3, 2, 2];
    const csv = `subject,rater2,rater3\n${r2.map((a, i) => `${i + 1},${a},${r3[i]}`).join('\n')}\n`;
    const observed = await run(['anx.csv', '--a', 'rater2', '--b', 'rater3', '--scale', '1:6:1', '--categories', 'observed', '--json'], {
      'anx.csv': csv,
    });
    expect(observed.code).toBe(0);
    const o = parseJson(observed.stdout);
    expect(o.categories).toEqual({ mode: 'observed', values: [1, 2, 3, 4, 6] });
    expect(o.linear.kappa).toBeCloseTo(0.1459075, 7);
    expect(o.linear.z).toBeCloseTo(1.282472, 6);
    expect(o.quadratic.kappa).toBeCloseTo(0.2520325, 7);
    expect(o.quadratic.z).toBeCloseTo(1.437451, 6);

    const full = parseJson((await run(['anx.csv', '--a', 'rater2', '--b', 'rater3', '--scale', '1:6:1', '--json'], { 'anx.csv': csv })).stdout);
    expect(full.categories.values).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Math.abs(full.linear.kappa! - 0.1459075)).toBeGreaterThan(0.01);
  });
});

describe('blindfold kappa input handling', () => {
  const header = 'clip,a,b\n';

  it('defaults to the 13-point 1–7 half-point scale', async () => {
    const { code, stdout } = await run(['x.csv', '--a', 'a', '--b', 'b', '--json'], { 'x.csv': `${header}c1,5.5,6\nc2,1,1.5\nc3,7,7\n` });
    expect(code).toBe(0);
    const r = parseJson(stdout);
    expect(r.scale).toEqual({ min: 1, max: 7, step: 0.5 });
    expect(r.categories.values).toHaveLength(13);
    expect(r.agreement.within_half).toBe(1);
  });

  it('names the 1-based data row of a non-numeric rating, to stderr, with exit code 1', async () => {
    const { code, stdout, stderr } = await run(['x.csv', '--a', 'a', '--b', 'b'], { 'x.csv': `${header}c1,5,6\nc2,4,five\nc3,3,3\n` });
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('row 2');
    expect(stderr).toContain('"five"');
    expect(stderr).toContain('not a number');
  });

  it('names the row of a rating off the scale or between its points', async () => {
    const { code, stderr } = await run(['x.csv', '--a', 'a', '--b', 'b'], { 'x.csv': `${header}c1,5,6\nc2,4,4\nc3,7.5,3\nc4,5.25,5\n` });
    expect(code).toBe(1);
    expect(stderr).toContain('row 3: column "a" has 7.5, which is not on the scale 1–7 in steps of 0.5');
    expect(stderr).toContain('row 4: column "a" has 5.25');
  });

  it('skips and counts rows with a missing rating (empty, NA, N/A, NaN, ".")', async () => {
    const csv = `${header}c1,5,6\nc2,,4\nc3,NA,3\nc4,4,n/a\nc5,.,2\nc6,NaN,1\nc7,3,3\n`;
    const { code, stdout } = await run(['x.csv', '--a', 'a', '--b', 'b', '--json'], { 'x.csv': csv });
    expect(code).toBe(0);
    const r = parseJson(stdout);
    expect(r.n).toBe(2);
    expect(r.skipped).toBe(5);
  });

  it('reads semicolon-separated files with decimal commas and UTF-16 files from Excel', async () => {
    const semicolon = 'clip;a;b\nc1;5,5;6\nc2;2;2,5\nc3;4;4\n';
    const r = await run(['s.csv', '--a', 'a', '--b', 'b', '--json'], { 's.csv': semicolon });
    expect(r.code).toBe(0);
    expect(parseJson(r.stdout).n).toBe(3);
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${header}c1,5,6\nc2,2,2\n`, 'utf16le')]);
    const u = await run(['u.csv', '--a', 'a', '--b', 'b', '--json'], { 'u.csv': utf16 });
    expect(u.code).toBe(0);
    expect(parseJson(u.stdout).n).toBe(2);
  });

  it('reports a missing column with the columns that exist', async () => {
    const { code, stderr } = await run(['x.csv', '--a', 'a', '--b', 'coder_b'], { 'x.csv': `${header}c1,5,6\n` });
    expect(code).toBe(1);
    expect(stderr).toContain('no column "coder_b"');
    expect(stderr).toContain('"clip", "a", "b"');
  });

  it('reports an unreadable file with exit code 1', async () => {
    const { code, stderr } = await run(['missing.csv', '--a', 'a', '--b', 'b'], {});
    expect(code).toBe(1);
    expect(stderr).toContain('cannot read missing.csv');
  });

  it('rejects bad arguments with usage and exit code 2', async () => {
    for (const args of [
      [],
      ['x.csv', '--a', 'a'],
      ['x.csv', '--a', 'a', '--b', 'b', '--scale', '1-7'],
      ['x.csv', '--a', 'a', '--b', 'b', '--scale', '1:7:0.4:2'],
      ['x.csv', '--a', 'a', '--b', 'b', '--categories', 'all'],
      ['x.csv', '--a', 'a', '--b', 'b', '--bogus'],
      ['x.csv', '--a', 'a', '--b', 'b', '--cutoff', 'high'],
      ['x.csv', 'y.csv', '--a', 'a', '--b', 'b'],
    ]) {
      const { code, stderr } = await run(args, { 'x.csv': `${header}c1,5,6\n` });
      expect(code, args.join(' ')).toBe(2);
      expect(stderr).toContain('Usage: blindfold kappa');
    }
    const help = await run(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: blindfold kappa');
  });

  it('prints undefined statistics as null with a reason in JSON, and as words in the table', async () => {
    const csv = `${header}c1,5,5\nc2,5,5\nc3,5,5\n`;
    const json = parseJson((await run(['x.csv', '--a', 'a', '--b', 'b', '--json'], { 'x.csv': csv })).stdout);
    expect(json.unweighted).toMatchObject({ kappa: null, se: null, ci95: null, z: null, reason: 'expected_agreement_one' });
    expect(json.icc2_1).toMatchObject({ value: null, reason: 'no_variance' });
    expect(json.alpha_ordinal).toMatchObject({ value: null, reason: 'no_expected_disagreement' });
    expect(json.ac1).toBe(1);
    const table = await run(['x.csv', '--a', 'a', '--b', 'b'], { 'x.csv': csv });
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('undefined');
    expect(table.stdout).not.toMatch(/NaN|Infinity/);
  });

  it('prints a readable table by default, including cut-off kappa', async () => {
    const csv = csvFromTable(SAS_TABLE, [5, 5.5, 6]);
    const { code, stdout } = await run(['x.csv', '--a', 'coder_a', '--b', 'coder_b', '--cutoff', '5.5'], { 'x.csv': csv });
    expect(code).toBe(0);
    expect(stdout).toContain('Pairs used: 19');
    expect(stdout).toMatch(/unweighted\s+0\.4842\s+0\.1380\s+\[0\.2137, 0\.7547\]/);
    expect(stdout).toContain('>= 5.5');
    expect(stdout).toContain('ICC(2,1)');
    expect(stdout).toContain("Krippendorff's alpha");
    expect(stdout).toContain('Gwet');
  });
});
