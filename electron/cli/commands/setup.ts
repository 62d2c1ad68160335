// The set-up pipeline from the command line: import-allocation, import-recordings, deidentify,
// assign, seal. Each runs the app's setup.* entry as the study holder after opening the sealed key
// with the unblinding passphrase (BLINDFOLD_PASSPHRASE or a prompt), as the Set-up tab does.
import path from 'node:path';
import type { CallResult, Problem, UniformPictureView } from '../../common/contract';
import { parse } from '../args';
import { readable, withSetupKey, type Face } from '../face';
import { UsageError, type CliIo } from '../io';

/** A progress line redrawn in place on a terminal; silent when stderr is a file or a pipe. */
export function progressLine(io: CliIo, label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (process.stderr.isTTY) io.stderr(`\r${label}: ${done} of ${total}`);
  };
}

export function printProblems(io: CliIo, problems: readonly Problem[]): void {
  io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was imported:\n`);
  for (const p of problems) {
    const where = [p.file, p.row === undefined ? undefined : `row ${p.row}`, p.column === undefined ? undefined : `column "${p.column}"`]
      .filter(Boolean)
      .join(', ');
    io.stderr(`  ${where ? `${where}: ` : ''}${p.message}\n`);
  }
}

/**
 * After an unknown arm: how to name the trial's own arms (a Sealed Envelope list says "VIPP-PMH" and
 * "Usual care"), and that the intervention comes first — the order `analyse --arms` asks for too.
 */
export function printArmsHint(io: CliIo, problems: readonly Problem[], given: string | undefined): void {
  const unknown = problems.filter((p) => p.code === 'unknown_arm');
  if (unknown.length === 0) return;
  const found = [...new Set(unknown.flatMap((p) => /arm "([^"]*)" is not one of/.exec(p.message)?.[1] ?? []))];
  if (found.length > 0 && found.every((v) => /^\d+$/.test(v))) return; // numeric codes: the problem itself says what to do
  const example = found.length === 2 ? found.join(',') : 'VIPP-PMH,Usual care';
  io.stderr(
    `\nName the trial's arms as the file writes them, the intervention first, with --arms${given ? ` (now: ${given})` : ' (without it they are "intervention" and "control")'}:\n` +
      `  blindfold import-allocation <studyDir> <csv> --arms "${example}"\n` +
      `The first arm named is the intervention; the analysis is told the same way (blindfold analyse <studyDir> --arms "${example}").\n`,
  );
}

/**
 * Follows a long call's task (setup.progress, as the app's progress bars do) on a terminal's
 * progress line while it runs; silent when stderr is a file or a pipe.
 */
export async function following<T>(io: CliIo, face: Face, label: string, call: Promise<T>): Promise<T> {
  if (!process.stderr.isTTY) return call;
  const line = progressLine(io, label);
  const timer = setInterval(() => {
    void face.call('setup.progress', {}).then(
      (p) => p && !p.finished && line(p.done, p.total),
      () => undefined,
    );
  }, 250);
  try {
    return await call;
  } finally {
    clearInterval(timer);
    io.stderr('\n');
  }
}

/** Runs a cancellable call; Ctrl-C asks core to cancel it (setup.cancel), keeping finished work. */
export async function cancellable<T>(face: Face, call: () => Promise<T>): Promise<T> {
  const stop = () => void face.call('setup.cancel', {}).catch(() => undefined);
  process.once('SIGINT', stop);
  try {
    return await call();
  } finally {
    process.off('SIGINT', stop);
  }
}

export async function importAllocationCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { 'id-column': { type: 'string' }, 'arm-column': { type: 'string' }, 'stratum-column': { type: 'string' }, arms: { type: 'string' } },
    ['studyDir', 'csv'],
  );
  const csv = await readable(io, positionals[1]!);
  return withSetupKey(io, positionals[0]!, async (face) => {
    const outcome = await face.call('setup.importAllocation', {
      path: csv,
      ...(values['id-column'] ? { idColumn: values['id-column'] } : {}),
      ...(values['arm-column'] ? { armColumn: values['arm-column'] } : {}),
      ...(values['stratum-column'] ? { stratumColumn: values['stratum-column'] } : {}),
      ...(values.arms ? { arms: values.arms.split(',').map((a) => a.trim()) } : {}),
    });
    if (!outcome.imported) {
      printProblems(io, outcome.problems);
      printArmsHint(io, outcome.problems, values.arms);
      return 1;
    }
    const arms = Object.entries(outcome.imported.arms).map(([arm, n]) => `${arm} ${n}`).join(', ');
    io.stdout(`Imported the allocation of ${outcome.imported.participants} participants (${arms}); it is sealed in the study.\n`);
    return 0;
  });
}

/**
 * A `--leave-out` file as the import names it: its path in the recordings folder with '/' between
 * folders. A path that, from the working directory, lies inside the folder (tab-completed from
 * above it, or absolute) is taken relative to the folder; any other is already such a path.
 */
export function leftOutName(folder: string, file: string): string {
  const root = path.resolve(folder);
  const resolved = path.resolve(file);
  const inside = resolved.startsWith(root + path.sep) ? path.relative(root, resolved) : file;
  return inside.split(path.sep).join('/');
}

/** After a refusal that names files: how to import the rest without them, as the wizard offers. */
export function printLeaveOutHint(io: CliIo, problems: readonly Problem[], args: readonly string[]): void {
  const files = [...new Set(problems.filter((p) => p.file !== undefined && p.code !== 'left_out_not_found').map((p) => p.file!))];
  if (files.length === 0) return;
  const shell = (s: string) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
  io.stderr(
    `\nFix ${files.length === 1 ? 'that file' : 'those files'}, or leave ${files.length === 1 ? 'it' : 'them'} out of this import with --leave-out <file> (once per file; recorded in the audit log):\n` +
      `  blindfold import-recordings ${args.map(shell).join(' ')} ${files.map((f) => `--leave-out ${shell(f)}`).join(' ')}\n`,
  );
}

export async function importRecordingsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { manifest: { type: 'string' }, pattern: { type: 'string' }, 'leave-out': { type: 'string', multiple: true } },
    ['studyDir', 'folder'],
  );
  if (Boolean(values.manifest) === Boolean(values.pattern)) throw new UsageError('Give exactly one of --manifest <csv> or --pattern P');
  const mapping = values.manifest ? { kind: 'manifest' as const, manifestPath: await readable(io, values.manifest) } : { kind: 'pattern' as const, pattern: values.pattern! };
  const folder = positionals[1]!;
  const leaveOut = [...new Set((values['leave-out'] ?? []).map((f) => leftOutName(folder, f)))];
  return withSetupKey(io, positionals[0]!, async (face) => {
    const outcome = await following(
      io,
      face,
      'Checking recordings',
      face.call('setup.importRecordings', { folder, mapping, ...(leaveOut.length > 0 ? { leaveOut } : {}) }),
    );
    if (!outcome.imported) {
      printProblems(io, outcome.problems);
      const again = args.filter((a, i) => a !== '--leave-out' && args[i - 1] !== '--leave-out' && !a.startsWith('--leave-out='));
      printLeaveOutHint(io, outcome.problems, [...again, ...leaveOut.flatMap((f) => ['--leave-out', f])]);
      return 1;
    }
    const left = leaveOut.length > 0 ? ` Left out: ${leaveOut.join(', ')} (recorded in the audit log).` : '';
    io.stdout(`Imported ${outcome.imported.recordings} recordings.${left} Run "blindfold deidentify" next.\n`);
    return 0;
  });
}

/** `--picture 1280x720@25` (a uniform picture) or `--picture own` (each recording's own). */
export function parsePicture(value: string): UniformPictureView | null {
  if (value === 'own') return null;
  const match = /^(\d{2,4})x(\d{2,4})@(\d{1,3}(?:\.\d+)?)$/.exec(value);
  const [width, height, fps] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const side = (n: number): boolean => n >= 64 && n <= 4096 && n % 2 === 0;
  if (!match || !side(width) || !side(height) || !(fps >= 1 && fps <= 120)) {
    throw new UsageError('--picture must be WIDTHxHEIGHT@FPS with an even width and height from 64 to 4096 and a frame rate from 1 to 120 (e.g. 1280x720@25), or "own"');
  }
  return { width, height, fps };
}

/** `--window 30+600` (code 600 s from 30 s into every recording) or `--window whole`. */
function parseWindow(value: string): { startSeconds: number; lengthSeconds: number } | null {
  if (value === 'whole') return null;
  const m = /^(\d+(?:\.\d+)?)\+(\d+(?:\.\d+)?)$/.exec(value);
  const startSeconds = Number(m?.[1]);
  const lengthSeconds = Number(m?.[2]);
  if (!m || startSeconds > 86_400 || lengthSeconds < 1 || lengthSeconds > 86_400) {
    throw new UsageError('--window must be START+LENGTH in seconds (e.g. 30+600: ten minutes from 30 s in), or "whole"');
  }
  return { startSeconds, lengthSeconds };
}

/** Warns when the pictures coders would see differ by timepoint or arm. */
async function warnAboutPictures(io: CliIo, face: Face): Promise<void> {
  const check = await face.call('setup.pictureCheck', {});
  await warnAboutLengths(io, face, check);
  if (check.tells.length === 0) return;
  io.stderr(`Warning: the clips' picture size or frame rate differs by ${check.tells.join(' and by ')}, so a coder could tell them apart:\n`);
  for (const [factor, groups] of [['timepoint', check.byTimepoint], ['arm', check.byArm]] as const) {
    if (!check.tells.includes(factor)) continue;
    for (const g of groups) io.stderr(`  ${factor} ${g.level}: ${Object.entries(g.counts).map(([p, n]) => `${p} ×${n}`).join('; ')}\n`);
  }
  const status = await face.call('setup.status', {});
  const made = status.clips;
  if (!check.picture && made === 0) io.stderr('Make every clip alike with --picture WIDTHxHEIGHT@FPS (e.g. --picture 1280x720@25) before any clip is made.\n');
  else if (!check.picture) io.stderr(`${made} clip(s) are already made in their own pictures, so the setting can no longer change for this study.\n`);
  const accepted = status.blindingExceptions.filter((e) => e.check === 'picture');
  const open = check.tells.filter((t) => !accepted.some((e) => e.tells.includes(t)));
  if (open.length > 0) io.stderr(`De-identification is refused until then, or until --blinding-reason "…" records why the difference cannot tell a coder the ${open.join(' or the ')}.\n`);
  for (const e of accepted) io.stderr(`Accepted by ${e.recordedBy} on ${e.recordedAt}: "${e.reason}"\n`);
}

/** Warns when the clips' lengths differ by timepoint or arm (the same rule as the picture's). */
async function warnAboutLengths(io: CliIo, face: Face, check: CallResult<'setup.pictureCheck'>): Promise<void> {
  const length = check.length;
  if (length.tells.length === 0) return;
  io.stderr(`Warning: the clips' length differs by ${length.tells.join(' and by ')}, so a coder could tell them apart:\n`);
  for (const [factor, groups] of [['timepoint', length.byTimepoint], ['arm', length.byArm]] as const) {
    if (!length.tells.includes(factor)) continue;
    for (const g of groups) io.stderr(`  ${factor} ${g.level}: ${Object.entries(g.counts).map(([p, n]) => `${p} ×${n}`).join('; ')}\n`);
  }
  const accepted = (await face.call('setup.status', {})).blindingExceptions.filter((e) => e.check === 'length');
  const open = length.tells.filter((t) => !accepted.some((e) => e.tells.includes(t)));
  if (open.length > 0) io.stderr(`De-identification is refused until --blinding-reason "…" records why the difference cannot tell a coder the ${open.join(' or the ')}.\n`);
}

export async function deidentifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { jobs: { type: 'string' }, picture: { type: 'string' }, window: { type: 'string' }, 'blinding-reason': { type: 'string' } }, ['studyDir']);
  const window = values.window === undefined ? undefined : parseWindow(values.window);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  const reason = values['blinding-reason']?.trim();
  if (reason !== undefined && reason.length < 20) throw new UsageError('--blinding-reason must say in at least 20 characters why the difference cannot tell a coder the timepoint or arm');
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  const picture = values.picture === undefined ? undefined : parsePicture(values.picture);
  return withSetupKey(io, positionals[0]!, async (face) => {
    if (picture !== undefined) await face.call('setup.setPicture', { picture });
    if (window !== undefined) await face.call('setup.setCodingWindow', { window });
    if (reason !== undefined) {
      const found = await face.call('setup.pictureCheck', {});
      if (found.tells.length > 0) await face.call('setup.acceptBlindingDifference', { check: 'picture', reason });
      if (found.length.tells.length > 0) await face.call('setup.acceptBlindingDifference', { check: 'length', reason });
    }
    await warnAboutPictures(io, face);
    const outcome = await cancellable(face, () => following(io, face, 'De-identifying (%)', face.call('setup.deidentify', jobs ? { jobs } : {})));
    for (const f of outcome.failed) io.stderr(`  ${f.code}: ${f.message}\n`);
    io.stdout(`${outcome.done} clip(s) de-identified${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}${outcome.cancelled ? ' (cancelled; run again to resume)' : ''}.\n`);
    return outcome.failed.length > 0 || outcome.cancelled ? 1 : 0;
  });
}

export async function assignCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { coders: { type: 'string' }, 'double-fraction': { type: 'string' }, seed: { type: 'string' } }, ['studyDir']);
  if (!values.coders) throw new UsageError('Name the coders with --coders a,b');
  const fraction = values['double-fraction'] === undefined ? 0.2 : Number(values['double-fraction']);
  if (!(fraction >= 0 && fraction <= 1)) throw new UsageError('--double-fraction must be a number from 0 to 1');
  return withSetupKey(io, positionals[0]!, async (face) => {
    const outcome = await face.call('setup.assign', {
      coders: values.coders!.split(',').map((c) => c.trim()).filter(Boolean),
      doubleFraction: fraction,
      ...(values.seed ? { seed: values.seed } : {}),
    });
    io.stdout(`Assignment round ${outcome.round}: ${outcome.clips} clips.\n`);
    for (const [coder, n] of Object.entries(outcome.perCoder)) io.stdout(`  ${coder}: ${n.primary + n.reliability} clips\n`);
    return 0;
  });
}

export async function sealCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {}, ['studyDir']);
  return withSetupKey(io, positionals[0]!, async (face) => {
    const { commitment, clips } = await face.call('setup.seal', {});
    io.stdout(`Sealed the key of ${clips} clips.\nSHA-256 commitment: ${commitment}\nKeep this value with the trial's records; unblinding will show the same.\n`);
    return 0;
  });
}
