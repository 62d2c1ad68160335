import { useEffect, useState } from 'react';
import type { TaskProgressView } from '../../../electron/common/contract';
import { call } from '../api';

export interface FollowedTask {
  readonly progress: TaskProgressView;
  /** Since this window started following the task, for the time left. */
  readonly elapsedMs: number;
}

/** Polls the session's long-running set-up task while `active`; the contract has no push channel. */
export function useFollowedTask(active: boolean, of?: 'picture'): FollowedTask | null {
  const [followed, setFollowed] = useState<FollowedTask | null>(null);
  useEffect(() => {
    if (!active) return;
    let live = true;
    const started = Date.now();
    const tick = () =>
      call('setup.progress', of ? { of } : {}).then(
        (p) => live && setFollowed(p ? { progress: p, elapsedMs: Date.now() - started } : null),
        () => undefined,
      );
    void tick();
    const timer = setInterval(() => void tick(), 300);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [active, of]);
  return active ? followed : null;
}

/** The task's progress alone, for callers that need no time left. */
export function useTaskProgress(active: boolean): TaskProgressView | null {
  return useFollowedTask(active)?.progress ?? null;
}
