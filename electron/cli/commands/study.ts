// init, add-user, blinding-check, demo, status: setting a study up from the command line. add-user
// and blinding-check run the app's entries as the study holder; init, demo and status stay direct
// (cli/main.ts says why).
import { blindingExceptions } from '../../core/setup/blindingGuard';
import { verifyAuditChain } from '../../core/audit/chain';
import { createStudyKey, MIN_PASSPHRASE_LENGTH } from '../../core/blinding/sealedKey';
import { ROLES, type Role } from '../../common/contract';
import { createDemoStudy } from '../../core/app/demo';
import { createStudy, openStudy } from '../../core/study/study';
import { progressByCoder } from '../../../db/repositories/assignments';
import { listClips } from '../../../db/repositories/clips';
import { listUsers } from '../../../db/repositories/users';
import { parse } from '../args';
import { asStudyHolder } from '../face';
import { UsageError, type CliIo } from '../io';
import { secret } from '../secrets';

export async function initCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { name: { type: 'string' } }, ['studyDir']);
  if (!values.name?.trim()) throw new UsageError('Give the study a name with --name');
  const passphrase = await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase (keep it safe; it cannot be recovered): ');
  // Checked before anything is created, so a refused passphrase leaves no half-made study behind.
  if (passphrase.length < MIN_PASSPHRASE_LENGTH) throw new UsageError(`The unblinding passphrase needs at least ${MIN_PASSPHRASE_LENGTH} characters`);
  const study = createStudy(positionals[0]!, values.name, 'cli');
  try {
    await createStudyKey(study.db, passphrase);
    io.stdout(`Created study "${study.name}" in ${study.paths.dir}\n`);
  } finally {
    study.close();
  }
  return 0;
}

export async function addUserCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { name: { type: 'string' }, role: { type: 'string' } }, ['studyDir']);
  if (!values.name) throw new UsageError('Give the user a name with --name');
  if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);
  const password = await secret(io, 'BLINDFOLD_PASSWORD', `Password for ${values.name}: `);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const added = await face.call('setup.addUser', { name: values.name!, role: values.role as Role, password });
    io.stdout(`Added ${added.role} "${added.name}"\n`);
    return 0;
  });
}

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const { positionals } = parse(args, {}, ['studyDir']);
  const study = await createDemoStudy(positionals[0]!);
  io.stdout(`Created the demo study in ${study.paths.dir}\n`);
  study.close();
  return 0;
}

export async function statusCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { json: { type: 'boolean' } }, ['studyDir']);
  const study = openStudy(positionals[0]!);
  try {
    const chain = verifyAuditChain(study.db);
    const status = {
      name: study.name,
      users: listUsers(study.db).map((u) => ({ name: u.name, role: u.role })),
      clips: listClips(study.db).length,
      coders: progressByCoder(study.db),
      audit: chain.ok ? { ok: true, entries: chain.rows } : { ok: false, entries: chain.rows, problem: `entry ${chain.seq}: ${chain.problem}` },
      blindingExceptions: blindingExceptions(study.db),
    };
    if (values.json) {
      io.stdout(`${JSON.stringify(status, null, 2)}\n`);
    } else {
      io.stdout(`Study: ${status.name}\nClips: ${status.clips}\nUsers: ${status.users.map((u) => `${u.name} (${u.role})`).join(', ')}\n`);
      for (const c of status.coders) io.stdout(`  ${c.name}: ${c.done} of ${c.total} submitted\n`);
      for (const e of status.blindingExceptions) {
        io.stdout(`Blinding exception: the ${e.check} differs by ${e.tells.join(' and by ')}; accepted by ${e.recordedBy} on ${e.recordedAt}: "${e.reason}"\n`);
      }
      io.stdout(`Audit log: ${status.audit.ok ? `verified, ${status.audit.entries} entries` : `BROKEN — ${'problem' in status.audit ? status.audit.problem : ''}`}\n`);
    }
    return chain.ok ? 0 : 1;
  } finally {
    study.close();
  }
}

export async function blindingCheckCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, { on: { type: 'boolean' }, off: { type: 'boolean' }, timepoints: { type: 'string' } }, ['studyDir']);
  if (Boolean(values.on) === Boolean(values.off)) throw new UsageError('Give exactly one of --on or --off');
  const timepoints = (values.timepoints ?? '').split(',').map((t) => t.trim()).filter(Boolean);
  return asStudyHolder(io, positionals[0]!, async (face) => {
    const saved = await face.call('study.setBlindingCheck', {
      enabled: Boolean(values.on),
      timepoints: values.on ? timepoints : [...(await face.call('study.blindingCheck', {})).timepoints],
    });
    io.stdout(saved.enabled ? `Coders will guess arm and timepoint (${saved.timepoints.join(', ')}) after each submission.\n` : 'The blinding check is off.\n');
    return 0;
  });
}
