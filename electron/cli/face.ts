// The command line's way into a study: core assembled for the folder (core/app/core.ts) and every
// call through its one dispatch, exactly as the app makes it — the same role check, zod input and
// output, handler and error mapping. A command calls as one of two identities (core/app/identity.ts):
//
// - the study holder, for commands that by design need only the folder (and, where the sealed key
//   is read, the unblinding passphrase): the manager role, audited as `cli:<operating-system user>`;
// - a named user (`--as NAME`, `--manager NAME`) logged in with `auth.login` and BLINDFOLD_PASSWORD,
//   for commands that record someone's judgement: their role, their lock-out, their name in the log.
//
// A refused call becomes a thrown CoreError, which cli/main.ts prints as before (exit code 1).
import os from 'node:os';
import { contract, PUBLIC, type CallInput, type CallName, type CallResult } from '../common/contract';
import { CoreError } from '../common/result';
import { createCore, type Core } from '../core/app/core';
import type { Host } from '../core/app/host';
import type { LocalIdentity } from '../core/app/identity';
import { UsageError, type CliIo } from './io';
import { secret } from './secrets';

export const cliActor = (): string => `cli:${os.userInfo().username}`;

export interface Face {
  /** The study's name (for messages). */
  readonly studyName: string;
  /** One contract call; its error, if any, is thrown as a CoreError. */
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallResult<N>>;
}

/** A host for the command line: a "dialog" is answered by the path a flag gave, never by asking. */
export function answeringHost(answers: { readonly savePath?: string; readonly replace?: boolean }): Host {
  return {
    replacesFiles: answers.replace === true,
    choosePath: async () => null,
    chooseSavePath: async () => answers.savePath ?? null,
    renderPdf: async () => {
      throw new Error('Printing to PDF needs the desktop app');
    },
  };
}

/**
 * Reads a file the command names before core does, so a missing one is reported by its own name
 * and before any secret is asked (core's "That file could not be read" never carries a path).
 */
export async function readable(io: CliIo, file: string): Promise<string> {
  await io.readFile(file);
  return file;
}

interface FaceOptions {
  readonly host?: Host;
  /** The study's PostgreSQL database, for a folder not linked to it (serve's --database). */
  readonly database?: string | undefined;
}

async function withCore<T>(io: CliIo, dir: string, options: FaceOptions, run: (core: Core) => Promise<T>): Promise<T> {
  const core = createCore({
    studyDir: dir,
    mediaBaseUrl: 'blindfold-cli://none/',
    scheduledBackups: false,
    ...(options.host ? { host: options.host } : {}),
    ...(options.database ? { database: options.database } : {}),
    // A person at a terminal on the study's own machine: the cause is theirs to read.
    log: (message, error) => io.stderr(`${message}${error instanceof Error ? `: ${error.message}` : ''}\n`),
  });
  try {
    return await run(core);
  } finally {
    await core.close();
  }
}

function faceOf(core: Core, identity: LocalIdentity, refused: (name: CallName) => string | undefined): Face {
  return {
    studyName: core.context.study.name,
    call: async (name, input) => {
      const result = await core.invokeAs(identity, name, input);
      if (result.ok) return result.value as CallResult<typeof name>;
      if (result.error.code === 'forbidden') {
        const message = refused(name);
        if (message) throw new UsageError(message);
      }
      throw new CoreError(result.error.code, result.error.message);
    },
  };
}

/** Runs `run` as the study holder of the folder `dir`. */
export function asStudyHolder<T>(io: CliIo, dir: string, run: (face: Face) => Promise<T>, options: FaceOptions = {}): Promise<T> {
  return withCore(io, dir, options, async (core) => {
    const identity = core.studyHolder(cliActor());
    try {
      return await run(faceOf(core, identity, () => undefined));
    } finally {
      core.release(identity);
    }
  });
}

/** Runs `run` as the study holder with the sealed key opened (`setup.unlock`, BLINDFOLD_PASSPHRASE). */
export function withSetupKey<T>(io: CliIo, dir: string, run: (face: Face) => Promise<T>, options: FaceOptions = {}): Promise<T> {
  return asStudyHolder(
    io,
    dir,
    async (face) => {
      await face.call('setup.unlock', { passphrase: await secret(io, 'BLINDFOLD_PASSPHRASE', 'Unblinding passphrase: ') });
      return run(face);
    },
    options,
  );
}

/** The roles an entry allows, in words: "a reliability user". */
function rolesOf(name: CallName): string {
  const roles = contract[name].roles;
  return roles === PUBLIC ? 'any' : roles.join(' or ');
}

/**
 * Runs `run` as the user named by `flag` (`--as`), logged in through `auth.login` with their
 * password from BLINDFOLD_PASSWORD or a prompt (handed on for calls that check it again).
 */
export function asUser<T>(
  io: CliIo,
  dir: string,
  user: { readonly name: string | undefined; readonly flag: string; readonly for: CallName },
  run: (face: Face, password: string) => Promise<T>,
  options: FaceOptions = {},
): Promise<T> {
  const name = user.name;
  if (!name?.trim()) throw new UsageError(`Name the ${rolesOf(user.for)} user recording this with ${user.flag}`);
  return withCore(io, dir, options, async (core) => {
    const identity = core.localCaller();
    try {
      const password = await secret(io, 'BLINDFOLD_PASSWORD', `Password for ${name.trim()}: `);
      const login = await core.invokeAs(identity, 'auth.login', { name, password });
      if (!login.ok) throw new CoreError(login.error.code, login.error.message);
      const who = login.value as CallResult<'auth.login'>;
      // Dispatch refused the role; say it as the command line always has.
      return await run(
        faceOf(core, identity, (name) => `"${who.name}" is a ${who.role}; this needs a ${rolesOf(name)} user`),
        password,
      );
    } finally {
      core.release(identity);
    }
  });
}
