// The allocation list as trial teams actually send it: REDCap exports (raw codes, labels,
// longitudinal), Excel saves (BOM, semicolons, Windows-1252), hand-edited files. Every problem is
// checked for its code, row, column and the words a manager needs.
import { describe, expect, it } from 'vitest';

import type { AllocationParse, ImportProblem } from '../../../electron/core/setup/import';
import { parseAllocationCsv } from '../../../electron/core/setup/import';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function rowsOf(result: AllocationParse) {
  if (!result.ok) throw new Error(`expected ok, got problems:\n${result.problems.map((p) => `${p.row ?? '-'} ${p.code} ${p.message}`).join('\n')}`);
  return result.rows;
}

function problemsOf(result: AllocationParse): ImportProblem[] {
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems;
}

describe('parseAllocationCsv: shapes that import', () => {
  it('reads participant, arm and stratum, normalising arm spelling to the configured label', () => {
    const result = parseAllocationCsv(utf8('participant,arm,stratum\nP001,Intervention,site A\nP002,CONTROL,site B\n'));
    expect(rowsOf(result)).toEqual([
      { participant: 'P001', arm: 'intervention', stratum: 'site A', row: 2 },
      { participant: 'P002', arm: 'control', stratum: 'site B', row: 3 },
    ]);
    expect(result.ok && result.columns).toEqual(['participant', 'arm', 'stratum']);
    expect(result.ok && result.used).toEqual({ participant: 'participant', arm: 'arm', stratum: ['stratum'] });
  });

  it('reads a REDCap raw export: record_id, DAG, rand_group coded 1/2, two strat_ fields', () => {
    const csv =
      'record_id,redcap_data_access_group,rand_group,strat_site,strat_sex\n' +
      '1001,leiden,1,1,2\n' +
      '1002,london,2,2,1\n';
    const result = parseAllocationCsv(utf8(csv), { armMap: { '1': 'intervention', '2': 'control' } });
    expect(rowsOf(result)).toEqual([
      { participant: '1001', arm: 'intervention', stratum: 'strat_site=1; strat_sex=2', row: 2 },
      { participant: '1002', arm: 'control', stratum: 'strat_site=2; strat_sex=1', row: 3 },
    ]);
    expect(result.ok && result.used.stratum).toEqual(['strat_site', 'strat_sex']);
  });

  it('explains numeric arms in a REDCap raw export when no arm codes are given', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('record_id,randomization_group\n1001,1\n1002,2\n')));
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatchObject({ code: 'unknown_arm', row: 2, column: 'randomization_group' });
    expect(problems[0]?.message).toContain('arm "1" is not one of the trial\'s arms (intervention, control)');
    expect(problems[0]?.message).toContain('REDCap');
  });

  it('reads a REDCap label export ("Record ID", "Randomization Group") and a chosen stratum column', () => {
    const csv = '"Record ID","Randomization Group","Site"\n"1001","Intervention","Leiden"\n"1002","Control","London"\n';
    const result = parseAllocationCsv(utf8(csv), { stratumColumn: 'site' });
    expect(rowsOf(result).map((r) => [r.participant, r.arm, r.stratum])).toEqual([
      ['1001', 'intervention', 'Leiden'],
      ['1002', 'control', 'London'],
    ]);
    expect(result.ok && result.used).toEqual({ participant: 'Record ID', arm: 'Randomization Group', stratum: ['Site'] });
  });

  it('reads redcap_randomization_group as the arm column', () => {
    const result = parseAllocationCsv(utf8('record_id,redcap_randomization_group\nA1,control\n'));
    expect(rowsOf(result)).toEqual([{ participant: 'A1', arm: 'control', stratum: null, row: 2 }]);
  });

  it('reads a longitudinal REDCap export: the arm is on one event row, other events are not duplicates', () => {
    const csv =
      'record_id,redcap_event_name,rand_group,strat_site\n' +
      '1001,screening_arm_1,,\n' +
      '1001,baseline_arm_1,1,2\n' +
      '1001,followup_arm_1,,\n' +
      '1002,screening_arm_1,,\n' +
      '1002,baseline_arm_1,2,1\n';
    const result = parseAllocationCsv(utf8(csv), { armMap: { 1: 'intervention', 2: 'control' } });
    expect(rowsOf(result)).toEqual([
      { participant: '1001', arm: 'intervention', stratum: '2', row: 3 },
      { participant: '1002', arm: 'control', stratum: '1', row: 6 },
    ]);
  });

  it('reports a longitudinal record that has no arm on any event', () => {
    const csv = 'record_id,redcap_event_name,rand_group\n1001,baseline_arm_1,1\n1003,screening_arm_1,\n1003,baseline_arm_1,\n';
    const problems = problemsOf(parseAllocationCsv(utf8(csv), { armMap: { 1: 'intervention' } }));
    expect(problems).toEqual([
      {
        code: 'no_arm_on_any_event',
        row: 3,
        column: 'rand_group',
        message: 'Participant "1003" (first seen on row 3) has no arm on any of their rows in column "rand_group".',
      },
    ]);
  });

  it('accepts a UTF-8 byte-order mark (Excel "CSV UTF-8") without it leaking into the first column name', () => {
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('record_id,arm\nZoë-01,control\n')]);
    const result = parseAllocationCsv(bom);
    expect(result.ok && result.columns[0]).toBe('record_id');
    expect(rowsOf(result)[0]?.participant).toBe('Zoë-01');
  });

  it('detects a semicolon delimiter (Excel with a decimal comma) and keeps commas inside values', () => {
    const csv = 'participant;arm;age_months;stratum\nP001;intervention;14,5;north, rural\nP002;control;20,0;south\n';
    expect(rowsOf(parseAllocationCsv(utf8(csv)))).toEqual([
      { participant: 'P001', arm: 'intervention', stratum: 'north, rural', row: 2 },
      { participant: 'P002', arm: 'control', stratum: 'south', row: 3 },
    ]);
  });

  it('detects a tab delimiter', () => {
    expect(rowsOf(parseAllocationCsv(utf8('participant\tarm\nP1\tcontrol\n')))).toEqual([{ participant: 'P1', arm: 'control', stratum: null, row: 2 }]);
  });

  it('counts physical lines when a quoted value holds line breaks, with LF or CRLF endings', () => {
    const lines = ['participant,arm,notes', 'P001,intervention,"first line', 'second line', 'third line"', 'P002,control,ok', 'P003,placebo,x'];
    for (const eol of ['\n', '\r\n']) {
      const result = parseAllocationCsv(utf8(lines.join(eol) + eol));
      const problems = problemsOf(result);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatchObject({ code: 'unknown_arm', row: 6, column: 'arm' });
      expect(problems[0]?.message).toBe('Row 6: arm "placebo" is not one of the trial\'s arms (intervention, control).');
    }
    const ok = parseAllocationCsv(utf8(lines.slice(0, 5).join('\r\n')));
    expect(rowsOf(ok).map((r) => r.row)).toEqual([2, 5]);
  });

  it('reads old Mac line endings (CR only) and Excel\'s "sep=;" first line, counting it as a row', () => {
    expect(rowsOf(parseAllocationCsv(utf8('participant,arm\rP1,control\rP2,intervention\r'))).map((r) => r.row)).toEqual([2, 3]);
    const withSep = parseAllocationCsv(utf8('sep=;\r\nparticipant;arm\r\nP1;control\r\nP2;tretment\r\n'));
    expect(problemsOf(withSep)).toEqual([
      { code: 'unknown_arm', row: 4, column: 'arm', message: 'Row 4: arm "tretment" is not one of the trial\'s arms (intervention, control).' },
    ]);
  });

  it('ignores blank lines (including Excel\'s ",,," rows) and trims whitespace, keeping row numbers physical', () => {
    const csv = '  participant , arm \n\n  P001  ,  intervention  \n,,\n P002,control\t\n\n\n   \n';
    expect(rowsOf(parseAllocationCsv(utf8(csv)))).toEqual([
      { participant: 'P001', arm: 'intervention', stratum: null, row: 3 },
      { participant: 'P002', arm: 'control', stratum: null, row: 5 },
    ]);
  });

  it('lets explicit column names override detection, matched ignoring case and punctuation', () => {
    const csv = 'Subject,participant,Group allocated,Block\nS1,old-id,Intervention,3\n';
    const result = parseAllocationCsv(utf8(csv), { idColumn: 'subject', armColumn: 'group_allocated', stratumColumn: 'Block' });
    expect(rowsOf(result)).toEqual([{ participant: 'S1', arm: 'intervention', stratum: '3', row: 2 }]);
  });

  it('accepts a custom list of arms, case-insensitively, and arm codes next to labels', () => {
    const csv = 'participant,arm\nP1,VIPP-SD\nP2,waitlist\nP3,2\nP4,Usual care\n';
    const result = parseAllocationCsv(utf8(csv), { arms: ['VIPP-SD', 'Usual care', 'Waitlist'], armMap: { '2': 'usual care' } });
    expect(rowsOf(result).map((r) => r.arm)).toEqual(['VIPP-SD', 'Waitlist', 'Usual care', 'Usual care']);
  });
});

describe('parseAllocationCsv: problems', () => {
  it('reports non-UTF-8 bytes with the row, byte offset and how to re-save as CSV UTF-8', () => {
    const latin1 = new Uint8Array([...utf8('participant,arm\nP001,control\nZo'), 0xeb, ...utf8('-02,intervention\n')]);
    const problems = problemsOf(parseAllocationCsv(latin1));
    expect(problems).toHaveLength(1);
    const [p] = problems;
    expect(p).toMatchObject({ code: 'not_utf8', row: 3 });
    expect(p?.message).toContain('row 3 has the byte 0xEB at byte offset 31');
    expect(p?.message).toContain('right after "Zo"');
    expect(p?.message).toContain('probably "ë" saved in a Windows/Latin-1 encoding');
    expect(p?.message).toContain('CSV UTF-8');
  });

  it('counts the BOM in the byte offset and names the other rows with bad bytes', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('participant,arm\n'), 0xe9, ...utf8(',control\nok,control\n'), 0x41, 0xff, ...utf8(',control\n')]);
    const [p] = problemsOf(parseAllocationCsv(bytes));
    expect(p).toMatchObject({ code: 'not_utf8', row: 2 });
    expect(p?.message).toContain('byte 0xE9 at byte offset 19');
    expect(p?.message).toContain('Row 4 also has bytes that are not UTF-8.');
  });

  it('reports a UTF-16 file (Excel "Unicode Text")', () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x70, 0x00, 0x2c, 0x00]);
    const [p] = problemsOf(parseAllocationCsv(utf16));
    expect(p?.code).toBe('utf16');
    expect(p?.message).toContain('UTF-16');
    expect(p?.message).toContain('CSV UTF-8');
  });

  it('names the missing columns and the columns found', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('name,dob,site\nAnna,2020-01-01,A\n')));
    expect(problems.map((p) => p.code)).toEqual(['missing_column', 'missing_column']);
    expect(problems[0]?.row).toBe(1);
    expect(problems[0]?.message).toMatch(/^No participant id column found\. Looked for a column named participant, participant_id, record_id/);
    expect(problems[0]?.message).toContain('Columns in the file: "name", "dob", "site".');
    expect(problems[0]?.message).toContain('(idColumn)');
    expect(problems[1]?.message).toMatch(/^No arm column found\. Looked for a column named arm, allocation/);
    expect(problems[1]?.message).toContain('(armColumn)');
  });

  it('names an explicitly chosen column that is not in the file', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('record_id,arm\n1,control\n'), { stratumColumn: ['strat_site', 'strat_age'] }));
    expect(problems).toEqual([
      {
        code: 'missing_column',
        row: 1,
        column: 'strat_site',
        message: 'The column "strat_site" chosen for the stratum (stratumColumn) is not in the file. Columns in the file: "record_id", "arm".',
      },
      {
        code: 'missing_column',
        row: 1,
        column: 'strat_age',
        message: 'The column "strat_age" chosen for the stratum (stratumColumn) is not in the file. Columns in the file: "record_id", "arm".',
      },
    ]);
  });

  it('refuses to guess between two plausible id columns', () => {
    const [p] = problemsOf(parseAllocationCsv(utf8('record_id,participant_id,arm\n1,P1,control\n')));
    expect(p).toMatchObject({ code: 'ambiguous_column', row: 1 });
    expect(p?.message).toBe('"record_id" (column A) and "participant_id" (column B) could each hold the participant id; choose which one to use (idColumn).');
  });

  it('reports a column name that occurs twice', () => {
    const [p] = problemsOf(parseAllocationCsv(utf8('participant,arm,arm\nP1,control,intervention\n')));
    expect(p).toEqual({
      code: 'duplicate_column',
      row: 1,
      column: 'arm',
      message: '2 columns are called "arm" (columns B and C); keep one, or rename the others.',
    });
  });

  it('reports an empty and an unknown arm with row and column', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('participant,allocation\nP1,\nP2,treatment\nP3,control\n')));
    expect(problems).toEqual([
      { code: 'empty_arm', row: 2, column: 'allocation', message: 'Row 2 (participant "P1") has no arm in column "allocation".' },
      { code: 'unknown_arm', row: 3, column: 'allocation', message: 'Row 3: arm "treatment" is not one of the trial\'s arms (intervention, control).' },
    ]);
  });

  it('reports an empty participant id', () => {
    expect(problemsOf(parseAllocationCsv(utf8('participant,arm\n ,control\nP2,control\n')))).toEqual([
      { code: 'empty_participant', row: 2, column: 'participant', message: 'Row 2 has no participant id in column "participant".' },
    ]);
  });

  it('reports a duplicate participant on both rows', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('participant,arm\nP1,control\nP2,control\nP1,intervention\n')));
    const message = 'Participant "P1" appears on rows 2 and 4; each participant must be allocated once.';
    expect(problems).toEqual([
      { code: 'duplicate_participant', row: 2, column: 'participant', message },
      { code: 'duplicate_participant', row: 4, column: 'participant', message },
    ]);
  });

  it('reports ids that differ only in letter case as duplicates', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('participant,arm\nvipp-01,control\nVIPP-01,control\n')));
    expect(problems.map((p) => [p.code, p.row])).toEqual([
      ['duplicate_participant', 2],
      ['duplicate_participant', 3],
    ]);
    expect(problems[0]?.message).toBe('Participant ids "vipp-01" (row 2) and "VIPP-01" (row 3) differ only in letter case; each participant must be allocated once.');
  });

  it('reports a value with an unquoted delimiter (more values than columns)', () => {
    const [p] = problemsOf(parseAllocationCsv(utf8('participant,arm,stratum\nP1,control,north,rural\n')));
    expect(p).toEqual({
      code: 'extra_cells',
      row: 2,
      message: 'Row 2 has 4 values but the header has 3 columns. A value probably contains an unquoted ",": put that value in double quotes.',
    });
  });

  it('reports a quoted value that is never closed, at the row where it starts', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('participant,arm\nP1,control\nP2,"control\nP3,intervention\n')));
    expect(problems[0]).toMatchObject({ code: 'unclosed_quote', row: 3 });
    expect(problems[0]?.message).toContain('A quoted value on row 3 is never closed');
  });

  it('reports an empty file and a file with only a header', () => {
    expect(problemsOf(parseAllocationCsv(utf8('\n  \n')))).toEqual([{ code: 'empty_file', message: 'The file is empty.' }]);
    expect(problemsOf(parseAllocationCsv(new Uint8Array([0xef, 0xbb, 0xbf])))[0]?.code).toBe('empty_file');
    expect(problemsOf(parseAllocationCsv(utf8('participant,arm\n')))).toEqual([
      { code: 'empty_file', row: 1, message: 'The file has a header row but no participants.' },
    ]);
  });

  it('reports arm codes that point to an arm the trial does not have', () => {
    const problems = problemsOf(parseAllocationCsv(utf8('participant,arm\nP1,1\n'), { armMap: { '1': 'intervention', '3': 'waitlist' } }));
    expect(problems).toEqual([
      { code: 'bad_arm_option', message: 'The arm codes send "3" to "waitlist", which is not one of the arms (intervention, control).' },
    ]);
  });

  it('reports every problem in one pass, in row order, and still returns the columns', () => {
    const csv = [
      'record_id,arm,strat_site', // 1
      'P1,intervention,A', // 2
      ',control,A', // 3
      'P3,,B', // 4
      'P1,control,B', // 5
      'P5,tretment,A', // 6
      '', // 7
      'P7,Control,B', // 8
      '',
      '',
    ].join('\n');
    const result = parseAllocationCsv(utf8(csv));
    expect(problemsOf(result).map((p) => [p.row, p.code, p.column])).toEqual([
      [2, 'duplicate_participant', 'record_id'],
      [3, 'empty_participant', 'record_id'],
      [4, 'empty_arm', 'arm'],
      [5, 'duplicate_participant', 'record_id'],
      [6, 'unknown_arm', 'arm'],
    ]);
    expect(!result.ok && result.columns).toEqual(['record_id', 'arm', 'strat_site']);
  });
});
