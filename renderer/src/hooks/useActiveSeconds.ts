import { useCallback, useEffect, useRef } from 'react';

/**
 * Seconds the coder has spent on this screen while the window was visible, on top of what was
 * recorded before. Read it with the returned function whenever saving.
 */
export function useActiveSeconds(initial: number): () => number {
  const total = useRef(initial);
  const since = useRef<number | null>(null);
  useEffect(() => {
    const start = () => {
      if (since.current === null && document.visibilityState === 'visible') since.current = performance.now();
    };
    const stop = () => {
      if (since.current !== null) total.current += (performance.now() - since.current) / 1000;
      since.current = null;
    };
    const onVisibility = () => (document.visibilityState === 'visible' ? start() : stop());
    start();
    document.addEventListener('visibilitychange', onVisibility);
    return () => {
      stop();
      document.removeEventListener('visibilitychange', onVisibility);
    };
  }, []);
  return useCallback(() => total.current + (since.current === null ? 0 : (performance.now() - since.current) / 1000), []);
}
