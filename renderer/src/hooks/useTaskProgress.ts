import { useEffect, useState } from 'react';
import type { TaskProgressView } from '../../../electron/common/contract';
import { call } from '../api';

/** Polls the session's long-running set-up task while `active`; the contract has no push channel. */
export function useTaskProgress(active: boolean): TaskProgressView | null {
  const [progress, setProgress] = useState<TaskProgressView | null>(null);
  useEffect(() => {
    if (!active) return;
    let live = true;
    const tick = () =>
      call('setup.progress', {}).then(
        (p) => live && setProgress(p),
        () => undefined,
      );
    void tick();
    const timer = setInterval(() => void tick(), 300);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, [active]);
  return active ? progress : null;
}
