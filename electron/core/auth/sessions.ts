// Sessions live in main's memory only, keyed by the transport's notion of "who is calling" (a
// window's webContents in Electron, a page in the e2e harness). Nothing about them is persisted.
//
// A session ends after `idleTimeoutMs` without a call, and in any case `maxAgeMs` after login (so a
// left-open laptop in a shared lab office does not stay logged in for days). Both are read from the
// study's account policy (./policy: sessionLimits) and can change while sessions run.
import type { Role } from '../../common/contract';

export interface Session {
  readonly key: string;
  readonly userId: number;
  readonly name: string;
  readonly role: Role;
  readonly startedAt: number;
  lastSeenAt: number;
}

/** Why a session ended: logout or a new login on the same key, a time-out, or an account change. */
export type SessionEndReason = 'ended' | 'replaced' | 'idle' | 'max_age' | 'account_changed';

export interface SessionLimits {
  /** Idle time after which a session ends. Default 30 minutes. */
  readonly idleTimeoutMs?: number;
  /** Time after login after which a session ends whatever its activity. Default 12 hours. */
  readonly maxAgeMs?: number;
}

export interface SessionStoreOptions extends SessionLimits {
  readonly now?: () => number;
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private idleTimeoutMs: number;
  private maxAgeMs: number;
  private readonly now: () => number;
  private readonly endListeners: ((session: Session, reason: SessionEndReason) => void)[] = [];

  constructor(options: SessionStoreOptions = {}) {
    this.idleTimeoutMs = options.idleTimeoutMs ?? 30 * 60 * 1000;
    this.maxAgeMs = options.maxAgeMs ?? 12 * 60 * 60 * 1000;
    // Read at each call (not captured once), so a test that moves the process's clock moves this one.
    this.now = options.now ?? (() => Date.now());
  }

  /** Changes the limits for running sessions too; a session already past a new limit ends on its next call. */
  setLimits(limits: SessionLimits): void {
    if (limits.idleTimeoutMs !== undefined) this.idleTimeoutMs = limits.idleTimeoutMs;
    if (limits.maxAgeMs !== undefined) this.maxAgeMs = limits.maxAgeMs;
  }

  limits(): Required<SessionLimits> {
    return { idleTimeoutMs: this.idleTimeoutMs, maxAgeMs: this.maxAgeMs };
  }

  start(key: string, user: { id: number; name: string; role: Role }): Session {
    this.end(key, 'replaced');
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
    const t = this.now();
    if (t - session.startedAt > this.maxAgeMs) {
      this.end(key, 'max_age');
      return undefined;
    }
    if (t - session.lastSeenAt > this.idleTimeoutMs) {
      this.end(key, 'idle');
      return undefined;
    }
    return session;
  }

  end(key: string, reason: SessionEndReason = 'ended'): void {
    const session = this.sessions.get(key);
    if (!session) return;
    this.sessions.delete(key);
    for (const listener of this.endListeners) listener(session, reason);
  }

  /**
   * Ends every session of a user (after a password reset or a role change) except, when given, the
   * caller's own (after changing one's own password); returns how many ended.
   */
  endUser(userId: number, reason: SessionEndReason = 'account_changed', exceptKey?: string): number {
    const keys = [...this.sessions.values()].filter((s) => s.userId === userId && s.key !== exceptKey).map((s) => s.key);
    for (const key of keys) this.end(key, reason);
    return keys.length;
  }

  /** Ends the sessions that have timed out, so their media links and keys go without waiting for a call. */
  sweep(): number {
    let ended = 0;
    for (const key of [...this.sessions.keys()]) if (!this.peek(key)) ended++;
    return ended;
  }

  onEnd(listener: (session: Session, reason: SessionEndReason) => void): void {
    this.endListeners.push(listener);
  }
}
