// The end of a trial through the command line, on the published trial (publishedTrial.ts): ratings
// imported from paper, a blinded export, an emergency unblinding, the lock, the unblinding, the
// unblinded exports and the analysis — whose numbers are checked against the published values and
// against a computation written here from the trial's own data.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyseCommand, exportCommand, importRatingsCommand, lockCommand, unblindCommand } from '../../../electron/cli/commands/closeout';
import type { AnalysisReport } from '../../../electron/common/contract';
import { verifyAuditChain } from '../../../electron/core/audit/chain';
import { amendRating, recordBlindingGuess, saveDraft, submitRating } from '../../../electron/core/coding/ratings';
import { openStudy } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';
import { run, type Command } from './cliRun';
import { ARM_C, ARM_I, CONTROL, INTERVENTION, PARTICIPANTS, PUBLISHED, TIMEPOINTS } from './publishedTrial';
import { buildTrialStudy, MANAGER, PASSPHRASE, type BuiltClip, type BuiltTrial } from './trialStudy';
import { dumpDb } from '../../support/dumpStudy';
import { storedBytes } from '../../support/testDb';

const ENV = { BLINDFOLD_PASSPHRASE: PASSPHRASE, BLINDFOLD_PASSWORD: MANAGER.password };
let root: string;
let cleanup: () => void;
let studyDir: string;
let outDir: string;
let trial: BuiltTrial;
const cli = (command: Command, args: string[], env: Record<string, string | undefined> = ENV) => run(command, args, env);
const imported = (c: BuiltClip) => c.arm === ARM_C && c.timepoint === 'follow-up' && c.scores !== null;

function dump(): string {
  const study = openStudy(studyDir);
  try {
    return dumpDb(study.db);
  } finally {
    study.close();
  }
}

function withDb<T>(f: (db: ReturnType<typeof openStudy>['db']) => T): T {
  const study = openStudy(studyDir);
  try {
    return f(study.db);
  } finally {
    study.close();
  }
}

function readCsv(file: string): Record<string, string>[] {
  const text = readFileSync(file, 'utf8');
  expect(text.includes('\r\n')).toBe(true);
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

beforeAll(async () => {
  ({ dir: root, cleanup } = tempDir('blindfold-closeout-'));
  studyDir = path.join(root, 'study');
  outDir = path.join(root, 'exports');
  mkdirSync(outDir);
  trial = await buildTrialStudy(studyDir, { leaveForImport: imported });
}, 120_000);
afterAll(() => cleanup());

describe('ratings coded on paper', () => {
  it('refuses a file with problems whole, naming each row, and writes nothing', async () => {
    const fu = trial.clips.filter(imported);
    const [a, b] = [fu[0]!, fu[1]!];
    const other = (c: BuiltClip) => (c.primary === 'ann' ? 'bob' : 'ann');
    const submitted = trial.clips.find((c) => !imported(c) && c.scores !== null)!;
    const csv = [
      'clip_code,coder,dimension,score,note,submitted_at',
      `${a.code},${a.primary},sensitivity,5.5,,2024-03-01`, // 2: fine
      'ZZZZ-ZZZZ,ann,sensitivity,4,,', // 3: unknown clip
      `${a.code},zed,quality,40,,`, // 4: unknown coder
      `${b.code},${other(b)},sensitivity,4,,`, // 5: not assigned to that coder
      `${a.code},${a.primary},quality,40.5,,`, // 6: off the 0–100 scale in steps of 1
      `${a.code},${a.primary},sensitivity,6,,`, // 7: repeats row 2
      `${submitted.code},${submitted.primary},sensitivity,4,,`, // 8: already submitted
      `${b.code},${b.primary},sensitivity,"5,5",,`, // 9: decimal comma
      `${b.code},${b.primary},warmth,3,,`, // 10: unknown dimension
      `${b.code},${b.primary},quality,50,,yesterday`, // 11: not a time
    ].join('\n');
    const file = path.join(root, 'bad-ratings.csv');
    writeFileSync(file, csv);
    const before = dump();
    const r = await cli(importRatingsCommand, [studyDir, file]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nothing was imported/);
    const expectations: [number, RegExp][] = [
      [3, /no clip "ZZZZ-ZZZZ"/],
      [4, /no user called "zed"/],
      [5, /not assigned to/],
      [6, /40\.5 is not on the .* scale/],
      [7, /repeats row 2/],
      [8, /already submitted/],
      [9, /not a number.*'\.'/],
      [10, /"warmth" is not a dimension/],
      [11, /"yesterday" is not an ISO 8601/],
    ];
    for (const [row, message] of expectations) expect(r.err).toMatch(new RegExp(`Row ${row}\\b[^\\n]*${message.source}`));
    expect(dump()).toBe(before);
  });

  it('imports the paper-coded ratings as version 1 through the coding path', async () => {
    const fu = trial.clips.filter(imported);
    // A Dutch Excel export: semicolons, a byte-order mark, a dimension by its label, a code in lower case.
    const rows = fu.flatMap((c, i) => {
      const time = `2024-03-0${(i % 9) + 1}T10:00:00Z`;
      return [
        `${i === 0 ? c.code.toLowerCase() : c.code};${c.primary};sensitivity;${c.scores!.sensitivity};${i === 1 ? '"=HYPERLINK(""http://x"")"' : ''};${time}`,
        `${c.code};${c.primary};Interaction quality (0–100);${c.scores!.quality};;${time}`,
      ];
    });
    const file = path.join(root, 'paper-ratings.csv');
    writeFileSync(file, `\uFEFFclip_code;coder;dimension;score;note;submitted_at\n${rows.join('\n')}\n`);
    const r = await cli(importRatingsCommand, [studyDir, file]);
    expect(r.err).toBe('');
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/Imported 13 rating\(s\) from 26 row\(s\)/);
    withDb((db) => {
      const versions = db
        .prepare(
          `SELECT r.version, r.overall_note AS note, r.notes FROM ratings r JOIN assignments a ON a.id = r.assignment_id JOIN clips c ON c.id = a.clip_id WHERE c.code = ?`,
        )
        .all(fu[1]!.code) as { version: number; note: string; notes: string }[];
      expect(versions).toHaveLength(1);
      expect(versions[0]!.version).toBe(1);
      expect(versions[0]!.note).toMatch(/imported by [^;]*; coded 2024-03-02T10:00:00\.000Z/);
      // The import file's name stays in the audit log, never in what coders see.
      expect(versions[0]!.note).not.toMatch(/paper-ratings/);
      expect(JSON.parse(versions[0]!.notes)).toEqual({ sensitivity: '=HYPERLINK("http://x")' });
      const audit = db.prepare("SELECT detail FROM audit_log WHERE action = 'ratings.import'").all() as { detail: string }[];
      expect(audit.map((a) => JSON.parse(a.detail))).toEqual([{ source: 'paper-ratings.csv', ratings: 13, rows: 26 }]);
    });
  });
});

describe('before the lock', () => {
  it('exports a blinded tidy file at any time, with no allocation in it and formulas neutralised', async () => {
    const file = path.join(outDir, 'blinded.csv');
    const r = await cli(exportCommand, [studyDir, '--out', file], {});
    expect(r).toMatchObject({ code: 0 });
    const rows = readCsv(file);
    const assignments = trial.clips.length + trial.reliability.length + 1;
    expect(rows).toHaveLength(assignments * 2);
    expect(Object.keys(rows[0]!)).toEqual(expect.arrayContaining(['clip_code', 'coder', 'purpose', 'dimension', 'score', 'version', 'amendment_reasons', 'emergency_unblinded']));
    expect(Object.keys(rows[0]!)).not.toContain('arm');
    const text = readFileSync(file, 'utf8');
    for (const needle of [ARM_I, ARM_C, ...PARTICIPANTS.map((p) => p.id)]) expect(text).not.toContain(needle);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    const exception = rows.filter((x) => x['clip_code'] === trial.exception.code && x['coder'] === 'cem');
    expect(exception.map((x) => x['status'])).toEqual(['not_submitted', 'not_submitted']);
    expect(readFileSync(path.join(outDir, 'blinded.dictionary.md'), 'utf8')).toMatch(/not locked/);
    expect((await cli(exportCommand, [studyDir, '--out', file], {})).code).toBe(1);
  });

  it('reveals one clip in an emergency to a manager with the passphrase and a reason, and logs it', async () => {
    const code = trial.codeOf('PX-I05', 'post');
    const wrong = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Safeguarding concern raised', '--clip', code], { ...ENV, BLINDFOLD_PASSWORD: 'not-the-password' });
    // The command line logs the manager in first (auth.login, as the app does): a wrong password is
    // a failed login, counted towards the lock-out, before any unblinding is attempted.
    expect(wrong.code).toBe(1);
    expect(wrong.err).toMatch(/do not match an account/);
    const short = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'concern', '--clip', code]);
    expect(short).toMatchObject({ code: 1, err: expect.stringMatching(/at least 10 characters/) });
    const ok = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Coder reported a safeguarding concern on this clip', '--clip', code]);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/participant: PX-I05/);
    expect(ok.out).toMatch(new RegExp(`arm: +${ARM_I}`));
    expect(ok.out).toMatch(/timepoint: +post/);
    withDb((db) => {
      const actions = (db.prepare("SELECT action, reason FROM audit_log WHERE action LIKE 'clip.emergency%'").all() as { action: string; reason: string | null }[]);
      expect(actions).toEqual([{ action: 'clip.emergency_unblind', reason: 'Coder reported a safeguarding concern on this clip' }]);
      expect(db.prepare("SELECT actor FROM audit_log WHERE action = 'auth.login_failed'").all()).toEqual([{ actor: MANAGER.name }]);
    });
  });

  it('refuses to unblind the whole study before the lock', async () => {
    const r = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Primary analysis after database lock']);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/Lock the study before unblinding/) });
  });
});

describe('the data lock', () => {
  it('lists the unsubmitted assignments by clip and coder and refuses without confirmation', async () => {
    const before = dump();
    const r = await cli(lockCommand, [studyDir]);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(new RegExp(`${trial.exception.code} +cem +reliability \\(draft saved, not submitted\\)`));
    expect(r.err).toMatch(/--confirm-exceptions/);
    expect(dump()).toBe(before);
  });

  it('lists the reliability pairs failing the criterion and the disagreements without consensus, and refuses without a reason', async () => {
    const before = dump();
    const r = await cli(lockCommand, [studyDir, '--confirm-exceptions']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/2 coder pair × dimension\(s\) fail the reliability criterion:/);
    expect(r.out).toMatch(/ann – cem +sensitivity +\d+ +linear weighted kappa -?\d\.\d{3} is below the threshold 0\.700/);
    expect(r.out).toMatch(/\d+ disagreement\(s\) of 1 point\(s\) or more have no consensus:/);
    expect(r.err).toMatch(/--reliability-reason/);
    expect(dump()).toBe(before);
    expect((await cli(lockCommand, [studyDir, '--confirm-exceptions', '--reliability-reason', 'short'])).code).toBe(1);
    expect(dump()).toBe(before);
  });

  it('locks with the exceptions confirmed; then nothing coded can change, in core or in the database', async () => {
    const r = await cli(lockCommand, [studyDir, '--confirm-exceptions', '--reliability-reason', 'Pilot coders only; the DSMB accepted this in its minutes']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toMatch(/with 1 exception/);
    expect(r.out).toContain('Locked over the reliability problems above, with the reason: "Pilot coders only; the DSMB accepted this in its minutes"');
    const audited = withDb((db) => db.prepare("SELECT reason, detail FROM audit_log WHERE action = 'study.lock'").get() as { reason: string; detail: string });
    expect(audited.reason).toBe('Pilot coders only; the DSMB accepted this in its minutes');
    expect(JSON.parse(audited.detail).reliability.failing).toHaveLength(2);
    expect((await cli(lockCommand, [studyDir, '--confirm-exceptions'])).code).toBe(1);
    withDb((db) => {
      const cem = db.prepare("SELECT id FROM users WHERE name = 'cem'").get() as { id: number };
      const ann = db.prepare("SELECT id FROM users WHERE name = 'ann'").get() as { id: number };
      const content = { scores: { sensitivity: 4, quality: 50 }, notes: {}, overallNote: '', unscorable: null };
      expect(() => submitRating(db, { id: cem.id, name: 'cem' }, trial.exception.code, content, 10)).toThrow(/locked/);
      expect(() => saveDraft(db, cem.id, trial.exception.code, { ...content, scores: { sensitivity: 5, quality: null } }, 10)).toThrow(/locked/);
      const annClip = trial.clips.find((c) => c.primary === 'ann' && c.scores !== null && c.timepoint === 'pre')!;
      expect(() => amendRating(db, { id: ann.id, name: 'ann' }, annClip.code, content, 'late correction', 10)).toThrow(/locked/);
      expect(() => recordBlindingGuess(db, { id: ann.id, name: 'ann' }, annClip.code, 'control', 'pre')).toThrow(/locked/);
      expect(() => db.prepare('DELETE FROM drafts').run()).toThrow(/locked/);
      expect(() => db.prepare('DELETE FROM study_lock').run()).toThrow(/cannot be lifted/);
      if (trial.consensus) {
        expect(() =>
          db.prepare("INSERT INTO consensus (clip_id, dimension, version, score, reason, ratings, decided_by, decided_at) VALUES (1, 'quality', 1, 50, 'late', '[]', 1, 'x')").run(),
        ).toThrow();
      }
    });
    const paper = path.join(root, 'late.csv');
    writeFileSync(paper, `clip_code,coder,dimension,score\n${trial.exception.code},cem,sensitivity,4\n`);
    expect(await cli(importRatingsCommand, [studyDir, paper])).toMatchObject({ code: 1, err: expect.stringMatching(/locked/) });
    const emergency = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Another concern came up later', '--clip', trial.codeOf('PX-C01', 'pre')]);
    expect(emergency).toMatchObject({ code: 1, err: expect.stringMatching(/locked.*whole study/) });
  });
});

describe('unblinding', () => {
  it('needs a manager, the passphrase and a written reason, and checks the key against the seal', async () => {
    expect((await cli(unblindCommand, [studyDir, '--manager', MANAGER.name])).code).toBe(2);
    const coder = await cli(unblindCommand, [studyDir, '--manager', 'ann', '--reason', 'Primary analysis after database lock'], { ...ENV, BLINDFOLD_PASSWORD: 'ann-coder-pw' });
    // A coder's own login works; the unblinding entry refuses the role (dispatch, as in the app).
    expect(coder).toMatchObject({ code: 2, err: expect.stringMatching(/"ann" is a coder; this needs a manager user/) });
    const passphrase = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Primary analysis after database lock'], { ...ENV, BLINDFOLD_PASSPHRASE: 'wrong passphrase here' });
    expect(passphrase).toMatchObject({ code: 1, err: expect.stringMatching(/not the unblinding passphrase/) });
    const analyseEarly = await cli(analyseCommand, [studyDir, '--arms', `${ARM_I},${ARM_C}`]);
    expect(analyseEarly).toMatchObject({ code: 1, err: expect.stringMatching(/not unblinded yet/) });

    const r = await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Primary analysis after database lock']);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    withDb((db) => {
      const seal = db.prepare('SELECT commitment FROM seals ORDER BY id DESC LIMIT 1').get() as { commitment: string };
      expect(r.out).toContain(seal.commitment);
      expect(db.prepare('SELECT unblinded_by, reason, commitment FROM unblinding').get()).toEqual({
        unblinded_by: MANAGER.name,
        reason: 'Primary analysis after database lock',
        commitment: seal.commitment,
      });
      const log = db.prepare("SELECT actor, reason FROM audit_log WHERE action = 'study.unblind'").all();
      expect(log).toEqual([{ actor: MANAGER.name, reason: 'Primary analysis after database lock' }]);
      const refusals = db.prepare("SELECT COUNT(*) AS n FROM audit_log WHERE action = 'study.unblind.refused'").get() as { n: number };
      // The coder is refused by the entry's roles before unblinding is tried; the wrong passphrase is refused by unblinding, and logged.
      expect(refusals.n).toBe(1);
      expect(verifyAuditChain(db).ok).toBe(true);
    });
    expect(await cli(unblindCommand, [studyDir, '--manager', MANAGER.name, '--reason', 'Primary analysis after database lock'])).toMatchObject({
      code: 1,
      err: expect.stringMatching(/already unblinded/),
    });
  });
});

describe('unblinded exports', () => {
  it('refuses to write unblinded data into the study folder', async () => {
    const r = await cli(exportCommand, [studyDir, '--out', path.join(studyDir, 'unblinded.csv'), '--unblinded']);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/outside the study folder/) });
    expect(existsSync(path.join(studyDir, 'unblinded.csv'))).toBe(false);
  });

  it('joins the tidy export with participant, arm and timepoint', async () => {
    const file = path.join(outDir, 'tidy.csv');
    expect(await cli(exportCommand, [studyDir, '--out', file, '--unblinded', '--bom'])).toMatchObject({ code: 0 });
    expect(readFileSync(file).subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const rows = readCsv(file);
    expect(Object.keys(rows[0]!).slice(0, 6)).toEqual(['participant', 'arm', 'stratum', 'timepoint', 'task', 'clip_code']);
    const amended = rows.filter((x) => x['clip_code'] === trial.amended.code && x['dimension'] === 'sensitivity');
    expect(amended).toHaveLength(1);
    expect(amended[0]).toMatchObject({
      arm: ARM_I,
      timepoint: 'post',
      score: String(trial.amended.final),
      original_score: String(trial.amended.original),
      version: '2',
      amendments: '1',
      amendment_reasons: 'v2: Re-watched the second episode: scored the wrong segment',
      seconds_spent: '165',
      counts_in_analysis: '1',
      // The amendment's markers (version 1 had none), read back by every reader below.
      marker_count: '2',
      markers: '0:12.500 (frame 312): turns away, "no" | back at 0:14 | 0:40.000 (frame 1000)',
    });
    const second = rows.find((x) => x['clip_code'] === trial.reliability[1] && x['coder'] === 'cem')!;
    expect(second).toMatchObject({ purpose: 'reliability', counts_in_analysis: '0' });
    expect(rows.filter((x) => x['emergency_unblinded'] === '1').map((x) => x['clip_code'])).toEqual([trial.codeOf('PX-I05', 'post'), trial.codeOf('PX-I05', 'post')]);
    if (trial.consensus) {
      const c = rows.filter((x) => x['clip_code'] === trial.consensus!.code && x['dimension'] === 'sensitivity');
      expect(c.every((x) => x['consensus_score'] === '7' && x['counts_in_analysis'] === '0')).toBe(true);
    }
    const dictionary = readFileSync(path.join(outDir, 'tidy.dictionary.md'), 'utf8');
    expect(dictionary).toMatch(/Unblinded on .* by maria\. Reason: "Primary analysis after database lock"/);
    expect(dictionary).toContain(trial.codeOf('PX-I05', 'post'));
    expect(dictionary).toMatch(/\| counts_in_analysis \| 0\/1 \|/);
    expect(dictionary).toMatch(/- Locked despite reliability problems: 2 coder pair × dimension\(s\) failing the criterion \(ann–cem sensitivity, ann–cem quality\), \d+ disagreement\(s\) without consensus\. Reason: "Pilot coders only; the DSMB accepted this in its minutes"\./);
  });

  it('writes the long file: every randomised participant at every timepoint, the score that counts', async () => {
    const file = path.join(outDir, 'long.csv');
    expect(await cli(exportCommand, [studyDir, '--out', file, '--unblinded', '--long'])).toMatchObject({ code: 0 });
    const rows = readCsv(file);
    expect(rows).toHaveLength(PARTICIPANTS.length * TIMEPOINTS.length);
    expect(rows.slice(0, 3).map((x) => x['timepoint'])).toEqual(['pre', 'post', 'follow-up']);
    for (const c of trial.clips) {
      const row = rows.find((x) => x['participant'] === c.participant && x['timepoint'] === c.timepoint)!;
      expect(row['recorded']).toBe('1');
      expect(row['clip_code']).toBe(c.code);
      const consensus = trial.consensus?.code === c.code;
      expect(row['sensitivity']).toBe(c.scores ? String(consensus ? 7 : c.scores.sensitivity) : '');
      expect(row['sensitivity_source']).toBe(c.scores ? (consensus ? 'consensus' : 'primary') : '');
      expect(row['quality']).toBe(c.scores ? String(c.scores.quality) : '');
      expect(row['unscorable']).toBe(c.scores ? '0' : '1');
    }
    expect(rows.filter((x) => x['recorded'] === '0')).toHaveLength(PARTICIPANTS.length * 3 - trial.clips.length);
    expect(readFileSync(path.join(outDir, 'long.dictionary.md'), 'utf8')).toMatch(/primary coder's latest submitted version counts/);
  });

  it('writes the wide file: one row per randomised participant, timepoint-suffixed columns', async () => {
    const file = path.join(outDir, 'wide.csv');
    const r = await cli(exportCommand, [studyDir, '--out', file, '--unblinded', '--wide']);
    expect(r).toMatchObject({ code: 0 });
    expect(r.out).toContain(`Readers (R, SPSS, Stata, SAS): ${path.join(outDir, 'wide.R')}, ${path.join(outDir, 'wide.sps')}, ${path.join(outDir, 'wide.do')}, ${path.join(outDir, 'wide.sas')}`);
    const rows = readCsv(file);
    expect(rows).toHaveLength(PARTICIPANTS.length);
    expect(Object.keys(rows[0]!).slice(0, 5)).toEqual(['participant', 'arm', 'stratum', 'recorded_pre', 'clip_code_pre']);
    expect(Object.keys(rows[0]!)).toContain('sensitivity_follow_up');
    expect(Object.keys(rows[0]!)).not.toContain('timepoint');
    for (const c of trial.clips) {
      const row = rows.find((x) => x['participant'] === c.participant)!;
      const t = c.timepoint.replace('-', '_');
      const consensus = trial.consensus?.code === c.code;
      expect(row[`recorded_${t}`]).toBe('1');
      expect(row[`clip_code_${t}`]).toBe(c.code);
      expect(row[`sensitivity_${t}`]).toBe(c.scores ? String(consensus ? 7 : c.scores.sensitivity) : '');
      expect(row[`quality_${t}`]).toBe(c.scores ? String(c.scores.quality) : '');
    }
    const missing = rows.flatMap((x) => TIMEPOINTS.map((t) => x[`recorded_${t.replace('-', '_')}`])).filter((v) => v === '0');
    expect(missing).toHaveLength(PARTICIPANTS.length * 3 - trial.clips.length);
    const dictionary = readFileSync(path.join(outDir, 'wide.dictionary.md'), 'utf8');
    expect(dictionary).toContain('| _follow_up | follow-up |');
    expect(dictionary).toContain('Wide: one row per randomised participant.');
  });

  it('writes R, SPSS, Stata and SAS readers that apply the dictionary; R (when installed) reads the files back', () => {
    for (const name of ['blinded', 'tidy', 'long', 'wide']) checkReaders(path.join(outDir, `${name}.csv`));
  });
});

// R's view of a data set after sourcing its reader: every column's class, label and values (as
// text; times as ISO 8601 UTC; NA as empty), each with tab, newline and backslash escaped.
const R_DUMP = String.raw`
args <- commandArgs(TRUE)
source(args[1])
esc <- function(v) gsub("\t", "\\t", gsub("\n", "\\n", gsub("\r", "\\r", gsub("\\", "\\\\", v, fixed = TRUE), fixed = TRUE), fixed = TRUE), fixed = TRUE)
out <- c()
for (n in names(data)) {
  x <- data[[n]]
  lab <- attr(x, "label"); if (is.null(lab)) lab <- ""
  v <- if (inherits(x, "POSIXct")) format(x, "%Y-%m-%dT%H:%M:%OS3Z", tz = "UTC") else as.character(x)
  v[is.na(v)] <- ""
  out <- c(out, paste("column", n, class(x)[1], esc(lab), sep = "\t"))
  if (is.factor(x)) out <- c(out, paste("levels", n, paste(esc(levels(x)), collapse = "\t"), sep = "\t"))
  out <- c(out, paste("values", n, paste(esc(v), collapse = "\t"), sep = "\t"))
}
writeLines(out, args[2], useBytes = TRUE)
`;

const hasR = spawnSync('Rscript', ['--version']).status === 0;

/** The dictionary's Variables table: name → [type, label, value labels ("v = label; …")]. */
function dictionaryVariables(md: string): Map<string, { type: string; label: string; values: string }> {
  const section = md.slice(md.indexOf('## Variables'), md.indexOf('## Dimensions'));
  const out = new Map<string, { type: string; label: string; values: string }>();
  for (const line of section.split('\n').slice(4)) {
    if (!line.startsWith('| ')) continue;
    const cells = line.slice(2, -2).split(/ (?<!\\)\| /).map((c) => c.replace(/\\\|/g, '|'));
    out.set(cells[0]!, { type: cells[1]!, label: cells[2]!, values: cells[4] ?? '' });
  }
  return out;
}

function checkReaders(csv: string): void {
  const base = csv.replace(/\.csv$/, '');
  const dictionary = dictionaryVariables(readFileSync(`${base}.dictionary.md`, 'utf8'));
  const rows = readCsv(csv);
  const names = Object.keys(rows[0]!);
  expect([...dictionary.keys()]).toEqual(names);
  const valueLabels = (values: string) => (values === '' ? [] : values.split('; ').map((p) => (p.includes(' = ') ? p.split(' = ') : [p, p]) as [string, string]));

  // Every package's reader names every column and carries its label and value labels.
  const scripts = { R: readFileSync(`${base}.R`, 'utf8'), sps: readFileSync(`${base}.sps`, 'utf8'), do: readFileSync(`${base}.do`, 'utf8'), sas: readFileSync(`${base}.sas`, 'utf8') };
  for (const [name, v] of dictionary) {
    expect(scripts.R).toContain(`attr(data$${name}, "label") <- "${v.label.replace(/"/g, '\\"')}"`);
    expect(scripts.sps).toMatch(new RegExp(`^ {4}${name} (A\\d+|F16\\.6|F8\\.0)\\r?$`, 'm'));
    expect(scripts.sps).toContain(`  ${name} '${v.label.replace(/'/g, "''")}'`);
    expect(scripts.do).toContain(`label variable ${name} \`"${v.label}"'`);
    expect(scripts.sas).toContain(`    ${name} = '${v.label.replace(/'/g, "''")}'`);
    for (const [, label] of valueLabels(v.values)) {
      for (const text of [scripts.R, scripts.do]) expect(text).toContain(label);
      expect(scripts.sas).toContain(`'${label.replace(/'/g, "''")}'`);
      expect(scripts.sps).toContain(`'${label.replace(/'/g, "''")}'`);
    }
  }
  if (!hasR) return;

  const dump = `${base}.r-dump.tsv`;
  const script = `${base}.check.R`;
  writeFileSync(script, R_DUMP);
  const r = spawnSync('Rscript', ['--vanilla', script, path.basename(`${base}.R`), dump], { cwd: path.dirname(csv), encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const unescape = (s: string) => s.replace(/\\(t|n|r|\\)/g, (_, c: string) => ({ t: '\t', n: '\n', r: '\r', '\\': '\\' })[c]!);
  const seen = new Map<string, { cls: string; label: string; levels?: string[]; values?: string[] }>();
  for (const line of readFileSync(dump, 'utf8').split('\n').filter(Boolean)) {
    const [kind, name, ...rest] = line.split('\t');
    const entry = seen.get(name!) ?? { cls: '', label: '' };
    if (kind === 'column') Object.assign(entry, { cls: rest[0], label: unescape(rest[1] ?? '') });
    if (kind === 'levels') entry.levels = rest.map(unescape);
    if (kind === 'values') entry.values = rest.map(unescape);
    seen.set(name!, entry);
  }
  const CLASS: Record<string, string> = { text: 'character', number: 'numeric', integer: 'integer', '0/1': 'integer', 'ISO 8601 UTC': 'POSIXct' };
  for (const [name, v] of dictionary) {
    const got = seen.get(name)!;
    expect(got, name).toBeDefined();
    expect(got.cls, name).toBe(CLASS[v.type]);
    expect(got.label, name).toBe(v.label);
    expect(got.values, name).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const want = row[name]!;
      const value = got.values![i]!;
      if (v.type === 'number' || v.type === 'integer' || v.type === '0/1') expect(value === '' ? '' : Number(value), `${name}[${i}]`).toBe(want === '' ? '' : Number(want));
      // R prints fractional seconds truncated (%OS3 of a double), so a time may read 1 ms early.
      else if (v.type === 'ISO 8601 UTC' && want !== '') expect(Math.abs(Date.parse(value) - Date.parse(want)), `${name}[${i}]`).toBeLessThanOrEqual(1);
      else expect(value, `${name}[${i}]`).toBe(want);
    });
    const labels = valueLabels(v.values);
    if (labels.length === 0) {
      expect(seen.has(`${name}.factor`), name).toBe(false);
      continue;
    }
    const factor = seen.get(`${name}.factor`)!;
    expect(factor.cls).toBe('factor');
    expect(factor.levels).toEqual(labels.map(([, l]) => l));
    rows.forEach((row, i) => {
      const want = row[name] === '' ? '' : labels.find(([value]) => value === row[name])![1];
      expect(factor.values![i], `${name}.factor[${i}]`).toBe(want);
    });
  }
}

// Written here from the trial's own data, independently of core's analysis.
function finalScore(c: BuiltClip, dimension: 'sensitivity' | 'quality'): number | undefined {
  if (!c.scores) return undefined;
  if (trial.consensus?.code === c.code && dimension === 'sensitivity') return trial.consensus.score;
  return c.scores[dimension];
}

function expectedChange(dimension: 'sensitivity' | 'quality', to: string, members: readonly string[]) {
  const changes: number[] = [];
  for (const p of members) {
    const a = trial.clips.find((c) => c.participant === p && c.timepoint === 'pre');
    const b = trial.clips.find((c) => c.participant === p && c.timepoint === to);
    const x = a && finalScore(a, dimension);
    const y = b && finalScore(b, dimension);
    if (x !== undefined && y !== undefined) changes.push(y - x);
  }
  const mean = changes.reduce((s, v) => s + v, 0) / changes.length;
  const sd = Math.sqrt(changes.reduce((s, v) => s + (v - mean) ** 2, 0) / (changes.length - 1));
  return { n: changes.length, mean, sd };
}

function expectedTransitions(dimension: 'sensitivity' | 'quality', from: string, to: string, members: readonly string[]) {
  const cut = dimension === 'sensitivity' ? 5.5 : 70;
  const t = { n: 0, improved: 0, stayed: 0, declined: 0 };
  for (const p of members) {
    const a = trial.clips.find((c) => c.participant === p && c.timepoint === from);
    const b = trial.clips.find((c) => c.participant === p && c.timepoint === to);
    const x = a && finalScore(a, dimension);
    const y = b && finalScore(b, dimension);
    if (x === undefined || y === undefined) continue;
    t.n++;
    const d = Number(y >= cut) - Number(x >= cut);
    if (d > 0) t.improved++;
    else if (d < 0) t.declined++;
    else t.stayed++;
  }
  return t;
}

describe('the analysis', () => {
  let report: AnalysisReport;

  it('asks which arm is which when the labels do not say', async () => {
    const r = await cli(analyseCommand, [studyDir, '--json']);
    expect(r).toMatchObject({ code: 1, err: expect.stringMatching(/"CAU-ARM", "VIPP-FC"/) });
  });

  it('reproduces the published values (--json)', async () => {
    const r = await cli(analyseCommand, [studyDir, '--json', '--arms', `${ARM_I},${ARM_C}`]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    report = JSON.parse(r.out) as AnalysisReport;
    expect(report.timepoints).toEqual(['pre', 'post', 'follow-up']);
    expect(report.randomised).toEqual({ intervention: 20, control: 20 });

    const sensitivityPost = report.outcomes.find((o) => o.dimension === 'sensitivity' && o.timepoint === 'post')!;
    expect(sensitivityPost.intervention.upper).toMatchObject({ count: 9, n: 17 });
    expect(sensitivityPost.control.upper).toMatchObject({ count: 3, n: 11 });
    if (sensitivityPost.risk_ratio.value === null) throw new Error('risk ratio undefined');
    expect(sensitivityPost.risk_ratio.value.toFixed(2)).toBe('1.94');
    expect(sensitivityPost.risk_ratio.ci95.map((x) => x.toFixed(2))).toEqual(['0.67', '5.63']);

    const completion = report.completion.find((c) => c.timepoint === 'follow-up')!;
    expect(completion.intervention).toMatchObject({ count: 19, n: 20 });
    expect(completion.control).toMatchObject({ count: 14, n: 20 });
    expect([completion.intervention.proportion, ...completion.intervention.ci95!].map((x) => Math.round(x! * 100))).toEqual([95, 75, 100]);
    expect([completion.control.proportion, ...completion.control.ci95!].map((x) => Math.round(x! * 100))).toEqual([70, 46, 88]);

    const qualityFu = report.outcomes.find((o) => o.dimension === 'quality' && o.timepoint === 'follow-up')!;
    expect(qualityFu.intervention).toMatchObject({ n: 19, mean: 67 });
    expect(qualityFu.control).toMatchObject({ n: 13, mean: 74 });
    expect(qualityFu.intervention.sd).toBeCloseTo(10, 12);
    expect(qualityFu.control.sd).toBeCloseTo(11, 12);
    if (qualityFu.hedges_g.value === null) throw new Error('g undefined');
    expect(qualityFu.hedges_g.value.toFixed(2)).toBe('-0.66');
    expect(qualityFu.hedges_g.ci95.map((x) => x.toFixed(2))).toEqual(['-1.38', '0.07']);
  });

  it('agrees with a computation from the trial data: change from baseline, transitions, blinding', () => {
    for (const dimension of ['sensitivity', 'quality'] as const) {
      for (const to of ['post', 'follow-up']) {
        const change = report.change_from_baseline.find((c) => c.dimension === dimension && c.to === to)!;
        for (const [arm, members] of [['intervention', INTERVENTION], ['control', CONTROL]] as const) {
          const e = expectedChange(dimension, to, members);
          expect(change[arm].n).toBe(e.n);
          expect(change[arm].mean).toBeCloseTo(e.mean, 10);
          expect(change[arm].sd).toBeCloseTo(e.sd, 10);
        }
      }
      for (const [from, to] of [['pre', 'post'], ['post', 'follow-up']] as const) {
        const t = report.transitions.find((x) => x.dimension === dimension && x.from === from && x.to === to)!;
        expect(t.intervention).toEqual(expectedTransitions(dimension, from, to, INTERVENTION));
        expect(t.control).toEqual(expectedTransitions(dimension, from, to, CONTROL));
      }
    }
    const count = (arm: 'intervention' | 'control', guess: string) => trial.guesses.filter((g) => g.trueArm === arm && g.guess === guess).length;
    for (const arm of ['intervention', 'control'] as const) {
      const row = { intervention: count(arm, 'intervention'), control: count(arm, 'control'), dont_know: count(arm, 'dont_know') };
      expect(report.blinding.table[arm]).toEqual(row);
      const n = row.intervention + row.control + row.dont_know;
      const bang = report.blinding.bang[arm];
      if (bang.value === null) throw new Error('Bang undefined');
      expect(bang.value).toBeCloseTo((arm === 'intervention' ? row.intervention - row.control : row.control - row.intervention) / n, 12);
    }
    expect(report.blinding.guesses).toBe(trial.guesses.length);
    expect(report.blinding.james.value).not.toBeNull();
    const postGuesses = trial.guesses.filter((g) => g.timepoint === 'post').length;
    expect(report.blinding.timepoint_correct).toMatchObject({ count: postGuesses, n: trial.guesses.length });
    expect(report.emergency_unblindings.map((e) => e.code)).toEqual([trial.codeOf('PX-I05', 'post')]);
    expect(report.lock?.exceptions).toEqual([{ code: trial.exception.code, coder: 'cem', purpose: 'reliability', kind: 'outcome' }]);
  });

  it('prints a readable report with the published figures, and writes the figures outside the study', async () => {
    const inside = await cli(analyseCommand, [studyDir, '--arms', `${ARM_I},${ARM_C}`, '--plots', path.join(studyDir, 'plots')]);
    expect(inside).toMatchObject({ code: 1, err: expect.stringMatching(/outside the study folder/) });
    const plots = path.join(outDir, 'figures');
    const r = await cli(analyseCommand, [studyDir, '--arms', `${ARM_I},${ARM_C}`, '--plots', plots]);
    expect(r.code).toBe(0);
    for (const value of Object.values(PUBLISHED)) expect(r.out).toContain(value);
    expect(r.out).toMatch(/Emergency unblindings before the lock \(1\)/);
    expect(r.out).toMatch(/Reliability at the lock: LOCKED DESPITE RELIABILITY PROBLEMS\. failing the criterion: ann–cem on sensitivity \(n \d+: linear weighted kappa/);
    expect(r.out).toContain('reason given: "Pilot coders only; the DSMB accepted this in its minutes"');
    expect(r.out).toMatch(/Scoring rule: For each clip the primary coder's latest submitted version counts/);
    expect(readdirSync(plots).sort()).toEqual([
      'quality_transitions.svg',
      'quality_upper_category.svg',
      'sensitivity_transitions.svg',
      'sensitivity_upper_category.svg',
    ]);
    const svg = readFileSync(path.join(plots, 'sensitivity_upper_category.svg'), 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toContain('9/17 = 53%');
    if (process.env['BLINDFOLD_REPORT_OUT']) writeFileSync(process.env['BLINDFOLD_REPORT_OUT'], r.out);
  });
});

describe('the study folder', () => {
  it('never holds the allocation, even after unblinding', () => {
    const needles = [ARM_I, ARM_C, ...PARTICIPANTS.map((p) => p.id), 'freeplay', '/recordings/'];
    // On PostgreSQL the rows are not in the folder: every row the database holds, scanned the same way.
    const stored = withDb((db) => storedBytes(db, path.join(studyDir, 'study.sqlite')));
    for (const needle of needles) expect(stored.includes(needle), `${needle} in the database`).toBe(false);
    for (const file of readdirSync(studyDir, { recursive: true, encoding: 'utf8' })) {
      if (!statSync(path.join(studyDir, file)).isFile()) continue;
      const bytes = readFileSync(path.join(studyDir, file)).toString('latin1');
      for (const needle of needles) expect(bytes.includes(needle), `${needle} in ${file}`).toBe(false);
    }
  });
});
