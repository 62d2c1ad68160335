// The session manifest (file → clinician, family, session number, date) and session file-name
// patterns: every problem reported at once, in the session's own words.
import { describe, expect, it } from 'vitest';
import { parseSessionsManifest } from '../../../electron/core/fidelity';
import { translateSessionPattern } from '../../../electron/core/fidelity/scan';

const csv = (text: string) => new TextEncoder().encode(text);

describe('parseSessionsManifest', () => {
  it('reads a REDCap-style export with a BOM, semicolons and aliased columns', () => {
    const parsed = parseSessionsManifest(csv('\uFEFFRecording;Therapist;Family ID;Session No;Session date\nAnna/F1_s1.m4a;de Vries, Anna;F1;01;2024-03-02\nBram\\F2_s3.wav;Bram;F2;3;\n'));
    expect(parsed).toMatchObject({
      ok: true,
      used: { file: 'Recording', clinician: 'Therapist', family: 'Family ID', session: 'Session No', date: 'Session date' },
      rows: [
        { file: 'Anna/F1_s1.m4a', clinician: 'de Vries, Anna', family: 'F1', sessionNumber: 1, date: '2024-03-02', row: 2 },
        { file: 'Bram/F2_s3.wav', clinician: 'Bram', family: 'F2', sessionNumber: 3, date: null, row: 3 },
      ],
    });
  });

  it('reports every problem of every row, with row and column', () => {
    const parsed = parseSessionsManifest(
      csv(
        [
          'file,clinician,family,session,date',
          'a.m4a,,F1,1,2024-01-01',
          'b.m4a,Anna,,2,2024-01-01',
          'c.m4a,Anna,F1,S3,2024-01-01',
          'd.m4a,Anna,F1,,03/04/2024',
          '/abs/e.m4a,Anna,F1,2.5,2024-01-01',
          'a.m4a,Anna,F2,1,2024-01-01',
        ].join('\n'),
      ),
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const found = parsed.problems.map((p) => [p.row, p.code]);
    expect(found).toEqual(
      expect.arrayContaining([
        [2, 'empty_clinician'],
        [3, 'empty_family'],
        [4, 'bad_session_number'],
        [5, 'empty_session_number'],
        [5, 'bad_date'],
        [6, 'absolute_path'],
        [6, 'bad_session_number'],
        [2, 'duplicate_file_row'],
        [7, 'duplicate_file_row'],
      ]),
    );
    const bad = parsed.problems.find((p) => p.row === 4)!;
    expect(bad).toMatchObject({ column: 'session' });
    expect(bad.message).toContain('"S3" is not a whole session number');
    expect(parsed.problems.find((p) => p.code === 'bad_date')?.message).toMatch(/yyyy-mm-dd/);
  });

  it('names the missing columns and where it looked', () => {
    const parsed = parseSessionsManifest(csv('file,participant,visit_date\na.m4a,F1,2024-01-01\n'));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    const messages = parsed.problems.map((p) => p.message).join('\n');
    expect(messages).toMatch(/No clinician column found.*therapist/);
    expect(messages).toMatch(/No session number column found/);
    expect(parsed.problems.every((p) => p.code === 'missing_column')).toBe(true);
  });

  it('takes columns chosen by name', () => {
    const parsed = parseSessionsManifest(csv('wav,who,dyad_code,nr\nx.wav,Anna,F9,7\n'), { fileColumn: 'wav', clinicianColumn: 'who', familyColumn: 'dyad_code', sessionColumn: 'nr' });
    expect(parsed).toMatchObject({ ok: true, rows: [{ file: 'x.wav', clinician: 'Anna', family: 'F9', sessionNumber: 7 }] });
  });
});

describe('session file-name patterns', () => {
  it('translate {clinician}, {family}, {session} for the recordings matcher', () => {
    expect(translateSessionPattern('{clinician}/{family}_s{session}_{date}.m4a')).toEqual({ ok: true, translated: '{task}/{participant}_s{timepoint}_{date}.m4a' });
    expect(translateSessionPattern('{ Clinician }/{participant}-{session}.wav')).toMatchObject({ ok: true });
  });

  it('require the three placeholders and refuse unknown ones, in session words', () => {
    const missing = translateSessionPattern('{family}_{session}.m4a');
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(missing.problems[0]?.message).toMatch(/no \{clinician\}/);
    const unknown = translateSessionPattern('{clinician}/{family}_{timepoint}.m4a');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) expect(unknown.problems[0]?.message).toMatch(/\{timepoint\} is not a placeholder we know; use \{clinician\}, \{family\}, \{session\} or \{date\}/);
  });

  it("reports the matcher's structural problems with the session placeholders", () => {
    const touching = translateSessionPattern('{clinician}{family}_{session}.m4a');
    expect(touching.ok).toBe(false);
    if (touching.ok) return;
    expect(touching.problems[0]?.message).toContain('{clinician} and {family} touch');
    expect(touching.problems[0]?.message).not.toMatch(/\{task\}|\{participant\}/);
  });
});
