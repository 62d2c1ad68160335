// The report as files: CSV with stable columns and full precision, snake_case JSON, a printable
// self-contained HTML document, and plain text. Text from coders (notes) is data, never markup or
// a spreadsheet formula.
import { createHash } from 'node:crypto';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';

import {
  pairReportJson,
  RELIABILITY_CSV_COLUMNS,
  REPORT_CSP,
  REPORT_STYLE,
  REPORT_STYLE_CSP_SOURCE,
  reliabilityCsv,
  reliabilityHtml,
  reliabilityPairsCsv,
  reliabilityText,
} from '../../../electron/core/reliability/export';
import { buildPairReport, type PairReport } from '../../../electron/core/reliability/pairReport';
import { EAS, randomPairs } from './naiveReference';
import { input, paired } from './pairFixtures';

const HOSTILE = '<script>alert(1)</script> =HYPERLINK("http://x") "quoted", line\nbreak';

function build(...args: Parameters<typeof input>): PairReport {
  const r = buildPairReport(input(...args));
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const pairs = [...randomPairs(EAS, 27, 8, { noise: 2 }), [1, 4] as const];
const report = build(paired(pairs, { notes: (i) => [i === 27 ? HOSTILE : `note ${i}`, ''] }), { drift: { batchSize: 10, step: 10 } });

function rowsOf(csv: string): Record<string, string>[] {
  const parsed = Papa.parse<Record<string, string>>(csv, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

describe('CSV', () => {
  it('has the published columns and one row per statistic', () => {
    const csv = reliabilityCsv(report);
    expect(csv.split('\r\n')[0]).toBe(RELIABILITY_CSV_COLUMNS.join(','));
    const rows = rowsOf(csv);
    const names = rows.map((r) => r['statistic']);
    for (const name of [
      'pairs',
      'excluded_unscorable',
      'pending_clips',
      'agreement_exact',
      'kappa_unweighted',
      'kappa_linear',
      'kappa_quadratic',
      'kappa_cutoff',
      'icc_2_1',
      'icc_3_1',
      'alpha_ordinal',
      'alpha_interval',
      'ac1',
      'ac2_linear',
      'ac2_quadratic',
      'bland_altman_bias',
      'bland_altman_sd',
      'bland_altman_lower_limit',
      'bland_altman_upper_limit',
      'verdict',
    ]) {
      expect(names, name).toContain(name);
    }
    expect(names.filter((n) => n === 'drift_kappa_linear')).toHaveLength(3);
    expect(rows.every((r) => r['dimension'] === 'sensitivity' && r['rater_a'] === 'coder1' && r['rater_b'] === 'coder2')).toBe(true);
  });

  it('writes every number at full precision, so it matches the report to the last digit', () => {
    const rows = rowsOf(reliabilityCsv(report));
    const linear = rows.find((r) => r['statistic'] === 'kappa_linear')!;
    const k = report.statistics.kappa.linear;
    if (!k.defined) throw new Error('undefined');
    expect(Number(linear['estimate'])).toBe(k.value.kappa);
    expect(Number(linear['se'])).toBe(k.value.se);
    expect(Number(linear['ci95_low'])).toBe(k.value.ci95[0]);
    expect(rows.find((r) => r['statistic'] === 'kappa_cutoff')!['parameter']).toBe('5.5');
    expect(rows.find((r) => r['statistic'] === 'verdict')!['result']).toBe(report.verdict.outcome);
  });

  it('leaves an undefined statistic empty, with its reason', () => {
    const empty = rowsOf(reliabilityCsv(build([])));
    const linear = empty.find((r) => r['statistic'] === 'kappa_linear')!;
    expect(linear['estimate']).toBe('');
    expect(linear['undefined_reason']).toBe('no_items');
    expect(empty.find((r) => r['statistic'] === 'verdict')!['result']).toBe('insufficient');
  });

  it('writes notes through the one CSV writer: text quoted, formulas defused, negative numbers kept as numbers', () => {
    const pairsCsv = rowsOf(reliabilityPairsCsv(report));
    expect(pairsCsv).toHaveLength(28);
    const hostile = pairsCsv.find((r) => r['note_a']!.includes('script'))!;
    expect(hostile['note_a']).toBe(HOSTILE);
    expect(hostile['score_a']).toBe('1');
    expect(hostile['difference']).toBe('-3');
  });
});

describe('JSON', () => {
  it('uses stable snake_case names and embeds the kappa JSON', () => {
    const json = pairReportJson(report);
    expect(Object.keys(json)).toEqual([
      'dimension',
      'rater_a',
      'rater_b',
      'clips',
      'range',
      'generated_at',
      'n',
      'excluded_unscorable',
      'excluded_missing_score',
      'pending',
      'period',
      'statistics',
      'verdict',
      'bland_altman',
      'confusion',
      'drift',
      'disagreement_size',
      'disagreements',
      'pairs',
    ]);
    expect(json.statistics.n).toBe(28);
    expect(json.statistics.skipped).toBe(1);
    expect(json.drift.batches[0]).toMatchObject({ batch: 1, first: 1, last: 10, n: 10, partial: false });
    expect(typeof json.drift.batches[0]!.kappa).toBe('number');
    const text = JSON.stringify(pairReportJson(build([])));
    expect(text).not.toMatch(/NaN|Infinity/);
  });
});

describe('printable HTML', () => {
  const html = reliabilityHtml(report, { studyName: 'VIPP <pilot>' });

  it('is one self-contained document: no script, no external resource, no style attribute', () => {
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<link|<img|<iframe|<object|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    // The only URL in an attribute is the SVG namespace, which is a name, not a fetch (the
    // hostile note's URL is escaped text).
    expect(html.match(/[a-z-]+="https?:[^"]*"/gi)?.every((a) => a === 'xmlns="http://www.w3.org/2000/svg"')).toBe(true);
  });

  it('allows exactly its own stylesheet by hash in its CSP', () => {
    const hash = createHash('sha256').update(REPORT_STYLE, 'utf8').digest('base64');
    expect(REPORT_STYLE_CSP_SOURCE).toBe(`'sha256-${hash}'`);
    expect(html).toContain(`<style>${REPORT_STYLE}</style>`);
    expect(html).toContain(REPORT_CSP.replace(/'/g, '&#39;'));
    expect(REPORT_CSP).toMatch(/^default-src 'none'/);
  });

  it('draws the heatmap, Bland–Altman and drift charts inline', () => {
    expect(html.match(/<svg /g)).toHaveLength(3);
    expect(html.match(/<rect [^>]*><title>/g)).toHaveLength(13 * 13);
    expect(html).toContain('aria-label="Bland–Altman plot');
    expect(html).toContain('threshold 0.7');
  });

  it('writes every chart label at 12 px or more', () => {
    const sizes = [...html.matchAll(/<svg[\s\S]*?<\/svg>/g)].flatMap((svg) => [...svg[0].matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1])));
    expect(sizes.length).toBeGreaterThan(20);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(12);
  });

  it('says when a drift batch is partial', () => {
    expect(report.driftNote).toBe('Batch 3 is partial: 8 of 10 clips.');
    expect(html).toContain('Batch 3 is partial: 8 of 10 clips.');
  });

  it('escapes coders’ notes and names', () => {
    expect(html).not.toContain(HOSTILE);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('VIPP &lt;pilot&gt;');
  });

  it('can leave the notes out', () => {
    const plain = reliabilityHtml(report, { studyName: 'x', includeNotes: false });
    expect(plain).not.toContain('alert(1)');
    expect(plain).not.toContain('Disagreements');
  });

  it('renders an empty report without NaN', () => {
    const empty = reliabilityHtml(build([]), { studyName: 'x' });
    expect(empty).not.toMatch(/NaN|Infinity/);
    expect(empty).toContain('NO VERDICT YET');
  });
});

describe('plain text', () => {
  it('shows the verdict, every statistic and the disagreements', () => {
    const text = reliabilityText(report);
    expect(text).toMatch(/^Reliability: EAS maternal sensitivity \(sensitivity\), coder1 \(A\) vs coder2 \(B\)/);
    expect(text).toMatch(/Verdict: (PASS|FAIL)/);
    expect(text).toMatch(/linear\s+-?\d\.\d{4}/);
    expect(text).toContain('ICC(2,1)');
    expect(text).toContain('Bland–Altman (A − B)');
    expect(text).toContain('A − B -3');
    expect(reliabilityText(build([]))).not.toMatch(/NaN/);
  });
});
