// Importing session recordings by file-name pattern: the outcome recordings' checks (empty,
// truncated, unreadable, duplicate content, links out of the folder) plus the session's own (sound
// needed, whole session numbers, one recording per family and session) — all reported together,
// nothing imported until there are none; then a clean folder lands whole, sealed.
import { copyFile, mkdir, symlink, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStudyKey, type Keyring } from '../../../electron/core/blinding/sealedKey';
import { importSessions, scanSessions } from '../../../electron/core/fidelity';
import { sessionRecordingsOf } from '../../../electron/core/fidelity/sealed';
import { runFfmpeg } from '../../../electron/core/media/run';
import { createStudy } from '../../../electron/core/study/study';
import { makeClip } from '../../support/mediaFixtures';
import { useWorkspace } from '../deidentify/workspace';
import { storedBytes } from '../../support/testDb';

const ws = useWorkspace('fidelity-import');
const PATTERN = '{clinician}/{family}_s{session}_{date}.*';

async function audio(file: string, frequency: number): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=1`, '-c:a', 'aac', '-b:a', '48k', file]);
}

beforeAll(async () => {
  const bad = (p: string) => ws.path('bad', p);
  await audio(bad('Anna/F1_s1_2024-01-02.m4a'), 300);
  await writeFile(bad('Anna/F1_s2_2024-01-09.m4a'), '');
  await makeClip(bad('Anna/F1_s3_2024-01-16.mp4'), { seconds: 1, size: '160x120', extra: ['-movflags', '+faststart'] });
  await truncate(bad('Anna/F1_s3_2024-01-16.mp4'), 3000);
  await mkdir(ws.path('bad', 'Bram'), { recursive: true });
  await makeClip(bad('Bram/F2_s1_2024-01-03.mp4'), { seconds: 1, size: '160x120', audioCodec: 'none' });
  await audio(bad('Anna/F3_s1_2024-01-04.m4a'), 400);
  await audio(bad('Bram/F3_s1_2024-01-05.m4a'), 500);
  await copyFile(bad('Anna/F1_s1_2024-01-02.m4a'), bad('Bram/F9_s4_2024-02-01.m4a'));
  await audio(bad('Bram/F4_sA_2024-01-06.m4a'), 600);
  await audio(bad('Bram/notes from F5.m4a'), 700);
  await audio(ws.path('outside', 'F6_s1_2024-01-01.m4a'), 800);
  await symlink(ws.path('outside', 'F6_s1_2024-01-01.m4a'), bad('Bram/F6_s1_2024-01-01.m4a'));

  await audio(ws.path('good', 'Anna', 'F1_s1_2024-01-02.m4a'), 310);
  await audio(ws.path('good', 'Anna', 'F1_s2_20240109.m4a'), 320);
  await mkdir(ws.path('good', 'Bram'), { recursive: true });
  await makeClip(ws.path('good', 'Bram', 'F2_s1_2024-01-03.mp4'), { seconds: 1, size: '160x120' });
  await mkdir(ws.path('good', 'Chen'), { recursive: true });
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=1', '-c:a', 'pcm_s16le', ws.path('good', 'Chen', 'F7_s12_2024-02-02.wav')]);
  await writeFile(ws.path('good', 'Chen', 'session notes.txt'), 'not a recording');
}, 120_000);

describe('scanSessions', () => {
  it('reports every problem in the folder, in session words', async () => {
    const scan = await scanSessions(ws.path('bad'), { kind: 'pattern', pattern: PATTERN });
    const byFile = (file: string) => scan.problems.filter((p) => p.file === file).map((p) => p.code);
    expect(byFile('Anna/F1_s2_2024-01-09.m4a')).toEqual(['empty_media']);
    expect(byFile('Anna/F1_s3_2024-01-16.mp4')).toEqual(['truncated_media']);
    expect(byFile('Bram/F2_s1_2024-01-03.mp4')).toEqual(['no_audio_stream']);
    expect(byFile('Anna/F3_s1_2024-01-04.m4a')).toEqual(['duplicate_mapping']);
    expect(byFile('Bram/F3_s1_2024-01-05.m4a')).toEqual(['duplicate_mapping']);
    expect(byFile('Bram/F9_s4_2024-02-01.m4a')).toEqual(['duplicate_content']);
    expect(byFile('Bram/F4_sA_2024-01-06.m4a')).toEqual(['bad_session_number']);
    expect(byFile('Bram/notes from F5.m4a')).toEqual(['no_pattern_match']);
    expect(byFile('Bram/F6_s1_2024-01-01.m4a')).toEqual(['symlink_outside_folder']);
    const message = (code: string) => scan.problems.find((p) => p.code === code)?.message ?? '';
    expect(message('duplicate_mapping')).toMatch(/2 files are session 1 of family "F3"/);
    expect(message('no_audio_stream')).toMatch(/has no sound/);
    expect(message('no_pattern_match')).toContain('does not match the pattern "{clinician}/{family}_s{session}_{date}.*"');
    expect(message('no_pattern_match')).toContain('a matching name looks like "AnnaB/F012_s3_2024-03-27.x"');
    expect(message('bad_session_number')).toMatch(/the session number "A" is not a whole session number/);
  });
});

describe('importSessions', () => {
  let keyring: Keyring;
  let study: ReturnType<typeof createStudy>;
  beforeAll(async () => {
    study = createStudy(ws.path('study'), 'Import test');
    keyring = await createStudyKey(study.db, 'import test passphrase', { N: 2 ** 10, r: 8, p: 1 });
  });

  it('imports nothing from a folder with problems', async () => {
    const outcome = await importSessions(study.db, keyring, ws.path('bad'), { kind: 'pattern', pattern: PATTERN }, 'test');
    expect(outcome.ok).toBe(false);
    expect(study.db.prepare('SELECT COUNT(*) AS n FROM sealed_entries').get()).toEqual({ n: 0 });
  });

  it('seals a clean folder whole: clinician, family, session number, date and source, under opaque codes', async () => {
    const outcome = await importSessions(study.db, keyring, ws.path('good'), { kind: 'pattern', pattern: PATTERN }, 'test');
    expect(outcome).toEqual({ ok: true, value: { sessions: 4 } });
    const sealed = sessionRecordingsOf(study.db, keyring).sort((a, b) => (a.sourceFile < b.sourceFile ? -1 : 1));
    expect(sealed.map((s) => [s.sourceFile, s.clinician, s.family, s.sessionNumber, s.date])).toEqual([
      ['Anna/F1_s1_2024-01-02.m4a', 'Anna', 'F1', 1, '2024-01-02'],
      ['Anna/F1_s2_20240109.m4a', 'Anna', 'F1', 2, '2024-01-09'],
      ['Bram/F2_s1_2024-01-03.mp4', 'Bram', 'F2', 1, '2024-01-03'],
      ['Chen/F7_s12_2024-02-02.wav', 'Chen', 'F7', 12, '2024-02-02'],
    ]);
    for (const s of sealed) expect(s.code).toMatch(/^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$/);
    expect(study.db.prepare("SELECT COUNT(*) AS n FROM deid_jobs").get()).toEqual({ n: 0 });
    const log = study.db.prepare("SELECT detail FROM audit_log WHERE action = 'sessions.import'").get() as { detail: string };
    expect(JSON.parse(log.detail)).toEqual({ sessions: 4 });
    const bytes = storedBytes(study.db, study.paths.database);
    for (const planted of ['Anna', 'Bram', 'F7_s12', '2024-01-02']) expect(bytes).not.toContain(planted);
  });

  it('refuses the same sessions again, naming the earlier import', async () => {
    const again = await importSessions(study.db, keyring, ws.path('good'), { kind: 'pattern', pattern: PATTERN }, 'test');
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.problems.filter((p) => p.code === 'duplicate_mapping')).toHaveLength(4);
    expect(again.problems.filter((p) => p.code === 'duplicate_content')).toHaveLength(4);
  });
});
