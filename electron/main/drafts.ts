// A coder's drafts kept on this computer while the study server cannot be reached (client mode):
// nothing but the clip's code and the scores — no notes, no study data — encrypted with the
// operating system's key for this user (Electron's safeStorage), one file per user and clip in the
// user-data folder, sent to the server once it answers again and then deleted.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface Cipher {
  isEncryptionAvailable(): boolean;
  encryptString(text: string): Buffer;
  decryptString(data: Buffer): string;
}

export interface KeptDraft {
  readonly user: string;
  readonly code: string;
  readonly scores: Readonly<Record<string, number | null>>;
}

export class DraftVault {
  constructor(
    private readonly dir: string,
    private readonly cipher: Cipher,
    private readonly server: string,
  ) {}

  get available(): boolean {
    return this.cipher.isEncryptionAvailable();
  }

  private file(user: string, code: string): string {
    return path.join(this.dir, `${createHash('sha256').update(`${this.server}\n${user}\n${code}`).digest('hex').slice(0, 32)}.draft`);
  }

  put(draft: KeptDraft): void {
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    const file = this.file(draft.user, draft.code);
    writeFileSync(`${file}.tmp`, this.cipher.encryptString(JSON.stringify({ server: this.server, user: draft.user, code: draft.code, scores: draft.scores })), { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  remove(user: string, code: string): void {
    rmSync(this.file(user, code), { force: true });
  }

  /** This user's drafts for this server; files that cannot be read (another user, another key) are left alone. */
  of(user: string): KeptDraft[] {
    if (!existsSync(this.dir)) return [];
    const out: KeptDraft[] = [];
    for (const name of readdirSync(this.dir)) {
      if (!name.endsWith('.draft')) continue;
      try {
        const d = JSON.parse(this.cipher.decryptString(readFileSync(path.join(this.dir, name)))) as KeptDraft & { server: string };
        if (d.server === this.server && d.user === user) out.push({ user: d.user, code: d.code, scores: d.scores });
      } catch {
        /* not ours to read */
      }
    }
    return out;
  }
}
