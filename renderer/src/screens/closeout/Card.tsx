import { localTime } from '../../time';
import type { ReactNode } from 'react';

/** One part of the close-out, as a card with its own heading. */
export function Card({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card closeout-card" aria-labelledby={`closeout-${id}`}>
      <h2 id={`closeout-${id}`}>{title}</h2>
      {children}
    </section>
  );
}

/** An ISO time as the manager reads it, keeping the exact UTC value in the markup. */
export function When({ iso }: { iso: string }) {
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {localTime(iso)}
    </time>
  );
}
