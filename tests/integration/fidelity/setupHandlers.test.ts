// The manager's fidelity set-up through the contract (createCore, as the app and the e2e harness
// call it): the key opened in the Set-up tab or a specific refusal; bad folders and manifests refused
// whole with the database unchanged; preview, import, a seeded 10% sample with the rule in words, a
// later round for sessions added since, de-identification to audio with progress on the task board,
// auditors assigned — and nothing an auditor receives naming a clinician or a family.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../../electron/core/app/core';
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import { contract, type AuditClipView, type CallName, type FidelityReportView, type FidelitySampleView, type FidelitySetupStatus, type TaskProgressView } from '../../../electron/common/contract';
import { replaySessionSample } from '../../../electron/core/fidelity';
import { runFfmpeg } from '../../../electron/core/media/run';
import { cliWith } from '../../support/cli';
import { makeClip } from '../../support/mediaFixtures';
import { coreCalls } from '../../support/coreCalls';
import { tempDir } from '../../support/tempStudy';

const PASSPHRASE = 'fidelity set-up passphrase';
const PASSWORD = 'set-up-password';
const CLINICIANS = ['AnnaB', 'BramJ', 'ChenL'] as const;
const PATTERN = '{clinician}/{family}_s{session}.*';
const MANAGER = 'mia';
const AUDITORS = ['auditor-one', 'auditor-two'] as const;
const M = 'manager-window';

let root: string;
let cleanup: () => void;
let studyDir: string;
let core: Core;

const run = cliWith({ BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: PASSWORD });
async function cli(...argv: string[]): Promise<void> {
  const r = await run(...argv);
  if (r.code !== 0) throw new Error(`blindfold ${argv[0]} failed: ${r.err}`);
}

const { invoke, value, dump } = coreCalls(() => core);

async function tone(file: string, i: number, tags: string[] = []): Promise<void> {
  mkdirSync(path.dirname(file), { recursive: true });
  await runFfmpeg(['-y', '-f', 'lavfi', '-i', `sine=frequency=${220 + i * 11}:duration=1`, '-c:a', 'aac', '-b:a', '32k', ...tags, file]);
}

/** Eight sessions per clinician (two families, sessions 1–4), names planted in the tags too. */
const sessions = CLINICIANS.flatMap((clinician, c) => [1, 2].flatMap((f) => [1, 2, 3, 4].map((session) => ({ clinician, family: `FAM-${c + 1}${f}7`, session }))));
const later = [5, 6, 7].map((session) => ({ clinician: 'AnnaB', family: 'FAM-117', session }));

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-fidelity-setup-'));
  studyDir = path.join(root, 'study');
  const made = [
    ...sessions.map((s) => ({ s, folder: 'sessions' })),
    ...later.map((s) => ({ s, folder: 'later' })),
  ];
  await Promise.all(
    made.map(({ s, folder }, i) =>
      tone(path.join(root, folder, s.clinician, `${s.family}_s${s.session}.m4a`), i, ['-metadata', `artist=${s.clinician}`, '-metadata', `title=${s.family} session ${s.session}`]),
    ),
  );
  // A folder with one good recording and four bad ones: the import must refuse all five.
  await tone(path.join(root, 'bad', 'AnnaB', 'FAM-117_s1.m4a'), 90);
  writeFileSync(path.join(root, 'bad', 'AnnaB', 'FAM-117_s2.m4a'), '');
  mkdirSync(path.join(root, 'bad', 'BramJ'), { recursive: true });
  await makeClip(path.join(root, 'bad', 'BramJ', 'FAM-217_s1.mp4'), { seconds: 1, size: '160x120', audioCodec: 'none' });
  await tone(path.join(root, 'bad', 'BramJ', 'FAM-117_s1.m4a'), 91);
  await tone(path.join(root, 'bad', 'BramJ', 'notes from the visit.m4a'), 92);
  writeFileSync(path.join(root, 'bad.csv'), 'File,Therapist,Family ID,Session\nAnnaB/FAM-117_s1.m4a,AnnaB,FAM-117,\nAnnaB/FAM-117_s2.m4a,AnnaB,FAM-117,two\n');

  await cli('init', studyDir, '--name', 'Fidelity set-up trial');
  await cli('add-user', studyDir, '--name', MANAGER, '--role', 'manager');
  for (const name of AUDITORS) await cli('add-user', studyDir, '--name', name, '--role', 'auditor');
  await cli('add-user', studyDir, '--name', 'cody', '--role', 'coder');
  core = createCore({ studyDir, mediaBaseUrl: 'blindfold-media://clip/', log: () => undefined });
  await value(M, 'auth.login', { name: MANAGER, password: PASSWORD });
}, 180_000);

afterAll(async () => {
  await core?.close();
  cleanup();
});

const sessionsInput = (folder: string) => ({ folder: path.join(root, folder), mapping: { kind: 'pattern', pattern: PATTERN } });
const SET_UP_CALLS: CallName[] = ['fidelity.setupStatus', 'fidelity.previewSessions', 'fidelity.importSessions', 'fidelity.sample', 'fidelity.deidentify', 'fidelity.assignAuditors'];

describe('the fidelity set-up through the contract', () => {
  it('is the manager\'s alone: an auditor or a coder is refused every set-up call', async () => {
    for (const [key, name] of [['auditor-window', AUDITORS[0]], ['coder-window', 'cody']] as const) {
      await value(key, 'auth.login', { name, password: PASSWORD });
      for (const call of SET_UP_CALLS) expect(await invoke(key, call, {}), `${name}: ${call}`).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      core.endSession(key);
    }
  });

  it('shows counts with the key closed, and sends the manager to the Set-up tab to open it', async () => {
    const status = await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {});
    expect(status).toMatchObject({ unlocked: false, sessions: 0, rounds: 0, sampled: 0, assigned: 0, sample: null });
    expect(status.auditors).toEqual([...AUDITORS]);
    const before = dump();
    for (const [call, input] of [
      ['fidelity.previewSessions', sessionsInput('sessions')],
      ['fidelity.importSessions', sessionsInput('sessions')],
      ['fidelity.sample', { fraction: 0.1 }],
      ['fidelity.deidentify', {}],
      ['fidelity.assignAuditors', { auditors: [...AUDITORS] }],
    ] as const) {
      const r = await invoke(M, call, input);
      expect(r, call).toMatchObject({ ok: false, error: { code: 'locked' } });
      if (!r.ok) expect(r.error.message).toMatch(/Open the sealed key in the Set-up tab/);
    }
    expect(dump()).toBe(before);
    await value(M, 'setup.unlock', { passphrase: PASSPHRASE });
    expect(await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {})).toMatchObject({ unlocked: true, sessions: 0 });
  });

  it('refuses a bad folder whole, every problem listed, and changes nothing', async () => {
    const before = dump();
    const preview = await value<{ imported: unknown[]; problems: { file?: string; code: string; message: string }[] }>(M, 'fidelity.previewSessions', sessionsInput('bad'));
    const imported = await value<{ imported: unknown; problems: { file?: string; code: string }[] }>(M, 'fidelity.importSessions', sessionsInput('bad'));
    expect(imported.imported).toBeNull();
    const codes = (problems: readonly { file?: string; code: string }[]) => problems.map((p) => `${p.file}: ${p.code}`).sort();
    expect(codes(imported.problems)).toEqual([
      'AnnaB/FAM-117_s1.m4a: duplicate_mapping',
      'AnnaB/FAM-117_s2.m4a: empty_media',
      'BramJ/FAM-117_s1.m4a: duplicate_mapping',
      'BramJ/FAM-217_s1.mp4: no_audio_stream',
      'BramJ/notes from the visit.m4a: no_pattern_match',
    ]);
    expect(codes(preview.problems)).toEqual(codes(imported.problems));
    expect(preview.problems.find((p) => p.code === 'duplicate_mapping')?.message).toMatch(/2 files are session 1 of family "FAM-117"/);
    expect(dump()).toBe(before);
  });

  it('refuses a bad manifest whole, by row and column, and changes nothing', async () => {
    const before = dump();
    const r = await value<{ imported: unknown; problems: { row?: number; column?: string; code: string }[] }>(M, 'fidelity.importSessions', {
      folder: path.join(root, 'sessions'),
      mapping: { kind: 'manifest', manifestPath: path.join(root, 'bad.csv') },
    });
    expect(r.imported).toBeNull();
    expect(r.problems.map((p) => [p.row, p.column, p.code])).toEqual([
      [2, 'Session', 'empty_session_number'],
      [3, 'Session', 'bad_session_number'],
    ]);
    expect(await invoke(M, 'fidelity.importSessions', { folder: path.join(root, 'sessions'), mapping: { kind: 'manifest', manifestPath: path.join(root, 'missing.csv') } })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(dump()).toBe(before);
  });

  it('previews a clean folder with progress, then imports it whole, sealed', async () => {
    const before = dump();
    const preview = await value<{ imported: { file: string; clinician: string; family: string; sessionNumber: number; streams: string }[]; problems: unknown[] }>(
      M,
      'fidelity.previewSessions',
      sessionsInput('sessions'),
    );
    expect(preview.problems).toEqual([]);
    expect(preview.imported).toHaveLength(24);
    expect(preview.imported.find((r) => r.file === 'BramJ/FAM-217_s3.m4a')).toMatchObject({ clinician: 'BramJ', family: 'FAM-217', sessionNumber: 3, streams: 'audio' });
    expect(await value<TaskProgressView>(M, 'setup.progress', {})).toMatchObject({ task: 'Checking session recordings', done: 24, total: 24, finished: true });
    expect(dump()).toBe(before);

    expect(await value(M, 'fidelity.importSessions', sessionsInput('sessions'))).toEqual({ imported: { sessions: 24 }, problems: [] });
    expect(await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {})).toMatchObject({ sessions: 24, rounds: 0, sample: null });
    const again = await value<{ imported: unknown; problems: { code: string }[] }>(M, 'fidelity.importSessions', sessionsInput('sessions'));
    expect(again.imported).toBeNull();
    expect(again.problems.filter((p) => p.code === 'duplicate_mapping')).toHaveLength(24);
  });

  let first: FidelitySampleView;
  it('draws a seeded 10% sample per clinician and states the rule; another seed later is refused', async () => {
    first = await value<FidelitySampleView>(M, 'fidelity.sample', { fraction: 0.1, seed: 'set-up seed' });
    expect(first).toMatchObject({ drawnRound: 1, rounds: 1, fraction: 0.1, stratifiedBy: 'clinician', sessions: 24 });
    expect(first.rule).toMatch(/^Per clinician: ceil\(10% × n\), at least 1 and at most n/);
    expect(first.commitment).toMatch(/^[0-9a-f]{64}$/);
    expect(first.strata.map((s) => [s.clinician, s.sessions, s.target, s.picked])).toEqual(CLINICIANS.map((c) => [c, 8, 1, 1]));
    expect(first.picked.map((p) => p.clinician)).toEqual([...CLINICIANS]);
    expect(new Set(first.picked.map((p) => p.clinicianLabel))).toEqual(new Set(['Clinician A', 'Clinician B', 'Clinician C']));
    expect(JSON.stringify(first)).not.toContain('set-up seed');
    const status = await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {});
    expect(status).toMatchObject({ rounds: 1, sampled: 3, fraction: 0.1, rule: first.rule, audio: { pending: 3, done: 0, failed: 0 } });
    expect(status.sample?.picked).toEqual(first.picked);
    // The draw is the seeded one, replayed from the sealed key.
    expect(replaySessionSample(core.context.study.db, await unlockStudyKey(core.context.study.db, PASSPHRASE))).toMatchObject({ rounds: 1, matches: true });

    const before = dump();
    expect(await invoke(M, 'fidelity.sample', { fraction: 0.1, seed: 'another seed' })).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await invoke(M, 'fidelity.sample', { fraction: 0 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    // Nothing new to draw: the sample stands, and nothing is written.
    expect(await value<FidelitySampleView>(M, 'fidelity.sample', {})).toMatchObject({ drawnRound: null, rounds: 1 });
    expect(dump()).toBe(before);
  });

  it('de-identifies the sampled sessions to audio, with progress on the task board', async () => {
    const seen: TaskProgressView[] = [];
    const running = value<{ done: number; failed: unknown[]; cancelled: boolean }>(M, 'fidelity.deidentify', {});
    let finished = false;
    void running.finally(() => (finished = true));
    while (!finished) {
      const p = await value<TaskProgressView | null>(M, 'setup.progress', {});
      if (p) seen.push(p);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(await running).toEqual({ done: 3, failed: [], cancelled: false });
    expect(seen.some((p) => p.task === 'De-identifying sessions' && !p.finished)).toBe(true);
    const last = await value<TaskProgressView>(M, 'setup.progress', {});
    expect(last).toMatchObject({ task: 'De-identifying sessions', total: 100, finished: true, message: null });
    expect(Object.keys(last.items).sort()).toEqual(first.picked.map((p) => p.code).sort());
    expect(readdirSync(path.join(studyDir, 'media')).sort()).toEqual(first.picked.map((p) => `${p.code}.m4a`).sort());
    const status = await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {});
    expect(status).toMatchObject({ audio: { pending: 0, done: 3, failed: 0 }, assigned: 0, unassigned: 3 });
    expect(status.sample?.picked.every((p) => p.deidentified)).toBe(true);
  });

  it('refuses an unknown or non-auditor name, changing nothing; then assigns two auditors', async () => {
    const before = dump();
    expect(await invoke(M, 'fidelity.assignAuditors', { auditors: ['nobody'] })).toMatchObject({ ok: false, error: { code: 'bad_input', message: 'There is no user called "nobody"' } });
    expect(await invoke(M, 'fidelity.assignAuditors', { auditors: ['cody'] })).toMatchObject({ ok: false, error: { code: 'bad_input', message: '"cody" is a coder, not an auditor' } });
    expect(await invoke(M, 'fidelity.assignAuditors', { auditors: [AUDITORS[0]], doubleFraction: 0.5 })).toMatchObject({ ok: false, error: { code: 'bad_input' } });
    expect(dump()).toBe(before);
    const r = await value<{ round: number; clips: number; perAuditor: Record<string, { primary: number; reliability: number }> }>(M, 'fidelity.assignAuditors', {
      auditors: [...AUDITORS],
      doubleFraction: 0.34,
      seed: 'auditor seed',
    });
    expect(r).toMatchObject({ round: 1, clips: 3 });
    expect(Object.values(r.perAuditor).reduce((n, a) => n + a.primary, 0)).toBe(3);
    expect(Object.values(r.perAuditor).reduce((n, a) => n + a.reliability, 0)).toBe(1);
    expect(await value<FidelitySetupStatus>(M, 'fidelity.setupStatus', {})).toMatchObject({ assigned: 3, unassigned: 0 });
    expect(await invoke(M, 'fidelity.assignAuditors', { auditors: [...AUDITORS] })).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('draws a second round only for sessions added since, at the same rate', async () => {
    expect(await value(M, 'fidelity.importSessions', sessionsInput('later'))).toEqual({ imported: { sessions: 3 }, problems: [] });
    const second = await value<FidelitySampleView>(M, 'fidelity.sample', {});
    expect(second).toMatchObject({ drawnRound: 2, rounds: 2, fraction: 0.1, sessions: 27 });
    expect(second.strata.find((s) => s.clinician === 'AnnaB')).toMatchObject({ sessions: 11, target: 2, picked: 2 });
    // Earlier picks are kept.
    for (const p of first.picked) expect(second.picked.find((q) => q.code === p.code)).toMatchObject({ round: 1 });
    expect(await value(M, 'fidelity.deidentify', {})).toEqual({ done: 1, failed: [], cancelled: false });
    expect(await value(M, 'fidelity.assignAuditors', { auditors: [...AUDITORS], doubleFraction: 0 })).toMatchObject({ round: 2, clips: 1 });
  });

  it('audits every change under the manager, in counts only', () => {
    const rows = core.context.study.db.prepare("SELECT actor, action, detail FROM audit_log WHERE action IN ('sessions.import', 'fidelity.sample', 'sessions.deidentify', 'fidelity.assign') ORDER BY seq").all() as {
      actor: string;
      action: string;
      detail: string;
    }[];
    expect(rows.map((r) => r.action)).toEqual(['sessions.import', 'fidelity.sample', 'sessions.deidentify', 'fidelity.assign', 'sessions.import', 'fidelity.sample', 'sessions.deidentify', 'fidelity.assign']);
    expect(rows.every((r) => r.actor === MANAGER)).toBe(true);
    const details = rows.map((r) => r.detail).join('\n');
    for (const name of [...CLINICIANS, 'FAM-', 'set-up seed', 'auditor seed']) expect(details).not.toContain(name);
  });

  it("puts the sessions in the auditors' queues, with no clinician or family in anything they receive", async () => {
    const received: unknown[] = [];
    let total = 0;
    for (const auditor of AUDITORS) {
      const key = `queue:${auditor}`;
      await value(key, 'auth.login', { name: auditor, password: PASSWORD });
      const queue = await value<{ items: { code: string }[] }>(key, 'fidelity.queue', {});
      received.push(queue);
      total += queue.items.length;
      for (const item of queue.items) received.push(await value(key, 'fidelity.clip', { code: item.code }));
      received.push(await value(key, 'fidelity.summary', {}));
      core.endSession(key);
    }
    expect(total).toBe(5);
    const text = JSON.stringify(received);
    for (const value of [...CLINICIANS, 'FAM-', '_s1', 'set-up seed']) expect(text).not.toContain(value);
  });

  it("an auditor's work through the contract, each answer as its entry declares: waveform, draft, submission, amendment, export", async () => {
    const key = 'work:auditor-one';
    await value(key, 'auth.login', { name: AUDITORS[0], password: PASSWORD });
    const answered = async (name: CallName, input: unknown) => {
      const v = await value(key, name, input);
      expect(contract[name].output.safeParse(v).success, name).toBe(true);
      return v;
    };
    const { items } = (await answered('fidelity.queue', {})) as { items: { code: string }[] };
    const code = items[0]!.code;
    const clip = (await answered('fidelity.clip', { code })) as AuditClipView;
    expect(await answered('fidelity.waveform', { code, bins: 50 })).toMatchObject({ durationSeconds: clip.durationSeconds });
    const scores = Object.fromEntries(clip.dimensions.map((d) => [d.id, d.max]));
    const rating = { scores, notes: {}, overallNote: '', unscorable: null };
    expect(await answered('fidelity.saveDraft', { code, draft: { ...rating, scores: { ...scores, [clip.dimensions[0]!.id]: null } }, secondsSpent: 5 })).toMatchObject({ savedAt: expect.any(String) });
    expect(await answered('fidelity.submit', { code, rating, secondsSpent: 9 })).toMatchObject({ ratingId: expect.any(Number) });
    const amended = { ...rating, scores: { ...scores, [clip.dimensions[0]!.id]: clip.dimensions[0]!.min } };
    await answered('fidelity.amend', { code, rating: amended, reason: 'Listened again to the second half', secondsSpent: 3 });
    expect(((await answered('fidelity.clip', { code })) as AuditClipView).history).toHaveLength(2);
    expect((await answered('fidelity.summary', {})) as FidelityReportView).toMatchObject({ clinicianNames: 'pseudonyms', overall: { scored: 1 } });
    // No host to ask where to save (the CLI's and tests' NO_HOST): cancelled.
    expect(await answered('fidelity.exportSummary', {})).toEqual({ path: null });
    core.endSession(key);
  });

  it('once the study is locked, refuses new sessions, a new sample and new auditors, changing nothing', async () => {
    const db = core.context.study.db;
    const { lockStudy } = await import('../../../electron/core/closeout/lock');
    const pending = db
      .prepare("SELECT c.code, u.name AS coder FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE NOT EXISTS (SELECT 1 FROM ratings r WHERE r.assignment_id = a.id)")
      .all() as { code: string; coder: string }[];
    lockStudy(db, MANAGER, { confirmedExceptions: pending });
    const before = dump();
    for (const [call, input] of [
      ['fidelity.importSessions', sessionsInput('later')],
      ['fidelity.sample', { fraction: 0.1 }],
      ['fidelity.assignAuditors', { auditors: [...AUDITORS] }],
    ] as const) {
      expect(await invoke(M, call, input), call).toMatchObject({ ok: false, error: { code: 'locked' } });
    }
    expect(dump()).toBe(before);
  });
});
