import type { ReactNode } from 'react';
import type { Loaded } from '../hooks/useCall';

/** A page's data: busy while loading, the error with a way back, or the page itself. */
export function LoadedPage<T>({
  loaded,
  backLabel,
  onBack,
  children,
}: {
  loaded: Loaded<T>;
  backLabel: string;
  onBack: () => void;
  children: (value: T) => ReactNode;
}) {
  if (loaded.state === 'loading') return <main className="page" aria-busy="true" />;
  if (loaded.state === 'error') {
    return (
      <main className="page">
        <p role="alert" className="error">
          {loaded.message}
        </p>
        <button type="button" onClick={onBack}>
          {backLabel}
        </button>
      </main>
    );
  }
  return <>{children(loaded.value)}</>;
}
