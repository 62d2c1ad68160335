// The wide layout's timepoint suffixes and the readers' column facts: names every package accepts
// (Stata and SAS stop at 32 characters), labels Stata keeps (80), value labels for flags and codes.
import { describe, expect, it } from 'vitest';
import { MAX_NAME_LENGTH, timepointSuffixes } from '../../../electron/core/closeout/wide';
import { MAX_LABEL_LENGTH, readerColumns, readerScripts } from '../../../electron/core/closeout/readers';

const cells = (timepoints: (string | null)[], tasks: (string | null)[] = [null]) => timepoints.flatMap((timepoint) => tasks.map((task) => ({ timepoint, task })));

describe('timepointSuffixes', () => {
  it("uses each timepoint's own name, made portable, when every column then fits", () => {
    expect(timepointSuffixes(cells(['pre', 'post', 'Follow-up (6 m)']), ['sensitivity_source']).map((s) => s.suffix)).toEqual(['pre', 'post', 'follow_up_6_m']);
    expect(timepointSuffixes(cells(['T0', 'T1'], ['free play', 'clean-up']), ['quality']).map((s) => s.suffix)).toEqual(['t0_free_play', 't0_clean_up', 't1_free_play', 't1_clean_up']);
  });

  it('falls back to t0, t1, … when a name would pass 32 characters or two timepoints would collide', () => {
    const long = timepointSuffixes(cells(['baseline', 'twelve-month follow-up']), ['non_intrusiveness_source']);
    expect(long.map((s) => s.suffix)).toEqual(['t0', 't1']);
    expect(`non_intrusiveness_source_${long[1]!.suffix}`.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    expect(timepointSuffixes(cells(['6 m', '6-m']), ['x']).map((s) => s.suffix)).toEqual(['t0', 't1']);
    expect(timepointSuffixes(cells(['a', 'b'], ['free play', 'clean-up']), ['y'.repeat(25)]).map((s) => s.suffix)).toEqual(['t0k1', 't0k2', 't1k1', 't1k2']);
  });
});

describe('the readers', () => {
  const columns = [
    { name: 'participant', type: 'text', label: 'Participant id', description: 'Participant id.' },
    { name: 'recorded_pre', type: '0/1', description: '1 when the participant has a recording at pre.' },
    { name: 'note', type: 'text', description: `${'A very long description that goes on '.repeat(4)}. Second sentence.` },
    { name: 'source', type: 'text', description: 'Source.', values: 'primary, consensus' },
  ];
  const rows = [['P-001', 1, "=cmd|' /C calc'!A0", 'primary']];

  it('type each column, label it within 80 characters, and give flags and coded text their value labels', () => {
    const c = readerColumns(columns, rows);
    expect(c.map((x) => x.kind)).toEqual(['text', 'flag', 'text', 'text']);
    expect(c[1]!.valueLabels).toEqual([{ value: 0, label: 'No' }, { value: 1, label: 'Yes' }]);
    expect(c[3]!.valueLabels.map((v) => v.value)).toEqual(['primary', 'consensus']);
    expect(c[2]!.label.length).toBeLessThanOrEqual(MAX_LABEL_LENGTH);
    // The defused formula is written with its quote prefix: SPSS and SAS strings must hold it whole.
    expect(c[2]!.width).toBe(Buffer.byteLength("'=cmd|' /C calc'!A0"));
  });

  it('keep ids as text in every package', () => {
    const s = readerScripts('trial.csv', columns, rows, { bom: true, title: 'Test' });
    expect(s.r).toContain('participant = "character"');
    expect(s.r).toContain('fileEncoding = "UTF-8-BOM"');
    expect(s.spss).toContain('    participant A5\r\n');
    expect(s.stata).toContain('stringcols(1 3/4) numericcols(2)');
    expect(s.sas).toContain('input participant $ recorded_pre note $ source $;');
  });
});
