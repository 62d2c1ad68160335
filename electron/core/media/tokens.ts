// Capability tokens for media: 256 random bits, bound to one session and one de-identified file,
// expiring after a while. The renderer only ever sees the token inside a URL; the file's path stays
// in this map in main's memory.
import { randomBytes } from 'node:crypto';
import type { SessionStore } from '../auth/sessions';

interface Grant {
  readonly sessionKey: string;
  readonly userId: number;
  readonly file: string;
  readonly contentType: string;
  readonly expiresAt: number;
}

export interface ResolvedMedia {
  readonly file: string;
  readonly contentType: string;
}

export class MediaTokens {
  private readonly grants = new Map<string, Grant>();

  constructor(
    private readonly sessions: SessionStore,
    private readonly ttlMs = 4 * 60 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {
    sessions.onEnd((session) => this.revokeSession(session.key));
  }

  issue(grant: { sessionKey: string; userId: number; file: string; contentType: string }): string {
    const token = randomBytes(32).toString('base64url');
    this.grants.set(token, { ...grant, expiresAt: this.now() + this.ttlMs });
    return token;
  }

  /**
   * The file behind a token, if the token is known, unexpired, and its session is still that user's.
   * A transport that knows who is asking (the study server) passes the requester's session: a
   * token issued to any other session is then unknown.
   */
  resolve(token: string, requesterSessionKey?: string): ResolvedMedia | undefined {
    const grant = this.grants.get(token);
    if (!grant) return undefined;
    if (requesterSessionKey !== undefined && requesterSessionKey !== grant.sessionKey) return undefined;
    if (this.now() > grant.expiresAt) {
      this.grants.delete(token);
      return undefined;
    }
    const session = this.sessions.peek(grant.sessionKey);
    if (!session || session.userId !== grant.userId) return undefined;
    return { file: grant.file, contentType: grant.contentType };
  }

  revokeSession(sessionKey: string): void {
    for (const [token, grant] of this.grants) if (grant.sessionKey === sessionKey) this.grants.delete(token);
  }
}
