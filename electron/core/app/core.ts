// Core assembled for one open study: the context every handler sees, plus the media handler.
// Every face builds exactly this: Electron's IPC and the study server's HTTPS call `invoke` with
// their session keys; the command line calls `invokeAs` with a local identity (./identity.ts). All go
// through the one dispatch.
import type { Keyring } from '../blinding/sealedKey';
import type { CallName } from '../../common/contract';
import { accountPolicy, sessionLimits } from '../auth/policy';
import { auditSessionEnds } from '../auth/sessionAudit';
import { SessionStore } from '../auth/sessions';
import { StudyBackups } from '../backup';
import { createMediaHandler, type MediaHandler } from '../media/handler';
import { MediaTokens } from '../media/tokens';
import { fail, type Result } from '../../common/result';
import { openStudy } from '../study/study';
import { dispatch, type CallOptions, type Logger } from './dispatch';
import type { CoreContext } from './handlers';
import { NO_HOST, type Host } from './host';
import { localCaller, studyHolder, type LocalIdentity } from './identity';
import { TaskBoard } from './tasks';

export interface CoreOptions {
  readonly studyDir: string;
  /** The study's PostgreSQL database; without it the folder's own (study.sqlite or study.postgres.json). */
  readonly database?: string;
  readonly mediaBaseUrl: string;
  readonly sessionIdleMs?: number;
  readonly log?: Logger;
  readonly host?: Host;
  /** Run the stored backup schedule (default true); the command line, which runs for moments, does not. */
  readonly scheduledBackups?: boolean;
}

/** Keys of local identities: `invoke`, the transports' door, refuses them (./identity.ts). */
const LOCAL_KEY = /^local:/;

export interface Core {
  readonly context: CoreContext;
  /** A call from a transport, as the session key it knows its caller by. */
  invoke(sessionKey: string, name: CallName | string, input: unknown, options?: CallOptions): Promise<Result<unknown>>;
  /** A call from a local face (the command line), as an identity made below; the same dispatch. */
  invokeAs(identity: LocalIdentity, name: CallName | string, input: unknown): Promise<Result<unknown>>;
  /** A local caller with no session yet: log it in with `auth.login` through invokeAs. */
  localCaller(): LocalIdentity;
  /** The study holder: the manager role, audited as `actor` (see ./identity.ts for who may use it). */
  studyHolder(actor: string): LocalIdentity;
  /** Ends a local identity's session, opened keys and running task. */
  release(identity: LocalIdentity): void;
  readonly handleMedia: MediaHandler;
  endSession(sessionKey: string): void;
  /** Stops the backup schedule (waiting for a backup in progress) and closes the study. */
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const study = openStudy(options.studyDir, options.database ? { database: options.database } : {});
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  const sessions = new SessionStore({
    ...sessionLimits(accountPolicy(study.db)),
    ...(options.sessionIdleMs === undefined ? {} : { idleTimeoutMs: options.sessionIdleMs }),
  });
  auditSessionEnds(sessions, study.db);
  const backups = new StudyBackups(study, { onError: (e) => log('Scheduled backup failed', e) });
  if (options.scheduledBackups !== false) backups.start();
  // Ends timed-out sessions (and so their media links and opened keys) even when no call comes.
  const sweeper = setInterval(() => sessions.sweep(), 60_000);
  sweeper.unref();
  const mediaTokens = new MediaTokens(sessions);
  const keyrings = new Map<string, Keyring>();
  // An opened key lives no longer than the session that opened it.
  const tasks = new TaskBoard();
  sessions.onEnd((session) => {
    keyrings.delete(session.key);
    // A set-up task (e.g. de-identification) stops with the session that started it.
    tasks.cancel(session.key);
  });
  const context: CoreContext = {
    study,
    sessions,
    mediaTokens,
    mediaBaseUrl: options.mediaBaseUrl,
    host: options.host ?? NO_HOST,
    tasks,
    keyrings,
    backups,
  };
  return {
    context,
    invoke: async (sessionKey, name, input, callOptions) =>
      typeof sessionKey === 'string' && !LOCAL_KEY.test(sessionKey) ? dispatch(context, { sessionKey }, name, input, log, callOptions) : fail('unauthenticated', 'Please log in'),
    invokeAs: (identity, name, input) => dispatch(context, { identity }, name, input, log),
    localCaller,
    studyHolder,
    release: (identity) => {
      sessions.end(identity.key);
      keyrings.delete(identity.key);
      tasks.cancel(identity.key);
    },
    handleMedia: createMediaHandler(mediaTokens),
    endSession: (key) => sessions.end(key),
    close: async () => {
      clearInterval(sweeper);
      await backups.stop();
      study.close();
    },
  };
}
