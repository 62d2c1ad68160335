// The fidelity audit from the command line: import-sessions, sample-sessions, assign-auditors,
// fidelity-summary. Importing and assigning run the app's fidelity.* entries as the study holder
// after opening the sealed key (BLINDFOLD_PASSPHRASE); the summary is the app's fidelity.summary,
// with clinicians by name only when the key is opened (--names). sample-sessions stays direct
// (cli/main.ts says why).
import {
  deidentifySampledSessions,
  drawSessionSample,
  fidelityReportCsv,
  sampleState,
  type SampleState,
} from '../../core/fidelity';
import type { FidelityGroupRow, FidelityReportView } from '../../common/contract';
import { unlockStudyKey } from '../../core/blinding/sealedKey';
import type { DeidentifyOutcome } from '../../core/setup';
import { openStudy, type Study } from '../../core/study/study';
import { parse } from '../args';
import { asStudyHolder, cliActor, readable, withSetupKey, type Face } from '../face';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';
import { following, printProblems, progressLine } from './setup';

/** The study with its sealed key opened, read directly (sample-sessions only). */
async function withKey<T>(io: CliIo, dir: string, run: (study: Study, keyring: Awaited<ReturnType<typeof unlockStudyKey>>) => Promise<T>): Promise<T> {
  const study = openStudy(dir);
  try {
    const passphrase = await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: ');
    return await run(study, await unlockStudyKey(study.db, passphrase));
  } finally {
    study.close();
  }
}

export const FIDELITY_USAGE = {
  'import-sessions':
    'import-sessions <studyDir> <folder> (--manifest <csv> | --pattern P) [--file-column C --clinician-column C --family-column C --session-column C --date-column C]',
  'sample-sessions': 'sample-sessions <studyDir> [--fraction 0.1] [--seed S] [--by-session-number] [--jobs N] [--json]',
  'assign-auditors': 'assign-auditors <studyDir> --auditors a,b [--double-fraction 0.2] [--seed S]',
  'fidelity-summary': 'fidelity-summary <studyDir> [--json | --csv] [--names]',
} as const;

export async function importSessionsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    {
      manifest: { type: 'string' },
      pattern: { type: 'string' },
      'file-column': { type: 'string' },
      'clinician-column': { type: 'string' },
      'family-column': { type: 'string' },
      'session-column': { type: 'string' },
      'date-column': { type: 'string' },
    },
    ['studyDir', 'folder'],
  );
  if (Boolean(values.manifest) === Boolean(values.pattern)) throw new UsageError('Give exactly one of --manifest <csv> or --pattern P');
  const columns = {
    ...(values['file-column'] ? { fileColumn: values['file-column'] } : {}),
    ...(values['clinician-column'] ? { clinicianColumn: values['clinician-column'] } : {}),
    ...(values['family-column'] ? { familyColumn: values['family-column'] } : {}),
    ...(values['session-column'] ? { sessionColumn: values['session-column'] } : {}),
    ...(values['date-column'] ? { dateColumn: values['date-column'] } : {}),
  };
  const mapping = values.manifest
    ? { kind: 'manifest' as const, manifestPath: await readable(io, values.manifest), ...(Object.keys(columns).length > 0 ? { columns } : {}) }
    : { kind: 'pattern' as const, pattern: values.pattern! };
  return withSetupKey(io, positionals[0]!, async (face) => {
    const outcome = await following(io, face, 'Checking session recordings', face.call('fidelity.importSessions', { folder: positionals[1]!, mapping }));
    if (!outcome.imported) {
      printProblems(io, outcome.problems);
      return 1;
    }
    io.stdout(`Imported ${outcome.imported.sessions} session recordings; they are sealed in the study. Run "blindfold sample-sessions" next.\n`);
    return 0;
  });
}

function sampleJson(state: SampleState, deidentified: DeidentifyOutcome) {
  return {
    round: state.drawnRound,
    rounds: state.rounds,
    rule: state.rule,
    fraction: state.fraction,
    stratifiedBy: state.stratifiedBy,
    seed: state.seed,
    commitment: state.commitment,
    sessions: state.sessions,
    sampled: state.picked.map((p) => ({
      clinician: p.clinician,
      clinicianLabel: p.clinicianLabel,
      family: p.family,
      session: p.sessionNumber,
      date: p.date,
      code: p.code,
      round: p.round,
      deidentified: p.deidentified,
    })),
    strata: state.strata,
    deidentification: { done: deidentified.done, failed: deidentified.failed, cancelled: deidentified.cancelled },
  };
}

function printSample(io: CliIo, state: SampleState, deidentified: DeidentifyOutcome): void {
  const fresh = new Set(state.newlyPicked.map((p) => p.code));
  if (state.drawnRound === null) io.stdout(`No sessions were added since round ${state.rounds}; the sample stands.\n`);
  else io.stdout(`Round ${state.drawnRound}: ${state.newlyPicked.length} session(s) drawn.\n`);
  io.stdout(`Sample: ${state.picked.length} of ${state.sessions} session recordings.\nRule: ${state.rule}\nCommitment: ${state.commitment}\n\n`);
  const header = ['Clinician', 'Label', 'Family', 'Session', 'Date', 'Code', ''];
  const rows = state.picked.map((p) => [p.clinician, p.clinicianLabel, p.family, String(p.sessionNumber), p.date ?? '', p.code, fresh.has(p.code) && state.drawnRound !== null ? 'new' : '']);
  io.stdout(table([header, ...rows]));
  io.stdout('\nPer clinician:\n');
  io.stdout(
    table([
      ['Clinician', 'Session', 'Sessions', 'Target', 'Sampled'],
      ...state.strata.map((s) => [s.clinician, s.sessionNumber === null ? 'all' : String(s.sessionNumber), String(s.sessions), String(s.target), String(s.picked)]),
    ]),
  );
  for (const f of deidentified.failed) io.stderr(`  ${f.code}: ${f.message}\n`);
  io.stdout(
    `\n${deidentified.done} session(s) de-identified to audio${deidentified.failed.length ? `, ${deidentified.failed.length} failed (run again to retry)` : ''}${deidentified.cancelled ? ' (cancelled; run again to resume)' : ''}.\n`,
  );
}

export async function sampleSessionsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { fraction: { type: 'string' }, seed: { type: 'string' }, 'by-session-number': { type: 'boolean' }, jobs: { type: 'string' }, json: { type: 'boolean' } },
    ['studyDir'],
  );
  const fraction = values.fraction === undefined ? undefined : Number(values.fraction);
  if (fraction !== undefined && !(fraction > 0 && fraction <= 1)) throw new UsageError('--fraction must be a number above 0 and at most 1, e.g. 0.1');
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  if (values.seed !== undefined && values.seed.trim() === '') throw new UsageError('--seed must not be empty');
  return withKey(io, positionals[0]!, async (study, keyring) => {
    const drawn = drawSessionSample(
      study.db,
      keyring,
      {
        ...(fraction === undefined ? {} : { fraction }),
        ...(values.seed === undefined ? {} : { seed: values.seed }),
        ...(values['by-session-number'] ? { stratifyBySessionNumber: true } : {}),
      },
      cliActor(),
    );
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    let deidentified: DeidentifyOutcome;
    try {
      const progress = progressLine(io, 'De-identifying sessions (%)');
      deidentified = await deidentifySampledSessions(study.db, keyring, study.paths.blindedMedia, cliActor(), {
        ...(jobs ? { jobs } : {}),
        signal: controller.signal,
        onProgress: (e) => progress(Math.round(e.overall), 100),
      });
      if (process.stderr.isTTY) io.stderr('\n');
    } finally {
      process.off('SIGINT', stop);
    }
    // Read again: the de-identification changed which picks have audio.
    const state = { ...sampleState(study.db, keyring), drawnRound: drawn.drawnRound };
    if (values.json) io.stdout(`${JSON.stringify(sampleJson(state, deidentified), null, 2)}\n`);
    else printSample(io, state, deidentified);
    return deidentified.failed.length > 0 || deidentified.cancelled ? 1 : 0;
  });
}

export async function assignAuditorsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { auditors: { type: 'string' }, 'double-fraction': { type: 'string' }, seed: { type: 'string' } }, ['studyDir']);
  if (!values.auditors) throw new UsageError('Name the auditors with --auditors a,b');
  const fraction = values['double-fraction'] === undefined ? undefined : Number(values['double-fraction']);
  if (fraction !== undefined && !(fraction >= 0 && fraction <= 1)) throw new UsageError('--double-fraction must be a number from 0 to 1');
  return withSetupKey(io, positionals[0]!, async (face) => {
    const outcome = await face.call('fidelity.assignAuditors', {
      auditors: values.auditors!.split(',').map((a) => a.trim()).filter(Boolean),
      ...(fraction === undefined ? {} : { doubleFraction: fraction }),
      ...(values.seed ? { seed: values.seed } : {}),
    });
    io.stdout(`Auditor round ${outcome.round}: ${outcome.clips} session clips.\n`);
    for (const [auditor, n] of Object.entries(outcome.perAuditor)) io.stdout(`  ${auditor}: ${n.primary + n.reliability} clips\n`);
    return 0;
  });
}

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(1)}%`);

function summaryRow(r: FidelityGroupRow): string[] {
  return [
    r.group,
    String(r.sampled),
    String(r.scored),
    String(r.acceptable),
    pct(r.proportionAcceptable),
    r.ci ? `${pct(r.ci.lower)}–${pct(r.ci.upper)}` : '–',
    r.meanAdherence === null ? '–' : r.meanAdherence.toFixed(2),
    r.minAdherence === null ? '–' : `${r.minAdherence}–${r.maxAdherence}`,
  ];
}

export function printFidelityReport(io: CliIo, report: FidelityReportView): void {
  io.stdout(`Fidelity audit: ${report.sampled} of ${report.imported} session recordings sampled, ${report.overall.scored} scored, ${report.unscorable} unscorable.\n`);
  io.stdout(`Sampling: ${report.samplingRule ?? 'not sampled yet'}\nAcceptable: ${report.acceptableRule}\n\n`);
  const header = ['', 'Sampled', 'Scored', 'Acceptable', '%', '95% CI (exact)', 'Mean', 'Range'];
  io.stdout(table([header, summaryRow(report.overall), ...report.byClinician.map(summaryRow), ...report.bySessionNumber.map(summaryRow)]));
  for (const item of report.items) {
    io.stdout(`\n${item.label}: ${item.scored} scored${item.mean === null ? '' : `, mean ${item.mean.toFixed(2)}`}; ${item.categories.map((c) => `${c.label} ${c.count}`).join(', ')}\n`);
  }
  const a = report.agreement;
  if (a.pairs === 0) io.stdout('\nAgreement: no double-scored sessions yet.\n');
  else {
    const k = a.adherence?.quadratic.kappa;
    io.stdout(
      `\nAgreement between auditors (${a.pairs} double-scored sessions): exact ${pct(a.exactAgreement)}, on acceptable ${pct(a.acceptableAgreement)}` +
        `${typeof k === 'number' ? `, quadratic-weighted kappa ${k.toFixed(2)}` : ''}.\n`,
    );
  }
}

export async function fidelitySummaryCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' }, csv: { type: 'boolean' }, names: { type: 'boolean' } }, ['studyDir']);
  if (values.json && values.csv) throw new UsageError('Give at most one of --json and --csv');
  const output = (report: FidelityReportView): number => {
    if (values.json) io.stdout(`${JSON.stringify(report, null, 2)}\n`);
    else if (values.csv) io.stdout(fidelityReportCsv(report));
    else printFidelityReport(io, report);
    return 0;
  };
  const summary = async (face: Face) => output(await face.call('fidelity.summary', {}));
  return values.names ? withSetupKey(io, positionals[0]!, summary) : asStudyHolder(io, positionals[0]!, summary);
}

/** Columns padded to their widest cell. */
function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) => row.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
