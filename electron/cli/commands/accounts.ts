// Accounts and backups from the command line: backup, restore, backup-schedule, set-password,
// set-passphrase, set-role, unlock-user. Whoever can run these can read the study folder anyway, so
// they act as the study holder (the manager role), audited as `cli:<operating-system user>`, through
// the app's accounts.* and backups.* entries. `restore` stays direct (cli/main.ts says why).
import path from 'node:path';
import { ROLES, type Role } from '../../common/contract';
import { restoreStudy } from '../../core/backup';
import { isPostgresBackup, restorePostgresStudy } from '../../core/backup/restorePostgres';
import { redactUrl } from '../../../db/postgres/open';
import { parse } from '../args';
import { asStudyHolder, cliActor } from '../face';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';

type Command = (args: string[], io: CliIo) => Promise<number>;

function wholeNumber(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} must be a whole number from ${min} to ${max}`);
  return n;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(1)} MB`;
}

export const backupCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { to: { type: 'string' }, media: { type: 'boolean' }, keep: { type: 'string' }, database: { type: 'string' } }, ['studyDir']);
  if (!values.to) throw new UsageError('Say where to put the backup with --to <folder>');
  const keep = wholeNumber(values.keep, '--keep', 1, 10_000);
  return asStudyHolder(
    io,
    positionals[0]!,
    async (face) => {
      const receipt = await face.call('backups.now', { folder: values.to!, includeMedia: values.media === true, keep: keep ?? null });
      io.stdout(`Backed up "${face.studyName}" to ${receipt.file}\n  ${megabytes(receipt.bytes)}, sha256 ${receipt.sha256}, ${receipt.auditEntries} audit entries verified\n`);
      if (receipt.file.endsWith('.pgdump')) io.stdout(`  pg_dump (custom format) of the study's PostgreSQL database; its receipt: ${receipt.file}.json\n`);
      if (receipt.media) {
        io.stdout(`  media: ${receipt.media.copied} copied, ${receipt.media.present} in ${receipt.media.folder}\n`);
        for (const code of receipt.media.problems) io.stderr(`  media of clip ${code} is missing or does not match its recorded hash\n`);
      }
      for (const file of receipt.pruned) io.stdout(`  removed the older backup ${file}\n`);
      return receipt.media && receipt.media.problems.length > 0 ? 1 : 0;
    },
    { database: values.database },
  );
};

export const restoreCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { media: { type: 'string' }, database: { type: 'string' } }, ['backupFile', 'studyDir']);
  const request = values.media ? { mediaFolder: values.media } : {};
  const onPostgres = await isPostgresBackup(positionals[0]!);
  if (onPostgres && !values.database) throw new UsageError('This is a PostgreSQL backup (pg_dump): give the empty database to restore it into with --database postgresql://user@host/database');
  if (!onPostgres && values.database) throw new UsageError('This is a SQLite backup: restore it into a folder without --database, then move it with move-to-postgres');
  const report = onPostgres
    ? await restorePostgresStudy(positionals[0]!, positionals[1]!, values.database!, cliActor(), request)
    : await restoreStudy(positionals[0]!, positionals[1]!, cliActor(), request);
  io.stdout(
    onPostgres
      ? `Restored "${report.name}" into ${redactUrl(values.database!)}, linked from ${report.studyDir} (study.postgres.json)\n  row counts match the backup's receipt, ${report.auditEntries} audit entries verified, ${report.clips} clips\n`
      : `Restored "${report.name}" into ${report.studyDir}\n  integrity check ok, ${report.auditEntries} audit entries verified, ${report.clips} clips\n`,
  );
  io.stdout(`  media: ${report.mediaCopied} of ${report.clips} copied and checked${report.mediaFolder ? ` from ${report.mediaFolder}` : ''}\n`);
  if (report.mediaMissing.length > 0) {
    io.stderr(
      `  ${report.mediaMissing.length} clip(s) have no media: ${report.mediaMissing.slice(0, 10).join(', ')}${report.mediaMissing.length > 10 ? ', …' : ''}\n` +
        '  Copy them into the new study\'s media folder (file names and hashes must match), or restore again with --media <folder>.\n',
    );
    return 1;
  }
  return 0;
};

export const backupScheduleCommand: Command = async (args, io) => {
  const { values, positionals } = parse(
    args,
    { to: { type: 'string' }, every: { type: 'string' }, media: { type: 'boolean' }, keep: { type: 'string' }, off: { type: 'boolean' } },
    ['studyDir'],
  );
  if (values.off) {
    if (values.to || values.every) throw new UsageError('--off takes no other options');
    return asStudyHolder(io, positionals[0]!, async (face) => {
      await face.call('backups.setSchedule', { schedule: null });
      io.stdout('Scheduled backups are off.\n');
      return 0;
    });
  }
  if (!values.to) throw new UsageError('Say where to put the backups with --to <folder>, or turn them off with --off');
  const everyHours = wholeNumber(values.every ?? '24', '--every', 1, 168)!;
  const keep = wholeNumber(values.keep, '--keep', 1, 10_000) ?? null;
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const schedule = await face.call('backups.setSchedule', { schedule: { folder: path.resolve(values.to!), everyHours, includeMedia: values.media === true, keep } });
    io.stdout(`Blindfold will back up "${face.studyName}" every ${everyHours} h to ${schedule!.folder} while it runs${schedule!.includeMedia ? ', with media' : ''}.\n`);
    return 0;
  });
};

export const setPasswordCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { name: { type: 'string' }, reason: { type: 'string' } }, ['studyDir']);
  if (!values.name) throw new UsageError('Say whose password to set with --name');
  const password = await secret(io, 'BLINDFOLD_PASSWORD', `New password for ${values.name}: `);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    await face.call('accounts.resetPassword', { name: values.name!, password, ...(values.reason === undefined ? {} : { reason: values.reason }) });
    io.stdout(`Set a new password for "${values.name!.trim()}" and lifted any lock-out.\n`);
    return 0;
  });
};

/** The new passphrase: BLINDFOLD_NEW_PASSPHRASE, or asked twice on a terminal. */
async function newPassphrase(io: CliIo): Promise<string> {
  const fromEnv = io.env['BLINDFOLD_NEW_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  if (!io.prompt) throw new UsageError('Set BLINDFOLD_NEW_PASSPHRASE in the environment or run this in a terminal to be asked for it');
  const first = await io.prompt('New unblinding passphrase: ');
  const again = await io.prompt('The new passphrase again: ');
  if (first !== again) throw new UsageError('The two entries of the new passphrase differ; nothing was changed');
  return first;
}

export const setPassphraseCommand: Command = async (args, io) => {
  const { positionals } = parse(args, {}, ['studyDir']);
  const current = await secret(io, 'BLINDFOLD_PASSPHRASE', 'Current unblinding passphrase: ');
  const next = await newPassphrase(io);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    await face.call('accounts.changePassphrase', { oldPassphrase: current, newPassphrase: next });
    io.stdout('Changed the unblinding passphrase. Sealed entries and the published commitment are unchanged.\n');
    return 0;
  });
};

export const setRoleCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { name: { type: 'string' }, role: { type: 'string' }, reason: { type: 'string' } }, ['studyDir']);
  if (!values.name) throw new UsageError('Say whose role to set with --name');
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const { changed } = await face.call('accounts.setRole', { name: values.name!, role: values.role as Role, ...(values.reason === undefined ? {} : { reason: values.reason }) });
    io.stdout(changed ? `"${values.name!.trim()}" is now ${values.role}.\n` : `"${values.name!.trim()}" already is ${values.role}.\n`);
    return 0;
  });
};

export const unlockUserCommand: Command = async (args, io) => {
  const { values, positionals } = parse(args, { name: { type: 'string' } }, ['studyDir']);
  if (!values.name) throw new UsageError('Say which name to unlock with --name');
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const { unlocked: cleared } = await face.call('accounts.unlock', { name: values.name! });
    io.stdout(cleared ? `Lifted the lock-out on "${values.name!.trim()}".\n` : `"${values.name!.trim()}" was not locked out.\n`);
    return 0;
  });
};

/** The commands with their usage lines, ready to merge into cli/main.ts's table. */
export const accountCommands: Readonly<Record<string, { run: Command; usage: string }>> = {
  backup: { run: backupCommand, usage: 'backup <studyDir> --to <folder> [--media] [--keep N] [--database postgresql://…]' },
  restore: { run: restoreCommand, usage: 'restore <backupFile> <studyDir> [--media <folder>] [--database postgresql://… (for a .pgdump: an empty database)]' },
  'backup-schedule': { run: backupScheduleCommand, usage: 'backup-schedule <studyDir> (--to <folder> [--every HOURS] [--media] [--keep N] | --off)' },
  'set-password': { run: setPasswordCommand, usage: 'set-password <studyDir> --name N [--reason R]' },
  'set-passphrase': { run: setPassphraseCommand, usage: 'set-passphrase <studyDir>' },
  'set-role': { run: setRoleCommand, usage: 'set-role <studyDir> --name N --role manager|reliability|auditor [--reason R]' },
  'unlock-user': { run: unlockUserCommand, usage: 'unlock-user <studyDir> --name N' },
};
