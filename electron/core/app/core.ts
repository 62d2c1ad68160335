// Core assembled for one open study: the context every handler sees, plus the media handler.
// Both transports (Electron's IPC and the e2e harness) build exactly this.
import type { Keyring } from '../blinding/sealedKey';
import type { CallName } from '../contract';
import { SessionStore } from '../auth/sessions';
import { createMediaHandler } from '../media/handler';
import { MediaTokens } from '../media/tokens';
import type { Result } from '../result';
import { openStudy } from '../study/study';
import { dispatch, type Logger } from './dispatch';
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
  invoke(sessionKey: string, name: CallName | string, input: unknown): Promise<Result<unknown>>;
  readonly handleMedia: (request: Request) => Promise<Response>;
  endSession(sessionKey: string): void;
  close(): void;
}

export function createCore(options: CoreOptions): Core {
  const study = openStudy(options.studyDir);
  const sessions = new SessionStore(options.sessionIdleMs === undefined ? {} : { idleTimeoutMs: options.sessionIdleMs });
  const mediaTokens = new MediaTokens(sessions);
  const keyrings = new Map<string, Keyring>();
  // An opened key lives no longer than the session that opened it.
  sessions.onEnd((session) => keyrings.delete(session.key));
  const context: CoreContext = {
    study,
    sessions,
    mediaTokens,
    mediaBaseUrl: options.mediaBaseUrl,
    host: options.host ?? NO_HOST,
    tasks: new TaskBoard(),
    keyrings,
  };
  return {
    context,
    invoke: (sessionKey, name, input) => dispatch(context, sessionKey, name, input, options.log),
    handleMedia: createMediaHandler(mediaTokens),
    endSession: (key) => sessions.end(key),
    close: () => study.close(),
  };
}
