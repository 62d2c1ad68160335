// Backups on a schedule while the app runs: every N hours, counted from the last backup recorded in
// the study (so a restart neither skips one that is due nor takes one that is not). Time comes from
// an injected clock so tests can drive it.
import path from 'node:path';
import type { Db } from '../../../db/open';
import { lastBackup, listBackups, type BackupRow } from '../../../db/repositories/backups';
import { getStudy, updateStudySettings } from '../../../db/repositories/study';
import { appendAudit } from '../audit/chain';
import type { BackupErrorView, BackupScheduleView } from '../../common/contract';
import { CoreError } from '../../common/result';
import type { Study } from '../study/study';
import { backupStudy, type BackupReceipt, type BackupRequest } from './take';

export interface Clock {
  now(): number;
  setTimeout(run: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (run, ms) => {
    const handle = setTimeout(run, ms);
    // A pending backup must not keep a CLI or a test process alive.
    handle.unref?.();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface SchedulerOptions {
  readonly everyMs: number;
  readonly run: () => Promise<unknown>;
  /** When the last backup finished (ms since epoch), if there was one. */
  readonly lastRunAt?: number;
  readonly clock?: Clock;
  /** The wait after a failed run before the next try. Default 15 minutes (or everyMs, if shorter). */
  readonly retryMs?: number;
  /** The least wait after start, so a due backup does not compete with opening the study. Default 1 minute. */
  readonly startDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

/** Runs `run` every `everyMs`; never two at once; a failure is reported and retried sooner. */
export class BackupScheduler {
  private timer: unknown;
  private running: Promise<void> | undefined;
  private stopped = true;
  private next: number | undefined;
  private lastRunAt: number | undefined;
  private readonly clock: Clock;

  constructor(private readonly options: SchedulerOptions) {
    if (!(options.everyMs > 0)) throw new RangeError('everyMs must be positive');
    this.clock = options.clock ?? systemClock;
    this.lastRunAt = options.lastRunAt;
  }

  /** When the next run is due; undefined while one runs or when stopped. */
  get nextRunAt(): number | undefined {
    return this.next;
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    const now = this.clock.now();
    const due = this.lastRunAt === undefined ? now : this.lastRunAt + this.options.everyMs;
    this.arm(Math.max(due, now + (this.options.startDelayMs ?? 60_000)));
  }

  /** Stops the schedule and waits for a run in flight, so the study can be closed after it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.disarm();
    await this.running;
  }

  private arm(at: number): void {
    this.disarm();
    if (this.stopped) return;
    this.next = at;
    this.timer = this.clock.setTimeout(() => void this.fire(), Math.max(0, at - this.clock.now()));
  }

  private disarm(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.next = undefined;
  }

  private async fire(): Promise<void> {
    this.timer = undefined;
    this.next = undefined;
    if (this.stopped || this.running) return;
    let failed = false;
    this.running = (async () => {
      try {
        await this.options.run();
        this.lastRunAt = this.clock.now();
      } catch (error) {
        failed = true;
        this.options.onError?.(error);
      }
    })();
    await this.running;
    this.running = undefined;
    const wait = failed ? Math.min(this.options.retryMs ?? 15 * 60_000, this.options.everyMs) : this.options.everyMs;
    this.arm(this.clock.now() + wait);
  }
}

export function backupSchedule(db: Db): BackupScheduleView | null {
  const stored = getStudy(db)?.settings['backup'] as Partial<BackupScheduleView> | null | undefined;
  if (!stored || typeof stored.folder !== 'string' || typeof stored.everyHours !== 'number') return null;
  return { folder: stored.folder, everyHours: stored.everyHours, includeMedia: stored.includeMedia === true, keep: stored.keep ?? null };
}

function checkSchedule(schedule: BackupScheduleView): BackupScheduleView {
  if (!path.isAbsolute(schedule.folder)) throw new CoreError('bad_input', 'Give the backup folder as a full path');
  if (!Number.isInteger(schedule.everyHours) || schedule.everyHours < 1 || schedule.everyHours > 168) {
    throw new CoreError('bad_input', 'Backups can run every 1 to 168 hours');
  }
  if (schedule.keep !== null && !(Number.isInteger(schedule.keep) && schedule.keep >= 1 && schedule.keep <= 10_000)) {
    throw new CoreError('bad_input', 'The number of backups to keep must be a whole number from 1 to 10000');
  }
  return schedule;
}

/**
 * A study's backups as main holds them: on demand, on the stored schedule, and the list. Create one
 * per open study, `start()` it, and `await stop()` before closing the study.
 */
export interface BackupStatus {
  readonly schedule: BackupScheduleView | null;
  /** ISO time of the next scheduled backup; null when none is scheduled or one is running. */
  readonly nextAt: string | null;
  readonly last: BackupRow | null;
  /** The last scheduled backup's failure, until a later one succeeds. */
  readonly lastError: BackupErrorView | null;
}

export class StudyBackups {
  private scheduler: BackupScheduler | undefined;
  private lastError: BackupStatus['lastError'] = null;

  constructor(
    private readonly study: Study,
    private readonly options: { readonly clock?: Clock; readonly onError?: (error: unknown) => void; readonly actor?: string } = {},
  ) {}

  /** Starts the stored schedule, if there is one. */
  start(): void {
    const schedule = backupSchedule(this.study.db);
    if (!schedule) return;
    const last = lastBackup(this.study.db);
    const clock = this.options.clock ?? systemClock;
    this.scheduler = new BackupScheduler({
      everyMs: schedule.everyHours * 3_600_000,
      clock,
      ...(last ? { lastRunAt: Date.parse(last.finishedAt) } : {}),
      onError: (error) => {
        this.lastError = { at: new Date(clock.now()).toISOString(), message: error instanceof Error ? error.message : String(error) };
        this.options.onError?.(error);
      },
      run: async () => {
        await backupStudy(this.study, this.options.actor ?? 'scheduler', {
          folder: schedule.folder,
          includeMedia: schedule.includeMedia,
          keep: schedule.keep,
          trigger: 'scheduled',
          now: () => new Date(clock.now()),
        });
        this.lastError = null;
      },
    });
    this.scheduler.start();
  }

  async stop(): Promise<void> {
    await this.scheduler?.stop();
    this.scheduler = undefined;
  }

  get nextRunAt(): number | undefined {
    return this.scheduler?.nextRunAt;
  }

  backupNow(actor: string, request: BackupRequest): Promise<BackupReceipt> {
    return backupStudy(this.study, actor, { trigger: 'manual', ...request });
  }

  schedule(): BackupScheduleView | null {
    return backupSchedule(this.study.db);
  }

  /** Stores (or with null, removes) the schedule and restarts it. */
  async setSchedule(actor: string, schedule: BackupScheduleView | null): Promise<BackupScheduleView | null> {
    const next = schedule ? checkSchedule(schedule) : null;
    this.study.db.transaction(() => {
      updateStudySettings(this.study.db, { backup: next });
      appendAudit(this.study.db, { actor, action: 'study.backup_schedule', detail: next ? { ...next } : { off: true } });
    })();
    await this.stop();
    this.start();
    return next;
  }

  /** What the manager's backup screen shows. */
  status(): BackupStatus {
    const next = this.nextRunAt;
    return {
      schedule: this.schedule(),
      nextAt: next === undefined ? null : new Date(next).toISOString(),
      last: lastBackup(this.study.db) ?? null,
      lastError: this.lastError,
    };
  }

  list(limit?: number): BackupRow[] {
    return listBackups(this.study.db, limit);
  }
}
