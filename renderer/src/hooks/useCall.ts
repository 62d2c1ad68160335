import { useCallback, useEffect, useState } from 'react';
import type { CallInput, CallName, CallResult } from '../../../electron/core/contract';
import { call, messageOf } from '../api';

export type Loaded<T> = { state: 'loading' } | { state: 'error'; message: string } | { state: 'ready'; value: T };

/** Loads one contract call when its input changes; `reload` fetches again. */
export function useCall<N extends CallName>(name: N, input: CallInput<N>): [Loaded<CallResult<N>>, () => void] {
  const [loaded, setLoaded] = useState<Loaded<CallResult<N>>>({ state: 'loading' });
  const [generation, setGeneration] = useState(0);
  const key = JSON.stringify(input);
  useEffect(() => {
    let live = true;
    setLoaded({ state: 'loading' });
    call(name, JSON.parse(key) as CallInput<N>).then(
      (value) => live && setLoaded({ state: 'ready', value }),
      (error: unknown) => live && setLoaded({ state: 'error', message: messageOf(error) }),
    );
    return () => {
      live = false;
    };
  }, [name, key, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return [loaded, reload];
}
