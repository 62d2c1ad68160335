// Core assembled for one open study: the context every handler sees, plus the media handler.
// Both transports (Electron's IPC and the e2e harness) build exactly this.
import type { CallName } from '../contract';
import { SessionStore } from '../auth/sessions';
import { createMediaHandler } from '../media/handler';
import { MediaTokens } from '../media/tokens';
import type { Result } from '../result';
import { openStudy } from '../study/study';
import { dispatch, type Logger } from './dispatch';
import type { CoreContext } from './handlers';

export interface CoreOptions {
  readonly studyDir: string;
  readonly mediaBaseUrl: string;
  readonly sessionIdleMs?: number;
  readonly log?: Logger;
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
  const context: CoreContext = { study, sessions, mediaTokens, mediaBaseUrl: options.mediaBaseUrl };
  return {
    context,
    invoke: (sessionKey, name, input) => dispatch(context, sessionKey, name, input, options.log),
    handleMedia: createMediaHandler(mediaTokens),
    endSession: (key) => sessions.end(key),
    close: () => study.close(),
  };
}
