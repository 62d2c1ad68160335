// The backup schedule: driven by an injected clock — when the first run comes, the interval from
// the last recorded backup, no overlapping runs, a sooner retry after a failure — and a real
// scheduled backup of a study.
import { mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BackupScheduler, StudyBackups, type Clock } from '../../../electron/core/backup';
import { createStudy, type Study } from '../../../electron/core/study/study';
import { tempDir } from '../../support/tempStudy';

const HOUR = 3_600_000;
const MIN = 60_000;

class FakeClock implements Clock {
  t = Date.parse('2025-05-01T08:00:00Z');
  private readonly timers = new Map<number, { at: number; run: () => void }>();
  private id = 0;
  now(): number {
    return this.t;
  }
  setTimeout(run: () => void, ms: number): unknown {
    this.timers.set(++this.id, { at: this.t + ms, run });
    return this.id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get pending(): number {
    return this.timers.size;
  }
  /** Moves time forward, running each timer that falls due in order and letting its work settle. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].run();
      for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    }
    this.t = end;
  }
}

describe('BackupScheduler', () => {
  it('runs a minute after start when there has never been a backup, then every interval', async () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const scheduler = new BackupScheduler({ everyMs: 6 * HOUR, clock, run: async () => void runs.push(clock.now()) });
    const start = clock.now();
    scheduler.start();
    expect(scheduler.nextRunAt).toBe(start + MIN);
    await clock.advance(20 * HOUR);
    expect(runs.map((t) => (t - start) / MIN)).toEqual([1, 361, 721, 1081]);
    await scheduler.stop();
    expect(clock.pending).toBe(0);
  });

  it('counts from the last recorded backup, so a restart neither skips nor repeats one', async () => {
    const clock = new FakeClock();
    const runs: number[] = [];
    const start = clock.now();
    const recent = new BackupScheduler({ everyMs: 6 * HOUR, clock, lastRunAt: start - 2 * HOUR, run: async () => void runs.push(clock.now() - start) });
    recent.start();
    expect(recent.nextRunAt).toBe(start + 4 * HOUR);
    await recent.stop();
    const overdue = new BackupScheduler({ everyMs: 6 * HOUR, clock, lastRunAt: start - 30 * HOUR, run: async () => void runs.push(clock.now() - start) });
    overdue.start();
    expect(overdue.nextRunAt).toBe(start + MIN);
    await overdue.stop();
  });

  it('never runs twice at once, retries a failure sooner, and stop waits for a run in flight', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    let release: () => void = () => undefined;
    let calls = 0;
    const scheduler = new BackupScheduler({
      everyMs: HOUR,
      retryMs: 10 * MIN,
      startDelayMs: 0,
      clock,
      onError: (e) => errors.push(e),
      run: () => {
        calls++;
        if (calls === 1) return Promise.reject(new Error('drive not mounted'));
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    scheduler.start();
    await clock.advance(1);
    expect(calls).toBe(1);
    expect(errors).toEqual([new Error('drive not mounted')]);
    expect(scheduler.nextRunAt).toBe(clock.now() + 10 * MIN - 1);
    await clock.advance(10 * MIN);
    expect(calls).toBe(2);
    // The run hangs (a slow network drive): no timer is armed meanwhile, so no second run can start.
    expect(scheduler.nextRunAt).toBeUndefined();
    await clock.advance(5 * HOUR);
    expect(calls).toBe(2);
    let stopped = false;
    const stopping = scheduler.stop().then(() => (stopped = true));
    await new Promise((r) => setImmediate(r));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(clock.pending).toBe(0);
  });
});

describe('StudyBackups on a schedule', () => {
  let root: string;
  let cleanup: () => void;
  let study: Study;
  beforeAll(() => {
    ({ dir: root, cleanup } = tempDir('blindfold-schedule-'));
    study = createStudy(path.join(root, 'study'), 'Scheduled trial');
    mkdirSync(path.join(root, 'backups'));
  });
  afterAll(() => {
    study.close();
    cleanup();
  });

  it('stores the schedule (audited), takes backups when due, and keeps the newest', async () => {
    const clock = new FakeClock();
    const errors: unknown[] = [];
    const backups = new StudyBackups(study, { clock, onError: (e) => errors.push(e) });
    await expect(backups.setSchedule('mia', { folder: 'relative/path', everyHours: 6, includeMedia: false, keep: 2 })).rejects.toThrow(/full path/);
    await expect(backups.setSchedule('mia', { folder: path.join(root, 'backups'), everyHours: 0, includeMedia: false, keep: 2 })).rejects.toThrow(/1 to 168/);
    await backups.setSchedule('mia', { folder: path.join(root, 'backups'), everyHours: 6, includeMedia: false, keep: 2 });
    expect(backups.schedule()).toEqual({ folder: path.join(root, 'backups'), everyHours: 6, includeMedia: false, keep: 2 });
    expect(backups.nextRunAt).toBe(clock.now() + MIN);

    for (let i = 1; i <= 3; i++) {
      await clock.advance(i === 1 ? MIN : 6 * HOUR);
      await vi.waitFor(() => expect(backups.list()).toHaveLength(i), { timeout: 10_000 });
    }
    expect(errors).toEqual([]);
    const list = backups.list();
    expect(list.every((b) => b.trigger === 'scheduled' && b.actor === 'scheduler')).toBe(true);
    expect(list.map((b) => b.fileName)).toEqual([
      'Scheduled-trial_20250501T200100Z.sqlite',
      'Scheduled-trial_20250501T140100Z.sqlite',
      'Scheduled-trial_20250501T080100Z.sqlite',
    ]);
    expect(readdirSync(path.join(root, 'backups')).sort()).toEqual(list.slice(0, 2).map((b) => b.fileName).sort());

    expect(backups.status()).toMatchObject({ nextAt: '2025-05-02T02:01:00.000Z', last: { fileName: list[0]!.fileName }, lastError: null });

    await backups.setSchedule('mia', { folder: path.join(root, 'unplugged-drive'), everyHours: 1, includeMedia: false, keep: null });
    // Due an hour after the last backup, which the schedule reads back from the study.
    expect(backups.nextRunAt).toBe(Date.parse('2025-05-01T21:01:00Z'));
    await clock.advance(HOUR);
    await vi.waitFor(() => expect(errors).toHaveLength(1), { timeout: 10_000 });
    expect(backups.status().lastError).toMatchObject({ message: expect.stringMatching(/does not exist \(is the drive connected\?\)/) });

    await backups.setSchedule('mia', null);
    expect(backups.nextRunAt).toBeUndefined();
    const log = study.db.prepare("SELECT detail FROM audit_log WHERE action = 'study.backup_schedule' ORDER BY seq").all() as { detail: string }[];
    expect(log.map((r) => JSON.parse(r.detail) as unknown)).toEqual([
      { folder: path.join(root, 'backups'), everyHours: 6, includeMedia: false, keep: 2 },
      { folder: path.join(root, 'unplugged-drive'), everyHours: 1, includeMedia: false, keep: null },
      { off: true },
    ]);
  });
});
