// Sessions live in main's memory only, keyed by the transport's notion of "who is calling" (a
// window's webContents in Electron, a page in the e2e harness). Nothing about them is persisted.
import type { Role } from '../contract';

export interface Session {
  readonly key: string;
  readonly userId: number;
  readonly name: string;
  readonly role: Role;
  readonly startedAt: number;
  lastSeenAt: number;
}

export interface SessionStoreOptions {
  /** Idle time after which a session ends. */
  readonly idleTimeoutMs?: number;
  readonly now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private readonly idleTimeoutMs: number;
  private readonly now: () => number;
  private readonly endListeners: ((session: Session) => void)[] = [];

  constructor(options: SessionStoreOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60 * 1000;
    this.now = options.now ?? Date.now;
  }

  start(key: string, user: { id: number; name: string; role: Role }): Session {
    this.end(key);
    const t = this.now();
    const session: Session = { key, userId: user.id, name: user.name, role: user.role, startedAt: t, lastSeenAt: t };
    this.sessions.set(key, session);
    return session;
  }

  /** The live session for a caller, refreshing its idle timer; expired sessions are ended here. */
  touch(key: string): Session | undefined {
    const session = this.peek(key);
    if (session) session.lastSeenAt = this.now();
    return session;
  }

  /** The live session without refreshing it (used by media requests, which are not user activity). */
  peek(key: string): Session | undefined {
    const session = this.sessions.get(key);
    if (!session) return undefined;
    if (this.now() - session.lastSeenAt > this.idleTimeoutMs) {
      this.end(key);
      return undefined;
    }
    return session;
  }

  end(key: string): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    for (const listener of this.endListeners) listener(session);
  }

  onEnd(listener: (session: Session) => void): void {
    this.endListeners.push(listener);
  }
}
