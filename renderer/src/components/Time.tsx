import { localTime } from '../time';

/** An ISO time as people read it (local, with the zone), keeping the exact UTC value in the markup. */
export function Time({ iso, seconds }: { iso: string; seconds?: boolean }) {
  return (
    <time dateTime={iso} title={`${iso} (UTC)`}>
      {localTime(iso, seconds === undefined ? {} : { seconds })}
    </time>
  );
}
