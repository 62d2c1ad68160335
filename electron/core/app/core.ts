// Core assembled for one open study: the context every handler sees, plus the media handler.
// Every transport (Electron's IPC, the study server's HTTPS) builds exactly this.
import type { Keyring } from '../blinding/sealedKey';
import type { CallName } from '../../common/contract';
import { accountPolicy, sessionLimits } from '../auth/policy';
import { auditSessionEnds } from '../auth/sessionAudit';
import { SessionStore } from '../auth/sessions';
import { StudyBackups } from '../backup';
import { createMediaHandler, type MediaHandler } from '../media/handler';
import { MediaTokens } from '../media/tokens';
import type { Result } from '../../common/result';
import { openStudy } from '../study/study';
import { dispatch, type CallOptions, type Logger } from './dispatch';
import type { CoreContext } from './handlers';
import { NO_HOST, type Host } from './host';
import { TaskBoard } from './tasks';

export interface CoreOptions {
  readonly studyDir: string;
  readonly mediaBaseUrl: string;
  readonly sessionIdleMs?: number;
  readonly log?: Logger;
  readonly host?: Host;
}

export interface Core {
  readonly context: CoreContext;
  invoke(sessionKey: string, name: CallName | string, input: unknown, options?: CallOptions): Promise<Result<unknown>>;
  readonly handleMedia: MediaHandler;
  endSession(sessionKey: string): void;
  /** Stops the backup schedule (waiting for a backup in progress) and closes the study. */
  close(): Promise<void>;
}

export function createCore(options: CoreOptions): Core {
  const study = openStudy(options.studyDir);
  const log = options.log ?? ((message: string, error?: unknown) => console.error(message, error));
  const sessions = new SessionStore({
    ...sessionLimits(accountPolicy(study.db)),
    ...(options.sessionIdleMs === undefined ? {} : { idleTimeoutMs: options.sessionIdleMs }),
  });
  auditSessionEnds(sessions, study.db);
  const backups = new StudyBackups(study, { onError: (e) => log('Scheduled backup failed', e) });
  backups.start();
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
    invoke: (sessionKey, name, input, callOptions) => dispatch(context, sessionKey, name, input, log, callOptions),
    handleMedia: createMediaHandler(mediaTokens),
    endSession: (key) => sessions.end(key),
    close: async () => {
      clearInterval(sweeper);
      await backups.stop();
      study.close();
    },
  };
}
