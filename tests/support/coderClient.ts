// A simulated coder at another site, over HTTPS to a real study server: logs in, opens clips,
// streams them with random seeks, saves drafts, submits and amends — every write with an idempotency
// key, resent with the same key until an answer arrives (the server may be down or killed), and a
// fresh login whenever the server has forgotten the session (a restart). What the server
// acknowledged is recorded, so a test can check afterwards that every acknowledged write is there
// exactly once and nothing was recorded twice.
import { randomUUID } from 'node:crypto';
import { apiCall, cookieOf, httpsRequest, type HttpAnswer } from './https';

export interface Acknowledged {
  readonly coder: string;
  readonly call: 'coding.submit' | 'coding.amend';
  readonly code: string;
  readonly reason: string | null;
  readonly ratingId: number;
}

export interface CoderStats {
  submitMs: number[];
  seekFirstByteMs: number[];
  mediaBytes: number;
  mediaMs: number;
  retries: number;
  logins: number;
}

export interface SimulatedCoder {
  readonly name: string;
  readonly password: string;
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CoderClient {
  private cookie = '';
  readonly acknowledged: Acknowledged[] = [];
  readonly stats: CoderStats = { submitMs: [], seekFirstByteMs: [], mediaBytes: 0, mediaMs: 0, retries: 0, logins: 0 };

  constructor(
    private readonly base: () => string,
    private readonly coder: SimulatedCoder,
    private readonly random: () => number = Math.random,
  ) {}

  /** Sends until the server answers (any Result); re-logs in when the session is gone. */
  private async call(name: string, input: unknown, key: string | null = null): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
    for (let attempt = 0; ; attempt++) {
      let answer: HttpAnswer;
      try {
        answer = await apiCall(this.base(), name, input, { cookie: this.cookie, headers: key ? { 'Idempotency-Key': key } : {} });
      } catch {
        this.stats.retries++;
        await pause(Math.min(1000, 50 * 2 ** Math.min(attempt, 5)));
        continue;
      }
      if (answer.status >= 500) {
        this.stats.retries++;
        await pause(100);
        continue;
      }
      const result = answer.json() as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
      if (!result.ok && result.error?.code === 'unauthenticated' && name !== 'auth.login') {
        await this.login();
        continue;
      }
      return result;
    }
  }

  async login(): Promise<void> {
    for (;;) {
      try {
        const answer = await apiCall(this.base(), 'auth.login', { name: this.coder.name, password: this.coder.password });
        if ((answer.json() as { ok: boolean }).ok) {
          this.cookie = cookieOf(answer);
          this.stats.logins++;
          return;
        }
        throw new Error(`login refused for ${this.coder.name}: ${answer.body.toString()}`);
      } catch (error) {
        if (error instanceof Error && error.message.startsWith('login refused')) throw error;
        this.stats.retries++;
        await pause(100);
      }
    }
  }

  private async seek(mediaUrl: string): Promise<void> {
    const size = 4096;
    const start = Math.floor(this.random() * 20_000);
    const t0 = performance.now();
    try {
      const answer = await httpsRequest(this.base(), mediaUrl, { headers: { Cookie: this.cookie, Range: `bytes=${start}-${start + 64 * 1024 - 1}` } });
      const ms = performance.now() - t0;
      if (answer.status === 206) {
        this.stats.seekFirstByteMs.push(ms);
        this.stats.mediaBytes += answer.body.length;
        this.stats.mediaMs += ms;
      }
    } catch {
      this.stats.retries++;
    }
    void size;
  }

  /** Codes the coder's queue: for each clip a few seeks, a draft, a submit; then `amends` amendments. */
  async work(options: { amends: number; seeks: number; stop?: () => boolean }): Promise<void> {
    await this.login();
    const queue = (await this.call('coding.queue', {})) as { ok: boolean; value: { items: { code: string; status: string }[] } };
    if (!queue.ok || queue.value.items.length === 0) throw new Error(`${this.coder.name} has no clips to code: ${JSON.stringify(queue)}`);
    const submitted: string[] = [];
    for (const item of queue.value.items) {
      if (options.stop?.()) return;
      const clip = (await this.call('coding.clip', { code: item.code })) as { ok: boolean; value?: { mediaUrl: string } };
      if (clip.ok && clip.value) for (let s = 0; s < options.seeks; s++) await this.seek(clip.value.mediaUrl);
      const scores = { sensitivity: 1 + Math.floor(this.random() * 13) / 2, non_intrusiveness: 1 + Math.floor(this.random() * 13) / 2 };
      await this.call('coding.saveDraft', { code: item.code, draft: { scores, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 5 }, randomUUID());
      if (item.status === 'submitted') {
        submitted.push(item.code);
        continue;
      }
      const t0 = performance.now();
      const result = await this.call('coding.submit', { code: item.code, rating: { scores, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 30 }, randomUUID());
      this.stats.submitMs.push(performance.now() - t0);
      if (result.ok) {
        this.acknowledged.push({ coder: this.coder.name, call: 'coding.submit', code: item.code, reason: null, ratingId: (result.value as { ratingId: number }).ratingId });
        submitted.push(item.code);
      } else if (!/already/i.test(result.error?.message ?? '')) {
        throw new Error(`submit refused for ${this.coder.name}: ${result.error?.message}`);
      }
    }
    for (let n = 0; n < options.amends && submitted.length > 0; n++) {
      if (options.stop?.()) return;
      const code = submitted[n % submitted.length]!;
      const reason = `amendment ${n} by ${this.coder.name} ${randomUUID().slice(0, 8)}`;
      const t0 = performance.now();
      const result = await this.call('coding.amend', { code, reason, rating: { scores: { sensitivity: 4, non_intrusiveness: 4 }, notes: {}, overallNote: '', unscorable: null }, secondsSpent: 3 }, randomUUID());
      this.stats.submitMs.push(performance.now() - t0);
      if (!result.ok) throw new Error(`amend refused for ${this.coder.name}: ${result.error?.message}`);
      this.acknowledged.push({ coder: this.coder.name, call: 'coding.amend', code, reason, ratingId: (result.value as { ratingId: number }).ratingId });
    }
  }
}
