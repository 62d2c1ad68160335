import { describe, expect, it } from 'vitest';

import type { FilenameMatcher } from '../../../electron/core/setup/import';
import { compileFilenamePattern } from '../../../electron/core/setup/import';

function matcher(pattern: string): FilenameMatcher {
  const compiled = compileFilenamePattern(pattern);
  if (!compiled.ok) throw new Error(compiled.problems.map((p) => p.message).join('\n'));
  return compiled.matcher;
}

describe('compileFilenamePattern: matching', () => {
  it('matches the base name wherever the file sits, with * for any run of characters', () => {
    const m = matcher('{participant}_{timepoint}_*.mp4');
    expect(m.scope).toBe('name');
    expect(m.placeholders).toEqual(['participant', 'timepoint']);
    expect(m.match('wave 1/camera A/P001_T1_free play take 2.mp4')).toEqual({
      ok: true,
      value: { participant: 'P001', timepoint: 'T1', task: null, date: null },
    });
    expect(m.match('P001_T1_.mp4')).toMatchObject({ ok: true });
  });

  it('matches literal parts ignoring letter case (cameras write .MP4) but keeps values as written', () => {
    expect(matcher('{participant}_{timepoint}.mp4').match('vipp-012_Post.MP4')).toEqual({
      ok: true,
      value: { participant: 'vipp-012', timepoint: 'Post', task: null, date: null },
    });
  });

  it('reads task and date (yyyy-mm-dd or yyyymmdd, normalised)', () => {
    const m = matcher('{participant}_{timepoint}_{task}_{date}.mov');
    expect(m.match('P7_T2_bath_20240327.mov')).toEqual({ ok: true, value: { participant: 'P7', timepoint: 'T2', task: 'bath', date: '2024-03-27' } });
    expect(m.match('P7_T2_bath_2024-03-27.mov')).toMatchObject({ ok: true, value: { date: '2024-03-27' } });
  });

  it('allows a date right next to another value, since a date has a fixed shape', () => {
    expect(matcher('{participant}{date}.mp4').match('P0120240101.mp4')).toMatchObject({ ok: true, value: { participant: 'P01', date: '2024-01-01' } });
  });

  it('matches the whole relative path when the pattern has a folder, and checks a repeated placeholder', () => {
    const m = matcher('{timepoint}/{participant}/{participant}_*.mp4');
    expect(m.scope).toBe('path');
    expect(m.match('T2/P9/P9_session.mp4')).toMatchObject({ ok: true, value: { participant: 'P9', timepoint: 'T2' } });
    expect(m.match('T2/P9/P8_session.mp4')).toMatchObject({ ok: false, code: 'no_pattern_match' });
    expect(m.match('extra/T2/P9/P9_session.mp4')).toMatchObject({ ok: false, code: 'no_pattern_match' });
  });

  it('treats regular-expression characters in the pattern literally', () => {
    const m = matcher('({participant})+[{timepoint}].mp4');
    expect(m.match('(P1)+[T1].mp4')).toMatchObject({ ok: true, value: { participant: 'P1', timepoint: 'T1' } });
    expect(m.match('P1+T1.mp4')).toMatchObject({ ok: false });
  });

  it('matches non-ASCII names in either Unicode normal form', () => {
    const m = matcher('{participant}_{timepoint}.mp4');
    expect(m.match('Zoe\u0308-01_voormeting.mp4')).toEqual({ ok: true, value: { participant: 'Zo\u00eb-01', timepoint: 'voormeting', task: null, date: null } });
    expect(m.match('参加者7_事前.mp4')).toMatchObject({ ok: true, value: { participant: '参加者7', timepoint: '事前' } });
  });

  it('says why a name does not match and shows a name that would', () => {
    expect(matcher('{participant}_{timepoint}_*.mp4').match('T1/P001-T1.mp4')).toEqual({
      ok: false,
      code: 'no_pattern_match',
      message: '"P001-T1.mp4" does not match the pattern "{participant}_{timepoint}_*.mp4" (a matching name looks like "P001_T1_x.mp4").',
    });
  });

  it('reports a name that splits more than one way instead of guessing', () => {
    const m = matcher('{participant}-{timepoint}.mp4');
    expect(m.match('P01-T1.mp4')).toMatchObject({ ok: true, value: { participant: 'P01', timepoint: 'T1' } });
    const r = m.match('VIPP-01-T1.mp4');
    expect(r).toMatchObject({ ok: false, code: 'ambiguous_file_name' });
    expect(!r.ok && r.message).toBe(
      '"VIPP-01-T1.mp4" can be read in more than one way with the pattern "{participant}-{timepoint}.mp4": participant "VIPP-01", timepoint "T1", or participant "VIPP", timepoint "01-T1". Rename the file or use a separator that cannot occur in the values, such as "_".',
    );
  });

  it('reports an impossible date in the name', () => {
    expect(matcher('{participant}_{date}.mp4').match('P1_2023-02-30.mp4')).toEqual({
      ok: false,
      code: 'bad_date',
      message: '"P1_2023-02-30.mp4": the date "2023-02-30" is not a real calendar date.',
    });
  });
});

describe('compileFilenamePattern: rejected patterns', () => {
  const rejects = (pattern: string): string[] => {
    const compiled = compileFilenamePattern(pattern);
    if (compiled.ok) throw new Error(`expected ${pattern} to be rejected`);
    for (const p of compiled.problems) expect(p.code).toBe('bad_pattern');
    return compiled.problems.map((p) => p.message);
  };

  it('rejects an unknown placeholder, naming the ones we know', () => {
    expect(rejects('{participant}_{wave}.mp4')).toEqual([
      'The file-name pattern "{participant}_{wave}.mp4" cannot be used: {wave} is not a placeholder we know; use {participant}, {timepoint}, {task} or {date}.',
    ]);
  });

  it('rejects a pattern without {participant}', () => {
    expect(rejects('{timepoint}_*.mp4')).toEqual([
      'The file-name pattern "{timepoint}_*.mp4" cannot be used: it has no {participant}, so no file could be linked to a participant.',
    ]);
  });

  it('rejects unbalanced braces, empty patterns, touching placeholders, absolute and backslash paths', () => {
    expect(rejects('{participant_{timepoint}.mp4')[0]).toContain('the "{" at position 1 is never closed');
    expect(rejects('{participant}}.mp4')[0]).toContain('the "}" at position 14 has no matching "{"');
    expect(rejects('  ')[0]).toContain('it is empty');
    expect(rejects('{participant}{timepoint}.mp4')[0]).toContain('{participant} and {timepoint} touch');
    expect(rejects('/data/{participant}.mp4')[0]).toContain('starts at the root of the disk');
    expect(rejects('T1\\{participant}.mp4')[0]).toContain('separate folders with "/"');
  });

  it('accepts placeholder names in any letter case', () => {
    expect(matcher('{Participant}_{TIMEPOINT}.mp4').placeholders).toEqual(['participant', 'timepoint']);
  });
});
