import { describe, expect, it } from 'vitest';

import type { ImportProblem, ManifestParse } from '../../../electron/core/setup/import';
import { parseRecordingsManifest } from '../../../electron/core/setup/import';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function rowsOf(result: ManifestParse) {
  if (!result.ok) throw new Error(`expected ok, got problems:\n${result.problems.map((p) => `${p.row ?? '-'} ${p.code} ${p.message}`).join('\n')}`);
  return result.rows;
}

function problemsOf(result: ManifestParse): ImportProblem[] {
  if (result.ok) throw new Error('expected problems, got ok');
  return result.problems;
}

describe('parseRecordingsManifest: shapes that import', () => {
  it('reads file, participant, timepoint, task and date', () => {
    const csv = 'file,participant,timepoint,task,date\nT1/P001_T1.mp4,P001,T1,free play,2024-03-27\nT2/P001_T2.mp4,P001,T2,,\n';
    const result = parseRecordingsManifest(utf8(csv));
    expect(rowsOf(result)).toEqual([
      { file: 'T1/P001_T1.mp4', participant: 'P001', timepoint: 'T1', task: 'free play', date: '2024-03-27', row: 2 },
      { file: 'T2/P001_T2.mp4', participant: 'P001', timepoint: 'T2', task: null, date: null, row: 3 },
    ]);
    expect(result.ok && result.used).toEqual({ file: 'file', participant: 'participant', timepoint: 'timepoint', task: 'task', date: 'date' });
  });

  it('works without the optional task and date columns', () => {
    const result = parseRecordingsManifest(utf8('filename;record_id;wave\nP1.mov;P1;baseline\n'));
    expect(rowsOf(result)).toEqual([{ file: 'P1.mov', participant: 'P1', timepoint: 'baseline', task: null, date: null, row: 2 }]);
    expect(result.ok && result.used).toEqual({ file: 'filename', participant: 'record_id', timepoint: 'wave', task: null, date: null });
  });

  it('uses explicit column names over detection', () => {
    const csv = 'Video,Child,Visit,Episode,Filmed,file\nclip.mp4,C7,post,bath,2023-11-02,ignored.mp4\n';
    const result = parseRecordingsManifest(utf8(csv), {
      fileColumn: 'Video',
      participantColumn: 'Child',
      timepointColumn: 'Visit',
      taskColumn: 'Episode',
      dateColumn: 'Filmed',
    });
    expect(rowsOf(result)).toEqual([{ file: 'clip.mp4', participant: 'C7', timepoint: 'post', task: 'bath', date: '2023-11-02', row: 2 }]);
  });

  it('normalises paths: Windows separators, "./", inner "..", Unicode NFC', () => {
    const decomposed = 'Zoe\u0308.mp4'; // "Zoë" as macOS spells it
    const csv = `file,participant,timepoint\nT1\\P1.mp4,P1,T1\n./T1/./P2.mp4,P2,T1\nT1/old/../P3.mp4,P3,T1\n${decomposed},P4,T1\n`;
    expect(rowsOf(parseRecordingsManifest(utf8(csv))).map((r) => r.file)).toEqual(['T1/P1.mp4', 'T1/P2.mp4', 'T1/P3.mp4', 'Zo\u00eb.mp4']);
  });

  it('counts rows physically across a quoted value with a line break, after a BOM', () => {
    const csv = '\ufefffile,participant,timepoint,notes\na.mp4,P1,T1,"two\nlines"\nb.mp4,P2,T1,\n';
    expect(rowsOf(parseRecordingsManifest(utf8(csv))).map((r) => r.row)).toEqual([2, 4]);
  });
});

describe('parseRecordingsManifest: problems', () => {
  it('rejects absolute paths (POSIX, Windows drive, UNC) and paths that leave the folder', () => {
    const csv = [
      'file,participant,timepoint',
      '/Volumes/Camera/P1.mp4,P1,T1',
      'C:\\Users\\ra\\P2.mp4,P2,T1',
      '\\\\server\\share\\P3.mp4,P3,T1',
      '../other-study/P4.mp4,P4,T1',
      'T1/../../P5.mp4,P5,T1',
      'T1/../P6.mp4,P6,T1',
    ].join('\n');
    const problems = problemsOf(parseRecordingsManifest(utf8(csv)));
    expect(problems.map((p) => [p.row, p.code, p.column])).toEqual([
      [2, 'absolute_path', 'file'],
      [3, 'absolute_path', 'file'],
      [4, 'absolute_path', 'file'],
      [5, 'path_escapes_folder', 'file'],
      [6, 'path_escapes_folder', 'file'],
    ]);
    expect(problems[0]?.message).toBe(
      'Row 2: "/Volumes/Camera/P1.mp4" is an absolute path. Write the path relative to the recordings folder, for example "T1/P001_T1.mp4".',
    );
    expect(problems[3]?.message).toBe(
      'Row 5: "../other-study/P4.mp4" points outside the recordings folder (through ".."). Move the file into the recordings folder and write its path relative to it.',
    );
  });

  it('validates dates as yyyy-mm-dd and explains ambiguous day/month dates', () => {
    const csv = 'file,participant,timepoint,date\na.mp4,P1,T1,03/04/2023\nb.mp4,P2,T1,2023-02-30\nc.mp4,P3,T1,27 March 2024\nd.mp4,P4,T1,2024-02-29\n';
    const problems = problemsOf(parseRecordingsManifest(utf8(csv)));
    expect(problems.map((p) => [p.row, p.code, p.column])).toEqual([
      [2, 'bad_date', 'date'],
      [3, 'bad_date', 'date'],
      [4, 'bad_date', 'date'],
    ]);
    expect(problems[0]?.message).toMatch(/^Row 2: recording date "03\/04\/2023" is not a yyyy-mm-dd date\. Dates like this are read differently in different countries/);
    expect(problems[1]?.message).toBe('Row 3: recording date "2023-02-30" is not a real calendar date.');
    expect(problems[2]?.message).toBe('Row 4: recording date "27 March 2024" is not a yyyy-mm-dd date. Write dates as yyyy-mm-dd, for example 2024-03-27.');
  });

  it('reports empty file, participant and timepoint cells', () => {
    const problems = problemsOf(parseRecordingsManifest(utf8('file,participant,timepoint\n,P1,T1\nb.mp4,,T1\nc.mp4,P3,\n')));
    expect(problems).toEqual([
      { code: 'empty_file_path', row: 2, column: 'file', message: 'Row 2 has no file name.' },
      { code: 'empty_participant', row: 3, column: 'participant', message: 'Row 3 has no participant id in column "participant".' },
      { code: 'empty_timepoint', row: 4, column: 'timepoint', message: 'Row 4 has no timepoint in column "timepoint".' },
    ]);
  });

  it('reports a file listed twice, on both rows (also when spelled differently)', () => {
    const problems = problemsOf(parseRecordingsManifest(utf8('file,participant,timepoint\nT1/a.mp4,P1,T1\nb.mp4,P2,T1\nT1\\a.mp4,P3,T1\n')));
    const message = 'The file "T1/a.mp4" is listed on rows 2 and 4; list each recording once.';
    expect(problems).toEqual([
      { code: 'duplicate_file_row', row: 2, column: 'file', file: 'T1/a.mp4', message },
      { code: 'duplicate_file_row', row: 4, column: 'file', file: 'T1/a.mp4', message },
    ]);
  });

  it('names the missing required columns and what was found; task and date are optional', () => {
    const problems = problemsOf(parseRecordingsManifest(utf8('video_name,child,when\nx.mp4,P1,T1\n')));
    expect(problems.map((p) => p.code)).toEqual(['missing_column', 'missing_column', 'missing_column']);
    expect(problems[0]?.message).toMatch(/^No file column found\./);
    expect(problems[1]?.message).toMatch(/^No participant id column found\./);
    expect(problems[2]?.message).toMatch(/^No timepoint column found\./);
    for (const p of problems) expect(p.message).toContain('Columns in the file: "video_name", "child", "when".');
  });

  it('has the same text robustness as the allocation list (non-UTF-8 bytes)', () => {
    const bytes = new Uint8Array([...utf8('file,participant,timepoint\nJos'), 0xe9, ...utf8('.mp4,P1,T1\n')]);
    const [p] = problemsOf(parseRecordingsManifest(bytes));
    expect(p).toMatchObject({ code: 'not_utf8', row: 2 });
    expect(p?.message).toContain('byte 0xE9 at byte offset 30');
    expect(p?.message).toContain('probably "é"');
  });
});
