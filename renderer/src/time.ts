// One date format across the app: local time with its zone on screen ("2026-12-04 19:05 CET"),
// year-month-day first so no reader confuses 12/4 with 4/12. Exports and the audit log keep ISO
// 8601 in UTC; the markup keeps that exact value too (<time dateTime>, see components/Time.tsx).

const parts = (iso: string, withSeconds: boolean): Intl.DateTimeFormatPart[] =>
  new Intl.DateTimeFormat('en-GB', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    ...(withSeconds ? { second: '2-digit' } : {}),
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));

/** "2026-12-04 19:05 CET": local time with the zone. */
export function localTime(iso: string, options: { readonly seconds?: boolean } = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const p = Object.fromEntries(parts(iso, options.seconds === true).map((x) => [x.type, x.value]));
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}${options.seconds ? `:${p['second']}` : ''} ${p['timeZoneName']}`;
}

/** "2026-12-04": the local calendar day. */
export function localDate(iso: string): string {
  return localTime(iso).slice(0, 10);
}

/** Two times as one range: "2026-12-04 09:00–17:30 CET" within a day, else both in full. */
export function localRange(first: string, last: string): string {
  const a = localTime(first);
  const b = localTime(last);
  if (a.slice(0, 10) === b.slice(0, 10) && a.slice(17) === b.slice(17)) return `${a.slice(0, 16)}–${b.slice(11)}`;
  return `${a} to ${b}`;
}
