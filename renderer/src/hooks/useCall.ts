import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallResult } from '../../../electron/common/contract';
import { call, messageOf } from '../api';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T };

/** Loads one contract call when its input changes; `reload` fetches again. */
export function useCall<N extends CallName>(name: N, input: CallInput<N>): [Loaded<CallResult<N>>, () => void] {
  const [generation, setGeneration] = useState(0);
  const key = `${name}\u0000${JSON.stringify(input)}\u0000${generation}`;
  const [loaded, setLoaded] = useState<{ key: string; value: Loaded<CallResult<N>> } | null>(null);
  useEffect(() => {
    let live = true;
    const parsedInput = JSON.parse(key.split('\u0000')[1] ?? '{}') as CallInput<N>;
    call(name, parsedInput).then(
      (value) => live && setLoaded({ key, value: { state: 'ready', value } }),
      (error: unknown) => live && setLoaded({ key, value: { state: 'error', message: messageOf(error) } }),
    );
    return () => {
      live = false;
    };
  }, [name, key]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  // While reloading the same call, keep showing what was loaded rather than flashing "loading".
  const sameCall = loaded !== null && loaded.key.slice(0, loaded.key.lastIndexOf('\u0000')) === key.slice(0, key.lastIndexOf('\u0000'));
  return [loaded && (loaded.key === key || sameCall) ? loaded.value : { state: 'loading' }, reload];
}
