// The fidelity summary over a study database built row by row (in memory), checked against values
// worked out by hand; the auditor's rating rules; the fidelity items; the CSV export.
import { beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../../db/open';
import type { FidelityReportView, RatingContent } from '../../../electron/common/contract';
import {
  amendAudit,
  fidelityDimensions,
  fidelityReport,
  fidelityReportCsv,
  presenceItem,
  ratedItem,
  saveAuditDraft,
  setFidelityItems,
  submitAudit,
} from '../../../electron/core/fidelity';
import { CoreError } from '../../../electron/common/result';

const NOW = '2024-01-01T00:00:00.000Z';

interface Session {
  readonly code: string;
  readonly label: string;
  readonly session: number;
}

// Nine sampled sessions: three pseudonymous clinicians × session numbers 1–3.
const SESSIONS: Session[] = ['A', 'B', 'C'].flatMap((c, i) =>
  [1, 2, 3].map((n) => ({ code: `${'ABC'[i]}${n}AA-BBBB`, label: `Clinician ${c}`, session: n })),
);

let db: Db;
const users = new Map<string, number>();
const assignments = new Map<string, number>();

function user(name: string, role: string): number {
  const id = Number(db.prepare("INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, 'scrypt$x', ?)").run(name, role, NOW).lastInsertRowid);
  users.set(name, id);
  return id;
}

function clip(code: string, kind: 'session' | 'outcome'): number {
  return Number(
    db
      .prepare("INSERT INTO clips (code, kind, media_file, sha256, duration_seconds, created_at) VALUES (?, ?, ?, ?, 60, ?)")
      .run(code, kind, `${code}.${kind === 'session' ? 'm4a' : 'mp4'}`, 'a'.repeat(64), NOW).lastInsertRowid,
  );
}

function assign(code: string, clipId: number, auditor: string, purpose: 'primary' | 'reliability'): void {
  const position = (db.prepare('SELECT COUNT(*) AS n FROM assignments WHERE coder_id = ?').get(users.get(auditor)) as { n: number }).n + 1;
  const id = Number(
    db
      .prepare('INSERT INTO assignments (clip_id, coder_id, position, purpose, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(clipId, users.get(auditor), position, purpose, NOW).lastInsertRowid,
  );
  assignments.set(`${code}/${auditor}`, id);
}

const rated = (adherence: number): RatingContent => ({ scores: { adherence }, notes: {}, overallNote: '', unscorable: null, markers: [] });
const unscorable: RatingContent = { scores: {}, notes: {}, overallNote: '', unscorable: { reason: 'video_quality', detail: '' }, markers: [] };
const auditor = (name: string) => ({ id: users.get(name)!, name });

function build(): void {
  db = openDatabase(':memory:');
  user('primary auditor', 'auditor');
  user('second auditor', 'auditor');
  user('a coder', 'coder');
  db.prepare("INSERT INTO study (id, name, created_at) VALUES (1, 'Unit', ?)").run(NOW);
  db.prepare(
    "INSERT INTO fidelity_rounds VALUES (1, 0.1, 'clinician', 'Per clinician: ceil(10% × n)', 90, 90, 9, 9, ?, ?, 'test')",
  ).run('c'.repeat(64), NOW);
  for (const s of SESSIONS) {
    db.prepare("INSERT INTO deid_jobs (code, kind, status, created_at, updated_at) VALUES (?, 'session', 'done', ?, ?)").run(s.code, NOW, NOW);
    db.prepare('INSERT INTO fidelity_sessions VALUES (?, 1, ?, ?)').run(s.code, s.label, s.session);
    const id = clip(s.code, 'session');
    // C3 is sampled but not yet assigned.
    if (s.code !== 'C3AA-BBBB') assign(s.code, id, 'primary auditor', 'primary');
  }
  const clipId = (code: string) => (db.prepare('SELECT id FROM clips WHERE code = ?').get(code) as { id: number }).id;
  for (const code of ['A1AA-BBBB', 'B1AA-BBBB', 'C2AA-BBBB']) assign(code, clipId(code), 'second auditor', 'reliability');
}

/**
 * Primary scores: A 5, 2, unscorable; B 3, 3, (not rated); C 1, 4 (amended from 1), (unassigned).
 * Second auditor: A1 4, B1 2, C2 4.
 */
function audit(): void {
  const p = auditor('primary auditor');
  submitAudit(db, p, 'A1AA-BBBB', rated(5), 10);
  submitAudit(db, p, 'A2AA-BBBB', rated(2), 10);
  submitAudit(db, p, 'A3AA-BBBB', unscorable, 10);
  submitAudit(db, p, 'B1AA-BBBB', rated(3), 10);
  submitAudit(db, p, 'B2AA-BBBB', rated(3), 10);
  saveAuditDraft(db, p.id, 'B3AA-BBBB', { scores: { adherence: 4 }, notes: {}, overallNote: '', unscorable: null }, 5);
  submitAudit(db, p, 'C1AA-BBBB', rated(1), 10);
  submitAudit(db, p, 'C2AA-BBBB', rated(1), 10);
  amendAudit(db, p, 'C2AA-BBBB', rated(4), 'scored the wrong session', 3);
  const s = auditor('second auditor');
  submitAudit(db, s, 'A1AA-BBBB', rated(4), 10);
  submitAudit(db, s, 'B1AA-BBBB', rated(2), 10);
  submitAudit(db, s, 'C2AA-BBBB', rated(4), 10);
}

function expectCoreError(run: () => unknown, code: string, message?: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CoreError);
    expect((error as CoreError).code).toBe(code);
    if (message) expect((error as CoreError).message).toMatch(message);
    return;
  }
  throw new Error('expected a CoreError');
}

beforeEach(() => {
  users.clear();
  assignments.clear();
  build();
});

describe('fidelityReport', () => {
  let report: FidelityReportView;
  beforeEach(() => {
    audit();
    report = fidelityReport(db);
  });

  it('counts the sample, the scored, the unscorable and the unassigned', () => {
    expect(report).toMatchObject({ clinicianNames: 'pseudonyms', sampled: 9, deidentified: 9, assigned: 8, unscorable: 1, imported: 0 });
    expect(report.samplingRule).toBe('Per clinician: ceil(10% × n)');
    expect(report.acceptableRule).toBe('acceptable if adherence ≥ 3 on the 1–5 scale');
  });

  it('summarises all sampled sessions: 6 scored (5, 2, 3, 3, 1, 4), 4 acceptable, mean 3, range 1–5', () => {
    expect(report.overall).toMatchObject({ level: 'overall', sampled: 9, scored: 6, acceptable: 4, meanAdherence: 3, minAdherence: 1, maxAdherence: 5 });
    expect(report.overall.proportionAcceptable).toBeCloseTo(4 / 6, 12);
    // R: binom.test(4, 6)$conf.int → 0.2227781 0.9567281
    expect(report.overall.ci?.lower).toBeCloseTo(0.2227781, 6);
    expect(report.overall.ci?.upper).toBeCloseTo(0.9567281, 6);
  });

  it('by clinician, with the exact intervals of 1/2 and 2/2', () => {
    const [a, b, c] = report.byClinician;
    expect(report.byClinician.map((r) => r.group)).toEqual(['Clinician A', 'Clinician B', 'Clinician C']);
    expect(a).toMatchObject({ sampled: 3, scored: 2, acceptable: 1, proportionAcceptable: 0.5, meanAdherence: 3.5, minAdherence: 2, maxAdherence: 5 });
    // 1 of 2: lower = 1 − √0.975, upper = √0.975.
    expect(a?.ci?.lower).toBeCloseTo(1 - Math.sqrt(0.975), 9);
    expect(a?.ci?.upper).toBeCloseTo(Math.sqrt(0.975), 9);
    expect(b).toMatchObject({ sampled: 3, scored: 2, acceptable: 2, proportionAcceptable: 1, meanAdherence: 3 });
    expect(b?.ci?.lower).toBeCloseTo(Math.sqrt(0.025), 9);
    expect(b?.ci?.upper).toBe(1);
    // C2's amendment (1 → 4) counts, not the original.
    expect(c).toMatchObject({ sampled: 3, scored: 2, acceptable: 1, meanAdherence: 2.5, minAdherence: 1, maxAdherence: 4 });
  });

  it('by session number, including a session number with nothing scored', () => {
    expect(report.bySessionNumber.map((r) => [r.group, r.sampled, r.scored, r.acceptable, r.meanAdherence])).toEqual([
      ['Session 1', 3, 3, 2, 3],
      ['Session 2', 3, 3, 2, 3],
      ['Session 3', 3, 0, 0, null],
    ]);
    expect(report.bySessionNumber[2]).toMatchObject({ proportionAcceptable: null, ci: null, minAdherence: null });
  });

  it('compares the two auditors on the double-scored sessions: (5, 4), (3, 2), (4, 4)', () => {
    expect(report.agreement.pairs).toBe(3);
    expect(report.agreement.exactAgreement).toBeCloseTo(1 / 3, 12);
    expect(report.agreement.acceptableAgreement).toBeCloseTo(2 / 3, 12);
    expect(report.agreement.adherence).toMatchObject({ n: 3, scale: { min: 1, max: 5, step: 1 } });
    expect(report.agreement.adherence?.cutoffs.map((c) => c.cutoff)).toEqual([3]);
  });

  it('exports CSV rows for all, per clinician and per session number', () => {
    const lines = fidelityReportCsv(report).split('\r\n');
    expect(lines[0]).toBe('level,group,sampled,scored,acceptable,percent_acceptable,ci95_lower_percent,ci95_upper_percent,mean_adherence,min_adherence,max_adherence');
    expect(lines[1]).toBe('"overall","All sampled sessions",9,6,4,66.67,22.28,95.67,3,1,5');
    expect(lines[2]).toBe('"clinician","Clinician A",3,2,1,50,1.26,98.74,3.5,2,5');
    expect(lines[7]).toBe('"session_number","Session 3",3,0,0,,,,,,');
    expect(lines).toHaveLength(9); // header, 1 + 3 + 3 rows, and the final line break
  });
});

describe('fidelityReportCsv', () => {
  it('quotes and neutralises names a spreadsheet would misread', () => {
    const row = (group: string) => ({ level: 'clinician' as const, group, sampled: 1, scored: 0, acceptable: 0, proportionAcceptable: null, ci: null, meanAdherence: null, minAdherence: null, maxAdherence: null });
    const report = { overall: row('All'), byClinician: [row('de Vries, Anna'), row('=HYPERLINK("x")'), row('Say "hi"')], bySessionNumber: [] } as unknown as FidelityReportView;
    const lines = fidelityReportCsv(report).split('\r\n');
    expect(lines[2]).toBe('"clinician","de Vries, Anna",1,0,0,,,,,,');
    expect(lines[3]).toBe(`"clinician","'=HYPERLINK(""x"")",1,0,0,,,,,,`);
    expect(lines[4]).toBe('"clinician","Say ""hi""",1,0,0,,,,,,');
  });
});

describe('auditor ratings', () => {
  it('accept session clips only, on the fidelity form only', () => {
    const p = auditor('primary auditor');
    const outcome = clip('ZZZZ-ZZZZ', 'outcome');
    assign('ZZZZ-ZZZZ', outcome, 'primary auditor', 'primary');
    expectCoreError(() => submitAudit(db, p, 'ZZZZ-ZZZZ', rated(3), 1), 'not_found');
    expectCoreError(() => saveAuditDraft(db, users.get('a coder')!, 'A1AA-BBBB', { scores: {}, notes: {}, overallNote: '', unscorable: null }, 1), 'not_found');
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', { ...rated(3), scores: { sensitivity: 5 } }, 1), 'bad_input', /not a dimension/);
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', rated(3.5), 1), 'bad_input', /not on the scale/);
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', rated(6), 1), 'bad_input');
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', { ...rated(3), scores: {} }, 1), 'bad_input', /no score yet/);
  });

  it('lock on submission and amend with a reason as new versions', () => {
    const p = auditor('primary auditor');
    expectCoreError(() => amendAudit(db, p, 'A1AA-BBBB', rated(4), 'second thoughts', 1), 'conflict');
    saveAuditDraft(db, p.id, 'A1AA-BBBB', { scores: { adherence: 2 }, notes: {}, overallNote: 'so far', unscorable: null }, 40);
    const receipt = submitAudit(db, p, 'A1AA-BBBB', rated(3), 20);
    expect(receipt.nextCode).toBe('A2AA-BBBB');
    expect(db.prepare('SELECT seconds_spent FROM ratings WHERE id = ?').get(receipt.ratingId)).toEqual({ seconds_spent: 40 });
    expectCoreError(() => saveAuditDraft(db, p.id, 'A1AA-BBBB', { scores: {}, notes: {}, overallNote: '', unscorable: null }, 1), 'locked');
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', rated(3), 1), 'locked');
    expectCoreError(() => amendAudit(db, p, 'A1AA-BBBB', rated(4), '  ', 1), 'bad_input');
    amendAudit(db, p, 'A1AA-BBBB', rated(4), 'heard the ending again', 5);
    const versions = db.prepare('SELECT version, scores, amendment_reason FROM ratings WHERE assignment_id = ? ORDER BY version').all(assignments.get('A1AA-BBBB/primary auditor'));
    expect(versions).toEqual([
      { version: 1, scores: '{"adherence":3}', amendment_reason: null },
      { version: 2, scores: '{"adherence":4}', amendment_reason: 'heard the ending again' },
    ]);
    const log = db.prepare("SELECT action, actor FROM audit_log WHERE action LIKE 'rating.%' ORDER BY seq").all();
    expect(log).toEqual([
      { action: 'rating.submit', actor: 'primary auditor' },
      { action: 'rating.amend', actor: 'primary auditor' },
    ]);
  });
});

describe('fidelity items', () => {
  it('put adherence first and the study items after it, until the first audit is submitted', () => {
    expect(fidelityDimensions(db).map((d) => d.id)).toEqual(['adherence']);
    setFidelityItems(db, [presenceItem('homework', 'Homework discussed'), ratedItem('video_feedback', 'Video feedback')], 'manager');
    expect(fidelityDimensions(db).map((d) => d.id)).toEqual(['adherence', 'homework', 'video_feedback']);
    expectCoreError(() => setFidelityItems(db, [ratedItem('adherence', 'Again')], 'manager'), 'bad_input');
    expectCoreError(() => setFidelityItems(db, [{ ...ratedItem('bad', 'Bad'), step: 0.3 }], 'manager'), 'bad_input');
    // Every item must be answered, the presence item with 0 or 1.
    const p = auditor('primary auditor');
    expectCoreError(() => submitAudit(db, p, 'A1AA-BBBB', { ...rated(3), scores: { adherence: 3, homework: 1 } }, 1), 'bad_input', /Video feedback/);
    submitAudit(db, p, 'A1AA-BBBB', { ...rated(3), scores: { adherence: 3, homework: 1, video_feedback: 4 } }, 1);
    expectCoreError(() => setFidelityItems(db, [], 'manager'), 'locked');
  });
});
