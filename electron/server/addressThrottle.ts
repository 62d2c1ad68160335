// Failed logins counted per client address, beside core's count per name (which persists in the
// study): one address trying many names is slowed down and then refused for a while. In memory: a
// restart forgets it, the per-name lock-out does not.
export interface AddressThrottleOptions {
  /** Failures allowed before the address waits. */
  readonly freeFailures?: number;
  /** The first wait; it doubles with each further failure. */
  readonly baseWaitMs?: number;
  readonly maxWaitMs?: number;
  /** Failures older than this are forgotten. */
  readonly forgetAfterMs?: number;
  readonly now?: () => number;
}

interface Entry {
  failures: number;
  last: number;
  until: number;
}

export class AddressThrottle {
  private readonly entries = new Map<string, Entry>();
  private readonly free: number;
  private readonly base: number;
  private readonly max: number;
  private readonly forget: number;
  private readonly now: () => number;

  constructor(options: AddressThrottleOptions = {}) {
    this.free = options.freeFailures ?? 10;
    this.base = options.baseWaitMs ?? 1_000;
    this.max = options.maxWaitMs ?? 15 * 60_000;
    this.forget = options.forgetAfterMs ?? 60 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** Milliseconds the address must still wait before it may try again; 0 when it may. */
  waitMs(address: string): number {
    const entry = this.fresh(address);
    return entry ? Math.max(0, entry.until - this.now()) : 0;
  }

  fail(address: string): void {
    const now = this.now();
    const entry = this.fresh(address) ?? { failures: 0, last: now, until: 0 };
    entry.failures += 1;
    entry.last = now;
    const over = entry.failures - this.free;
    entry.until = over > 0 ? now + Math.min(this.max, this.base * 2 ** (over - 1)) : 0;
    this.entries.set(address, entry);
    if (this.entries.size > 10_000) this.prune();
  }

  succeed(address: string): void {
    this.entries.delete(address);
  }

  private fresh(address: string): Entry | undefined {
    const entry = this.entries.get(address);
    if (entry && this.now() - entry.last > this.forget) {
      this.entries.delete(address);
      return undefined;
    }
    return entry;
  }

  private prune(): void {
    for (const address of [...this.entries.keys()]) this.fresh(address);
  }
}
