// The set-up pipeline from the command line: import-allocation, import-recordings, deidentify,
// assign, seal. Each needs the unblinding passphrase (BLINDFOLD_PASSPHRASE or a prompt), because
// each reads or writes the sealed key.
import os from 'node:os';
import { countClips } from '../../../db/repositories/clips';
import { unlockStudyKey } from '../../core/blinding/sealedKey';
import type { ImportProblem } from '../../core/setup/import';
import type { UniformPicture } from '../../core/blinding/deidentify';
import type { Keyring } from '../../core/blinding/sealedKey';
import { assignClips, deidentifyPending, importAllocation, importRecordings, pictureCheck, sealStudy, setStudyPicture } from '../../core/setup';
import { openStudy, type Study } from '../../core/study/study';
import { parse } from '../args';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';

export const cliActor = () => `cli:${os.userInfo().username}`;

export async function withKey<T>(io: CliIo, dir: string, run: (study: Study, keyring: Awaited<ReturnType<typeof unlockStudyKey>>) => Promise<T>): Promise<T> {
  const study = openStudy(dir);
  try {
    const passphrase = await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: ');
    return await run(study, await unlockStudyKey(study.db, passphrase));
  } finally {
    study.close();
  }
}

/** A progress line redrawn in place on a terminal; silent when stderr is a file or a pipe. */
export function progressLine(io: CliIo, label: string): (done: number, total: number) => void {
  return (done, total) => {
    if (process.stderr.isTTY) io.stderr(`\r${label}: ${done} of ${total}`);
  };
}

export function printProblems(io: CliIo, problems: readonly ImportProblem[]): void {
  io.stderr(`${problems.length} problem${problems.length === 1 ? '' : 's'} found; nothing was imported:\n`);
  for (const p of problems) {
    const where = [p.file, p.row === undefined ? undefined : `row ${p.row}`, p.column === undefined ? undefined : `column "${p.column}"`]
      .filter(Boolean)
      .join(', ');
    io.stderr(`  ${where ? `${where}: ` : ''}${p.message}\n`);
  }
}

export async function importAllocationCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(
    args,
    { 'id-column': { type: 'string' }, 'arm-column': { type: 'string' }, 'stratum-column': { type: 'string' }, arms: { type: 'string' } },
    ['studyDir', 'csv'],
  );
  const bytes = await io.readFile(positionals[1]!);
  return withKey(io, positionals[0]!, async (study, keyring) => {
    const outcome = importAllocation(
      study.db,
      keyring,
      bytes,
      {
        ...(values['id-column'] ? { idColumn: values['id-column'] } : {}),
        ...(values['arm-column'] ? { armColumn: values['arm-column'] } : {}),
        ...(values['stratum-column'] ? { stratumColumn: values['stratum-column'] } : {}),
        ...(values.arms ? { arms: values.arms.split(',').map((a) => a.trim()) } : {}),
      },
      cliActor(),
    );
    if (!outcome.ok) {
      printProblems(io, outcome.problems);
      return 1;
    }
    const arms = Object.entries(outcome.value.arms).map(([arm, n]) => `${arm} ${n}`).join(', ');
    io.stdout(`Imported the allocation of ${outcome.value.participants} participants (${arms}); it is sealed in the study.\n`);
    return 0;
  });
}

export async function importRecordingsCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { manifest: { type: 'string' }, pattern: { type: 'string' } }, ['studyDir', 'folder']);
  if (Boolean(values.manifest) === Boolean(values.pattern)) throw new UsageError('Give exactly one of --manifest <csv> or --pattern P');
  const { parseRecordingsManifest } = await import('../../core/setup/import');
  let mapping: Parameters<typeof importRecordings>[3];
  if (values.manifest) {
    const manifest = parseRecordingsManifest(await io.readFile(values.manifest));
    if (!manifest.ok) {
      printProblems(io, manifest.problems);
      return 1;
    }
    mapping = { kind: 'manifest', manifest: manifest.rows };
  } else {
    mapping = { kind: 'pattern', pattern: values.pattern! };
  }
  return withKey(io, positionals[0]!, async (study, keyring) => {
    const outcome = await importRecordings(study.db, keyring, positionals[1]!, mapping, cliActor(), progressLine(io, 'Checking recordings'));
    if (process.stderr.isTTY) io.stderr('\n');
    if (!outcome.ok) {
      printProblems(io, outcome.problems);
      return 1;
    }
    io.stdout(`Imported ${outcome.value.recordings} recordings; run "blindfold deidentify" next.\n`);
    return 0;
  });
}

/** `--picture 1280x720@25` (a uniform picture) or `--picture own` (each recording's own). */
export function parsePicture(value: string): UniformPicture | null {
  if (value === 'own') return null;
  const match = /^(\d{2,4})x(\d{2,4})@(\d{1,3}(?:\.\d+)?)$/.exec(value);
  const [width, height, fps] = match ? [Number(match[1]), Number(match[2]), Number(match[3])] : [0, 0, 0];
  const side = (n: number): boolean => n >= 64 && n <= 4096 && n % 2 === 0;
  if (!match || !side(width) || !side(height) || !(fps >= 1 && fps <= 120)) {
    throw new UsageError('--picture must be WIDTHxHEIGHT@FPS with an even width and height from 64 to 4096 and a frame rate from 1 to 120 (e.g. 1280x720@25), or "own"');
  }
  return { width, height, fps };
}

/** Warns when the pictures coders would see differ by timepoint or arm. */
async function warnAboutPictures(io: CliIo, study: Study, keyring: Keyring): Promise<void> {
  const check = await pictureCheck(study.db, keyring);
  if (check.tells.length === 0) return;
  io.stderr(`Warning: the clips' picture size or frame rate differs by ${check.tells.join(' and by ')}, so a coder could tell them apart:\n`);
  for (const [factor, groups] of [['timepoint', check.byTimepoint], ['arm', check.byArm]] as const) {
    if (!check.tells.includes(factor)) continue;
    for (const g of groups) io.stderr(`  ${factor} ${g.level}: ${Object.entries(g.counts).map(([p, n]) => `${p} ×${n}`).join('; ')}\n`);
  }
  const made = countClips(study.db, ['outcome', 'training']);
  if (!check.picture && made === 0) io.stderr('Make every clip alike with --picture WIDTHxHEIGHT@FPS (e.g. --picture 1280x720@25) before any clip is made.\n');
  else if (!check.picture) io.stderr(`${made} clip(s) are already made in their own pictures, so the setting can no longer change for this study.\n`);
}

export async function deidentifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { jobs: { type: 'string' }, picture: { type: 'string' } }, ['studyDir']);
  const jobs = values.jobs === undefined ? undefined : Number(values.jobs);
  if (jobs !== undefined && !(Number.isInteger(jobs) && jobs >= 1 && jobs <= 64)) throw new UsageError('--jobs must be a whole number from 1 to 64');
  const picture = values.picture === undefined ? undefined : parsePicture(values.picture);
  const progress = progressLine(io, 'De-identifying (%)');
  return withKey(io, positionals[0]!, async (study, keyring) => {
    if (picture !== undefined) setStudyPicture(study.db, picture, cliActor());
    await warnAboutPictures(io, study, keyring);
    const controller = new AbortController();
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    try {
      const outcome = await deidentifyPending(study.db, keyring, study.paths.blindedMedia, cliActor(), {
        ...(jobs ? { jobs } : {}),
        signal: controller.signal,
        onProgress: (e) => progress(Math.round(e.overall), 100),
      });
      if (process.stderr.isTTY) io.stderr('\n');
      for (const f of outcome.failed) io.stderr(`  ${f.code}: ${f.message}\n`);
      io.stdout(`${outcome.done} clip(s) de-identified${outcome.failed.length ? `, ${outcome.failed.length} failed` : ''}${outcome.cancelled ? ' (cancelled; run again to resume)' : ''}.\n`);
      return outcome.failed.length > 0 || outcome.cancelled ? 1 : 0;
    } finally {
      process.off('SIGINT', stop);
    }
  });
}

export async function assignCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { coders: { type: 'string' }, 'double-fraction': { type: 'string' }, seed: { type: 'string' } }, ['studyDir']);
  if (!values.coders) throw new UsageError('Name the coders with --coders a,b');
  const fraction = values['double-fraction'] === undefined ? 0.2 : Number(values['double-fraction']);
  if (!(fraction >= 0 && fraction <= 1)) throw new UsageError('--double-fraction must be a number from 0 to 1');
  return withKey(io, positionals[0]!, async (study, keyring) => {
    const outcome = assignClips(
      study.db,
      keyring,
      { coders: values.coders!.split(',').map((c) => c.trim()).filter(Boolean), doubleFraction: fraction, ...(values.seed ? { seed: values.seed } : {}) },
      cliActor(),
    );
    io.stdout(`Assignment round ${outcome.round}: ${outcome.clips} clips.\n`);
    for (const [coder, n] of Object.entries(outcome.perCoder)) io.stdout(`  ${coder}: ${n.primary + n.reliability} clips\n`);
    return 0;
  });
}

export async function sealCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {}, ['studyDir']);
  return withKey(io, positionals[0]!, async (study, keyring) => {
    const { commitment, clips } = sealStudy(study.db, keyring, cliActor());
    io.stdout(`Sealed the key of ${clips} clips.\nSHA-256 commitment: ${commitment}\nKeep this value with the trial's records; unblinding will show the same.\n`);
    return 0;
  });
}
