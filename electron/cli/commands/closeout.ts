// Closing a study from the command line: import-ratings, lock, unblind (full or one clip in an
// emergency), export and analyse. Secrets come from BLINDFOLD_PASSWORD (the manager's password) and
// BLINDFOLD_PASSPHRASE (the unblinding passphrase) or a prompt, never from arguments. import-ratings,
// lock and export run the app's closeout.* entries as the study holder; unblind runs them as the
// manager named by --manager, logged in; analyse stays direct (cli/main.ts says why).
import path from 'node:path';
import type { Problem } from '../../common/contract';
import { renderReportText } from '../../core/analysis';
import { analyseStudy, writeAnalysisPlots } from '../../core/closeout';
import { unlockStudyKey } from '../../core/blinding/sealedKey';
import { MIN_RELIABILITY_REASON_LENGTH } from '../../core/closeout';
import { openStudy, type Study } from '../../core/study/study';
import { parse } from '../args';
import { answeringHost, asStudyHolder, asUser, cliActor, readable } from '../face';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';

export const CLOSEOUT_USAGE = {
  'import-ratings': 'import-ratings <studyDir> <csv>',
  lock: 'lock <studyDir> [--confirm-exceptions] [--reliability-reason "…"]',
  unblind: 'unblind <studyDir> --manager NAME --reason "…" [--clip CODE]',
  export: 'export <studyDir> --out <file.csv> [--long | --wide] [--unblinded] [--bom] [--force] [--timepoints a,b,c]',
  analyse: 'analyse <studyDir> [--json] [--arms INTERVENTION,CONTROL] [--timepoints a,b,c] [--plots <dir>]',
} as const;

async function withStudy<T>(dir: string, run: (study: Study) => Promise<T>): Promise<T> {
  const study = openStudy(dir);
  try {
    return await run(study);
  } finally {
    study.close();
  }
}

function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  if (items.length === 0) throw new UsageError('Give a comma-separated list');
  return items;
}

function printRatingProblems(io: CliIo, problems: readonly Problem[]): void {
  io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was imported:\n`);
  for (const p of problems) {
    const where = [p.row === undefined ? undefined : `row ${p.row}`, p.column === undefined ? undefined : `column "${p.column}"`].filter(Boolean).join(', ');
    io.stderr(`  ${where && !p.message.startsWith('Row ') ? `${where}: ` : ''}${p.message}\n`);
  }
}

export async function importRatingsCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {}, ['studyDir', 'csv']);
  const csv = await readable(io, positionals[1]!);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const outcome = await face.call('closeout.importRatings', { path: csv });
    if (!outcome.imported) {
      printRatingProblems(io, outcome.problems);
      return 1;
    }
    io.stdout(`Imported ${outcome.imported.ratings} rating(s) from ${outcome.imported.rows} row(s); each is version 1, submitted now.\n`);
    return 0;
  });
}

export async function lockCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { 'confirm-exceptions': { type: 'boolean' }, 'reliability-reason': { type: 'string' } }, ['studyDir']);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const status = await face.call('closeout.status', {});
    if (status.lock) {
      io.stderr(`The study is already locked (on ${status.lock.lockedAt} by ${status.lock.lockedBy}).\n`);
      return 1;
    }
    if (status.unsubmitted.length > 0) {
      io.stdout(`${status.unsubmitted.length} assigned rating(s) are not submitted:\n`);
      io.stdout(`  ${'clip'.padEnd(11)}${'coder'.padEnd(18)}purpose\n`);
      for (const u of status.unsubmitted) {
        const purpose = u.kind === 'session' ? 'fidelity audit' : u.purpose;
        io.stdout(`  ${u.code.padEnd(11)}${u.coder.padEnd(18)}${purpose}${u.hasDraft ? ' (draft saved, not submitted)' : ''}\n`);
      }
      if (!values['confirm-exceptions']) {
        io.stderr('Nothing was locked. To lock without these ratings, confirm them as exceptions: run again with --confirm-exceptions.\n');
        return 1;
      }
    }
    const r = status.reliability;
    if (r.failing.length > 0) {
      io.stdout(`${r.failing.length} coder pair × dimension(s) fail the reliability criterion:\n`);
      io.stdout(`  ${'pair'.padEnd(28)}${'dimension'.padEnd(22)}${'n'.padEnd(6)}verdict\n`);
      for (const f of r.failing) io.stdout(`  ${`${f.a} – ${f.b}`.padEnd(28)}${f.dimension.padEnd(22)}${String(f.n).padEnd(6)}${f.message}\n`);
    }
    if (r.unresolved.length > 0) {
      io.stdout(`${r.unresolved.length} disagreement(s) of ${r.disagreementSize} point(s) or more have no consensus:\n`);
      io.stdout(`  ${'clip'.padEnd(11)}${'dimension'.padEnd(22)}scores\n`);
      for (const u of r.unresolved) io.stdout(`  ${u.code.padEnd(11)}${u.dimension.padEnd(22)}${u.a} ${u.scoreA}, ${u.b} ${u.scoreB}\n`);
    }
    const reliabilityReason = values['reliability-reason']?.trim();
    if ((r.failing.length > 0 || r.unresolved.length > 0) && (reliabilityReason ?? '').length < MIN_RELIABILITY_REASON_LENGTH) {
      io.stderr(
        'Nothing was locked. Resolve these first (consensus, more double coding), or lock without them by giving the reason: ' +
          `run again with --reliability-reason "…" (at least ${MIN_RELIABILITY_REASON_LENGTH} characters; it is audited and printed in the analysis report).\n`,
      );
      return 1;
    }
    const lock = await face.call('closeout.lock', {
      confirmedExceptions: status.unsubmitted.map((u) => ({ code: u.code, coder: u.coder })),
      ...(reliabilityReason ? { reliabilityReason } : {}),
    });
    io.stdout(
      `Locked the study on ${lock.lockedAt}${lock.exceptions.length ? ` with ${lock.exceptions.length} exception(s)` : '; every assigned rating is submitted'}.\n` +
        'No rating, amendment, draft, blinding guess or consensus can change from now on.\n',
    );
    if (lock.reliabilityOverride) io.stdout(`Locked over the reliability problems above, with the reason: "${lock.reliabilityOverride.reason}"\n`);
    if (status.emergencyUnblindings.length > 0) {
      io.stdout(`Emergency unblindings before the lock: ${status.emergencyUnblindings.map((e) => e.code).join(', ')}\n`);
    }
    return 0;
  });
}

export async function unblindCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { manager: { type: 'string' }, reason: { type: 'string' }, clip: { type: 'string' } }, ['studyDir']);
  if (!values.manager?.trim()) throw new UsageError('Name the manager who unblinds with --manager');
  if (!values.reason?.trim()) throw new UsageError('Give the reason for unblinding with --reason "…"');
  const entry = values.clip ? 'closeout.emergencyUnblind' : 'closeout.unblind';
  return asUser(io, positionals[0]!, { name: values.manager, flag: '--manager', for: entry }, async (face, password) => {
    // Unblinding checks the manager's password again, as in the app.
    const passphrase = await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: ');
    if (values.clip) {
      const r = await face.call('closeout.emergencyUnblind', { code: values.clip.trim().toUpperCase(), password, passphrase, reason: values.reason! });
      io.stdout(
        `EMERGENCY UNBLINDING of clip ${r.code} — logged, and listed in every later report and export.\n` +
          `  participant: ${r.participant}\n  arm:         ${r.arm ?? '(not in the allocation)'}\n` +
          `  timepoint:   ${r.timepoint ?? '(none)'}\n${r.task ? `  task:        ${r.task}\n` : ''}` +
          (r.matchesSeal ? '' : '  Note: the key has changed since the latest seal (or was never sealed).\n'),
      );
      return 0;
    }
    const receipt = await face.call('closeout.unblind', { password, passphrase, reason: values.reason! });
    io.stdout(
      `Unblinded on ${receipt.unblinding.unblindedAt} by ${receipt.unblinding.unblindedBy}.\n` +
        `The opened key matches the latest seal: ${receipt.unblinding.commitment}\n` +
        `${receipt.clips} clips; randomised: ${Object.entries(receipt.randomised).map(([arm, n]) => `${arm} ${n}`).join(', ')}.\n` +
        'Nothing revealed was written to the study; export with "blindfold export … --unblinded" and analyse with "blindfold analyse …".\n',
    );
    return 0;
  });
}

export async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { out: { type: 'string' }, long: { type: 'boolean' }, wide: { type: 'boolean' }, unblinded: { type: 'boolean' }, bom: { type: 'boolean' }, force: { type: 'boolean' }, timepoints: { type: 'string' } },
    ['studyDir'],
  );
  if (!values.out) throw new UsageError('Name the file to write with --out <file.csv>');
  if (values.long && values.wide) throw new UsageError('Choose one layout: --long (participant × timepoint) or --wide (one row per participant)');
  const timepoints = list(values.timepoints);
  // The app's save dialog is answered by --out (and --force lets it replace a file).
  const host = answeringHost({ savePath: values.out, replace: values.force === true });
  return asStudyHolder(
    io,
    positionals[0]!,
    async (face) => {
      if (values.unblinded) await face.call('closeout.openKey', { passphrase: await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: ') });
      const written = await face.call('closeout.export', {
        layout: values.wide ? 'wide' : values.long ? 'long' : 'tidy',
        unblinded: values.unblinded === true,
        bom: values.bom ?? false,
        ...(timepoints ? { timepoints } : {}),
      });
      if (!written) throw new Error('The export was not written');
      io.stdout(
        `Wrote the ${written.unblinded ? 'unblinded' : 'blinded'} ${written.layout} export: ${written.rows} rows to ${written.file}\n` +
          `Data dictionary: ${written.dictionaryFile}\n` +
          `Readers (R, SPSS, Stata, SAS): ${written.scriptFiles.join(', ')}\n`,
      );
      return 0;
    },
    { host },
  );
}

export async function analyseCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { json: { type: 'boolean' }, arms: { type: 'string' }, timepoints: { type: 'string' }, plots: { type: 'string' } },
    ['studyDir'],
  );
  const arms = list(values.arms);
  if (arms && arms.length !== 2) throw new UsageError('--arms names two arms: the intervention, then the control');
  const timepoints = list(values.timepoints);
  return withStudy(positionals[0]!, async (study) => {
    const keyring = await unlockStudyKey(study.db, await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: '));
    const report = analyseStudy(study.db, keyring, cliActor(), {
      ...(arms ? { arms: [arms[0]!, arms[1]!] as const } : {}),
      ...(timepoints ? { timepoints } : {}),
    });
    io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderReportText(report));
    if (values.plots) {
      const files = await writeAnalysisPlots(report, values.plots, study.paths.dir);
      io.stderr(`Wrote ${files.length} figure(s) to ${path.resolve(values.plots)}\n`);
    }
    return 0;
  });
}
