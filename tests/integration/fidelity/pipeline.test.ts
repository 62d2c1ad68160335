// The fidelity audit end to end through the command line and core, on generated session
// recordings: import by manifest, a seeded stratified sample (reproducible, incremental, recorded
// without names), audio de-identification of the picks only, auditors' ratings with an amendment,
// and the summary checked against values worked out by hand — with no clinician, family or source
// name readable anywhere in the study folder or in what an auditor receives.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assignAuditorsCommand, fidelitySummaryCommand, importSessionsCommand, sampleSessionsCommand } from '../../../electron/cli/commands/fidelity';
import type { CliIo } from '../../../electron/cli/io';
import { main } from '../../../electron/cli/main';
import { unlockStudyKey } from '../../../electron/core/blinding/sealedKey';
import type { FidelityReportView, RatingContent } from '../../../electron/common/contract';
import {
  amendAudit,
  auditClipView,
  auditorQueue,
  replaySessionSample,
  sampleState,
  saveAuditDraft,
  setFidelityItems,
  presenceItem,
  submitAudit,
} from '../../../electron/core/fidelity';
import { runFfmpeg } from '../../../electron/core/media/run';
import { openStudy } from '../../../electron/core/study/study';
import { findUserByName } from '../../../db/repositories/users';
import { tempDir } from '../../support/tempStudy';
import { storedBytes } from '../../support/testDb';

const PASSPHRASE = 'fidelity test passphrase';
const CLINICIANS = ['Anna de Vries', 'Bram Jansen', 'Chen Li', 'Dewi Sari', 'Eva Smit'] as const;
const SEED = 'fidelity-seed-2024';
let root: string;
let cleanup: () => void;

type Command = (args: string[], io: CliIo) => Promise<number>;
const COMMANDS: Record<string, Command> = {
  'import-sessions': importSessionsCommand,
  'sample-sessions': sampleSessionsCommand,
  'assign-auditors': assignAuditorsCommand,
  'fidelity-summary': fidelitySummaryCommand,
};

/** Runs a command as main() would once it is registered: main's table for the others. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = {
    stdout: (s) => (out += s),
    stderr: (s) => (err += s),
    readFile: async (p) => readFileSync(p),
    env: { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: 'auditor-password' },
  };
  const [name, ...args] = argv;
  const own = COMMANDS[name!];
  let code: number;
  if (own) {
    try {
      code = await own(args, io);
    } catch (error) {
      err += (error as Error).message;
      code = 1;
    }
  } else code = await main(argv, io);
  return { code, out, err };
}

interface Planted {
  readonly file: string;
  readonly clinician: string;
  readonly family: string;
  readonly session: number;
  readonly date: string;
}

/** Eight sessions per clinician: two families, sessions 1–4 each; audio-only, video and WAV mixed. */
function caseload(): Planted[] {
  const rows: Planted[] = [];
  CLINICIANS.forEach((clinician, c) => {
    for (const f of [1, 2]) {
      const family = `FAM-${c + 1}${f}7`;
      for (let session = 1; session <= 4; session++) {
        const ext = c === 1 ? 'mp4' : c === 3 ? 'wav' : 'm4a';
        rows.push({ file: `${clinician}/${family} visit ${session}.${ext}`, clinician, family, session, date: `2023-0${session + 1}-1${c}` });
      }
    }
  });
  return rows;
}

async function record(folder: string, p: Planted, i: number): Promise<void> {
  const out = path.join(folder, p.file);
  mkdirSync(path.dirname(out), { recursive: true });
  const tone = ['-f', 'lavfi', '-i', `sine=frequency=${200 + i * 13}:duration=1`];
  const tags = ['-metadata', `title=${p.family} session ${p.session}`, '-metadata', `artist=${p.clinician}`];
  if (out.endsWith('.mp4')) {
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x120:rate=10:duration=1', ...tone, '-map', '0:v', '-map', '1:a', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-b:a', '48k', ...tags, out]);
  } else {
    await runFfmpeg(['-y', ...tone, ...(out.endsWith('.wav') ? ['-c:a', 'pcm_s16le'] : ['-c:a', 'aac', '-b:a', '48k']), ...tags, out]);
  }
}

function manifest(rows: readonly Planted[]): string {
  const quote = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return ['File,Therapist,Family ID,Session,Date', ...rows.map((r) => [r.file, r.clinician, r.family, String(r.session), r.date].map(quote).join(','))].join('\n');
}

const wave1 = caseload();
// Sessions added later: three more of Anna's, so her stratum grows to 11 and needs a second pick.
const wave2: Planted[] = [5, 6, 7].map((session) => ({ file: `Anna de Vries/FAM-117 visit ${session}.m4a`, clinician: 'Anna de Vries', family: 'FAM-117', session, date: '2023-09-01' }));
const studyDir = () => path.join(root, 'study');

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-fidelity-'));
  const all = [...wave1.map((p) => ({ p, folder: path.join(root, 'sessions') })), ...wave2.map((p) => ({ p, folder: path.join(root, 'later') }))];
  for (let i = 0; i < all.length; i += 4) await Promise.all(all.slice(i, i + 4).map(({ p, folder }, k) => record(folder, p, i + k)));
  writeFileSync(path.join(root, 'sessions.csv'), manifest(wave1));
  writeFileSync(path.join(root, 'later.csv'), manifest(wave2));
  for (const dir of [studyDir(), path.join(root, 'twin')]) {
    expect((await cli('init', dir, '--name', 'Fidelity trial')).code).toBe(0);
  }
  for (const name of ['auditor one', 'auditor two']) expect((await cli('add-user', studyDir(), '--name', name, '--role', 'auditor')).code).toBe(0);
  expect((await cli('add-user', studyDir(), '--name', 'coder one', '--role', 'coder')).code).toBe(0);
}, 180_000);
afterAll(() => cleanup());

async function withStudy<T>(run: (db: ReturnType<typeof openStudy>['db'], keyring: Awaited<ReturnType<typeof unlockStudyKey>>) => T | Promise<T>, dir = studyDir()): Promise<T> {
  const study = openStudy(dir);
  try {
    return await run(study.db, await unlockStudyKey(study.db, PASSPHRASE));
  } finally {
    study.close();
  }
}

describe('fidelity audit from the command line', () => {
  it('imports 40 session recordings by manifest; a second import of the same folder is refused whole', async () => {
    const r = await cli('import-sessions', studyDir(), path.join(root, 'sessions'), '--manifest', path.join(root, 'sessions.csv'));
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/Imported 40 session recordings/);
    const again = await cli('import-sessions', studyDir(), path.join(root, 'sessions'), '--manifest', path.join(root, 'sessions.csv'));
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/imported earlier/);
    expect(readdirSync(path.join(studyDir(), 'media'))).toEqual([]);
  });

  it('draws a seeded 10% sample stratified by clinician, shown with names to the manager, and de-identifies only the picks', async () => {
    const r = await cli('sample-sessions', studyDir(), '--seed', SEED, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { round: number; rule: string; seed: string; fraction: number; sampled: { clinician: string; family: string; session: number; code: string; clinicianLabel: string }[]; deidentification: { done: number } };
    expect(out).toMatchObject({ round: 1, fraction: 0.1, seed: SEED, deidentification: { done: 5 } });
    expect(out.rule).toContain('Per clinician: ceil(10% × n), at least 1 and at most n');
    expect(out.sampled.map((s) => s.clinician).sort()).toEqual([...CLINICIANS]);
    for (const s of out.sampled) expect(wave1.some((p) => p.clinician === s.clinician && p.family === s.family && p.session === s.session)).toBe(true);
    expect(new Set(out.sampled.map((s) => s.clinicianLabel))).toEqual(new Set(['Clinician A', 'Clinician B', 'Clinician C', 'Clinician D', 'Clinician E']));
    const media = readdirSync(path.join(studyDir(), 'media')).sort();
    expect(media).toEqual(out.sampled.map((s) => `${s.code}.m4a`).sort());
  });

  it('reproduces the same sample from the same seed in another study', async () => {
    expect((await cli('import-sessions', path.join(root, 'twin'), path.join(root, 'sessions'), '--manifest', path.join(root, 'sessions.csv'))).code).toBe(0);
    const twin = JSON.parse((await cli('sample-sessions', path.join(root, 'twin'), '--seed', SEED, '--json')).out) as { sampled: { clinician: string; family: string; session: number }[] };
    const mine = await withStudy((db, keyring) => sampleState(db, keyring).picked.map((p) => [p.clinician, p.family, p.sessionNumber]));
    expect(twin.sampled.map((s) => [s.clinician, s.family, s.session])).toEqual(mine);
  });

  it('records the round in the audit log without names, with a commitment the sealed draw reproduces', async () => {
    await withStudy((db, keyring) => {
      const log = db.prepare("SELECT detail FROM audit_log WHERE action = 'fidelity.sample'").all() as { detail: string }[];
      expect(log).toHaveLength(1);
      const detail = JSON.parse(log[0]!.detail) as Record<string, unknown>;
      expect(detail).toMatchObject({ round: 1, fraction: 0.1, sessions: 40, picked: 5, newlyPicked: 5, clinicians: 5, stratifiedBy: 'clinician' });
      expect(detail['commitment']).toMatch(/^[0-9a-f]{64}$/);
      const text = log[0]!.detail;
      for (const value of [SEED, ...CLINICIANS, 'FAM-', 'visit']) expect(text).not.toContain(value);
      expect(replaySessionSample(db, keyring)).toEqual({ rounds: 1, matches: true, mismatches: [] });
    });
  });

  it('samples sessions added later at the same rate, keeping earlier picks; refuses a different seed', async () => {
    const before = await withStudy((db, keyring) => sampleState(db, keyring).picked.map((p) => p.code));
    expect((await cli('import-sessions', studyDir(), path.join(root, 'later'), '--manifest', path.join(root, 'later.csv'))).code).toBe(0);
    const wrong = await cli('sample-sessions', studyDir(), '--seed', 'another seed');
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/seed was set by round 1/);
    const r = await cli('sample-sessions', studyDir());
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Round 2: 1 session\(s\) drawn/);
    expect(r.out).toMatch(/Sample: 6 of 43 session recordings/);
    await withStudy((db, keyring) => {
      const state = sampleState(db, keyring);
      expect(state.picked.map((p) => p.code)).toEqual(expect.arrayContaining(before));
      expect(state.picked.filter((p) => p.clinician === 'Anna de Vries')).toHaveLength(2);
      expect(state.strata.find((s) => s.clinician === 'Anna de Vries')).toMatchObject({ sessions: 11, target: 2, picked: 2 });
      expect(replaySessionSample(db, keyring)).toEqual({ rounds: 2, matches: true, mismatches: [] });
    });
    const nothing = await cli('sample-sessions', studyDir());
    expect(nothing.out).toMatch(/No sessions were added since round 2/);
  });

  it('deals the sampled sessions to auditors with a double-scored sub-sample', async () => {
    await withStudy((db) => setFidelityItems(db, [presenceItem('homework', 'Homework discussed')], 'test'));
    const r = await cli('assign-auditors', studyDir(), '--auditors', 'auditor one,auditor two', '--double-fraction', '0.5', '--seed', 'auditor-seed');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/6 session clips/);
    await withStudy((db) => {
      const counts = db.prepare("SELECT purpose, COUNT(*) AS n FROM assignments GROUP BY purpose ORDER BY purpose").all();
      expect(counts).toEqual([
        { purpose: 'primary', n: 6 },
        { purpose: 'reliability', n: 3 },
      ]);
    });
    expect((await cli('assign-auditors', studyDir(), '--auditors', 'coder one')).err).toMatch(/not an auditor/);
  });
});

// Scores by clinician, so the summary can be worked out by hand whichever sessions were drawn:
// Anna 4 (both sessions), Bram 2 (amended to 3 below), Chen 5, Dewi 3; Eva's session is unscorable.
const SCORE: Record<string, number | null> = { 'Anna de Vries': 4, 'Bram Jansen': 2, 'Chen Li': 5, 'Dewi Sari': 3, 'Eva Smit': null };

function content(score: number | null): RatingContent {
  return score === null
    ? { scores: {}, notes: {}, overallNote: '', unscorable: { reason: 'other', detail: 'recording cuts out after a minute' }, markers: [] }
    : { scores: { adherence: score, homework: score >= 3 ? 1 : 0 }, notes: { adherence: 'followed the manual' }, overallNote: '', unscorable: null, markers: [] };
}

async function summary(...flags: string[]): Promise<FidelityReportView> {
  const r = await cli('fidelity-summary', studyDir(), '--json', ...flags);
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as FidelityReportView;
}

describe('auditing and the summary', () => {
  it('gives each auditor their queue and audio clips, without names, dates or files', async () => {
    await withStudy(async (db, keyring) => {
      const clinicianOf = new Map(sampleState(db, keyring).picked.map((p) => [p.code, p]));
      for (const name of ['auditor one', 'auditor two']) {
        const auditor = findUserByName(db, name)!;
        const queue = auditorQueue(db, auditor.id);
        expect(queue.total).toBeGreaterThan(0);
        for (const item of queue.items) {
          const view = auditClipView(db, auditor.id, item.code, { folder: '/media', issue: (file, type) => `blindfold-media://clip/${type === 'audio/mp4' ? 'token' : 'x'}${path.extname(file)}` });
          expect(view).toMatchObject({ code: item.code, mediaType: 'audio/mp4', mediaUrl: 'blindfold-media://clip/token.m4a', acceptableFrom: 3 });
          expect(view.dimensions.map((d) => d.id)).toEqual(['adherence', 'homework']);
          expect(view.sessionNumber).toBe(clinicianOf.get(item.code)?.sessionNumber);
          const text = JSON.stringify(view);
          for (const value of [...CLINICIANS, 'FAM-', 'visit', '2023-']) expect(text).not.toContain(value);
          const p = clinicianOf.get(item.code)!;
          const primary = (db.prepare('SELECT purpose FROM assignments a JOIN clips c ON c.id = a.clip_id WHERE c.code = ? AND a.coder_id = ?').get(item.code, auditor.id) as { purpose: string }).purpose === 'primary';
          // The second auditor agrees except on Chen's session, where they give 4.
          const score = primary || SCORE[p.clinician] === null ? SCORE[p.clinician]! : p.clinician === 'Chen Li' ? 4 : SCORE[p.clinician]!;
          saveAuditDraft(db, auditor.id, item.code, { scores: { adherence: null }, notes: {}, overallNote: 'halfway', unscorable: null }, 30);
          submitAudit(db, { id: auditor.id, name }, item.code, content(score), 60);
        }
      }
      expect(() => saveAuditDraft(db, findUserByName(db, 'coder one')!.id, [...clinicianOf.keys()][0]!, { scores: {}, notes: {}, overallNote: '', unscorable: null }, 1)).toThrow(/not in your queue/);
    });
  });

  it('summarises the primary scores as worked out by hand, with pseudonymous clinicians', async () => {
    const s = await summary();
    expect(s.clinicianNames).toBe('pseudonyms');
    expect(s).toMatchObject({ imported: 43, sampled: 6, deidentified: 6, assigned: 6, unscorable: 1 });
    // Scored: Anna 4, 4; Bram 2; Chen 5; Dewi 3 → 5 scored, 4 acceptable (≥ 3), mean 18/5, range 2–5.
    expect(s.overall).toMatchObject({ sampled: 6, scored: 5, acceptable: 4, proportionAcceptable: 0.8, meanAdherence: 3.6, minAdherence: 2, maxAdherence: 5 });
    // Clopper–Pearson for 4/5 (R: binom.test(4, 5)$conf.int): 0.2835821, 0.9949492.
    expect(s.overall.ci?.lower).toBeCloseTo(0.2835821, 6);
    expect(s.overall.ci?.upper).toBeCloseTo(0.9949492, 6);
    expect(s.byClinician.map((c) => c.group).sort()).toEqual(['Clinician A', 'Clinician B', 'Clinician C', 'Clinician D', 'Clinician E']);
    const twoSessions = s.byClinician.find((c) => c.sampled === 2)!;
    // Anna: 2/2 acceptable; the exact lower limit is 0.025^(1/2).
    expect(twoSessions).toMatchObject({ scored: 2, acceptable: 2, proportionAcceptable: 1, meanAdherence: 4 });
    expect(twoSessions.ci?.lower).toBeCloseTo(Math.sqrt(0.025), 9);
    const unscored = s.byClinician.find((c) => c.scored === 0)!;
    expect(unscored).toMatchObject({ sampled: 1, proportionAcceptable: null, ci: null, meanAdherence: null });
    expect(s.bySessionNumber.reduce((n, g) => n + g.sampled, 0)).toBe(6);
    expect(s.bySessionNumber.reduce((n, g) => n + g.scored, 0)).toBe(5);
    expect(s.items).toEqual([
      { id: 'homework', label: 'Homework discussed', scored: 5, mean: 0.8, min: 0, max: 1, categories: [{ label: 'absent', count: 1 }, { label: 'present', count: 4 }] },
    ]);
    const text = JSON.stringify(s);
    for (const value of [...CLINICIANS, 'FAM-']) expect(text).not.toContain(value);
  });

  it('uses the amended score once an audit is amended, keeping the original', async () => {
    await withStudy((db, keyring) => {
      const bram = sampleState(db, keyring).picked.find((p) => p.clinician === 'Bram Jansen')!;
      const row = db
        .prepare("SELECT u.id, u.name FROM assignments a JOIN clips c ON c.id = a.clip_id JOIN users u ON u.id = a.coder_id WHERE c.code = ? AND a.purpose = 'primary'")
        .get(bram.code) as { id: number; name: string };
      expect(() => submitAudit(db, row, bram.code, content(3), 1)).toThrow(/already submitted/);
      amendAudit(db, row, bram.code, content(3), 'misheard the homework part', 20);
      expect(auditClipView(db, row.id, bram.code, { folder: '/m', issue: () => 'u' }).history.map((h) => h.scores['adherence'])).toEqual([2, 3]);
    });
    const s = await summary();
    // Now 5/5 acceptable: the lower limit is 0.025^(1/5); mean 19/5.
    expect(s.overall).toMatchObject({ scored: 5, acceptable: 5, proportionAcceptable: 1, meanAdherence: 3.8, minAdherence: 3, maxAdherence: 5 });
    expect(s.overall.ci?.lower).toBeCloseTo(Math.pow(0.025, 1 / 5), 9);
  });

  it('computes agreement between the two auditors with the reliability module', async () => {
    const { pairs, expectedExact } = await withStudy((db, keyring) => {
      const byCode = new Map(sampleState(db, keyring).picked.map((p) => [p.code, p.clinician]));
      const doubled = (db.prepare("SELECT c.code FROM assignments a JOIN clips c ON c.id = a.clip_id WHERE a.purpose = 'reliability'").all() as { code: string }[]).map((r) => byCode.get(r.code)!);
      const scored = doubled.filter((c) => SCORE[c] !== null);
      return { pairs: scored.length, expectedExact: scored.filter((c) => c !== 'Chen Li' && c !== 'Bram Jansen').length };
    });
    const s = await summary();
    expect(s.agreement.pairs).toBe(pairs);
    if (pairs > 0) {
      expect(s.agreement.exactAgreement).toBeCloseTo(expectedExact / pairs, 9);
      expect(s.agreement.adherence?.n).toBe(pairs);
      expect(s.agreement.adherence?.scale).toEqual({ min: 1, max: 5, step: 1 });
    }
  });

  it('shows clinicians by name only with the passphrase (--names), and exports CSV', async () => {
    const named = await summary('--names');
    expect(named.clinicianNames).toBe('names');
    expect(named.byClinician.map((c) => c.group)).toEqual([...CLINICIANS]);
    const csv = await cli('fidelity-summary', studyDir(), '--csv');
    const lines = csv.out.trim().split('\r\n');
    expect(lines[0]).toBe('level,group,sampled,scored,acceptable,percent_acceptable,ci95_lower_percent,ci95_upper_percent,mean_adherence,min_adherence,max_adherence');
    expect(lines[1]).toBe(`"overall","All sampled sessions",6,5,5,100,${Math.round(Math.pow(0.025, 0.2) * 10000) / 100},100,3.8,3,5`);
    expect(lines).toHaveLength(1 + 1 + 5 + named.bySessionNumber.length);
    const text = await cli('fidelity-summary', studyDir());
    expect(text.out).toMatch(/6 of 43 session recordings sampled, 5 scored, 1 unscorable/);
  });

  it('leaves no clinician, family or source name readable in the study folder', async () => {
    const planted = [...CLINICIANS, 'FAM-', 'visit', 'Therapist', SEED];
    const study = openStudy(studyDir());
    const stored = storedBytes(study.db, study.paths.database);
    study.close();
    for (const value of planted) expect(stored.includes(value), `${value} in the database`).toBe(false);
    for (const file of readdirSync(studyDir(), { recursive: true, encoding: 'utf8' })) {
      for (const value of planted) expect(file).not.toContain(value);
      if (!file.includes('.')) continue;
      const bytes = readFileSync(path.join(studyDir(), file)).toString('latin1');
      for (const value of planted) expect(bytes.includes(value), `${value} in ${file}`).toBe(false);
    }
  });
});
