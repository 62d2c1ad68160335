// Long work (scans, de-identification) runs in the background of a call; the renderer follows it by
// polling `setup.progress`, so no channel beyond the contract is needed for progress bars.
import type { TaskProgressView } from '../../common/contract';

export class TaskBoard {
  private readonly tasks = new Map<string, TaskProgressView & { controller: AbortController }>();

  start(sessionKey: string, task: string): AbortSignal {
    const current = this.tasks.get(sessionKey);
    if (current && !current.finished) throw new Error(`"${current.task}" is still running`);
    const controller = new AbortController();
    this.tasks.set(sessionKey, { task, done: 0, total: 0, items: {}, finished: false, message: null, controller });
    return controller.signal;
  }

  update(sessionKey: string, patch: Partial<Omit<TaskProgressView, 'task'>>): void {
    const current = this.tasks.get(sessionKey);
    if (current) this.tasks.set(sessionKey, { ...current, ...patch, items: { ...current.items, ...(patch.items ?? {}) } });
  }

  finish(sessionKey: string, message: string | null): void {
    this.update(sessionKey, { finished: true, message });
  }

  get(sessionKey: string): TaskProgressView | null {
    const t = this.tasks.get(sessionKey);
    if (!t) return null;
    const { controller: _controller, ...progress } = t;
    return progress;
  }

  cancel(sessionKey: string): boolean {
    const t = this.tasks.get(sessionKey);
    if (!t || t.finished) return false;
    t.controller.abort();
    return true;
  }
}
